"""The report's closing texts (ReportText ``noi_nhan``, ``chu_ky``) move to DocumentSetting.

Each unit's latest year becomes the unit's own setting (year left empty); an earlier
year whose texts differ keeps them as that year's setting. The signature text's last
line was the signer's name, the lines before it the authority and title. The texts
are then removed: the report reads them from the setting only.
"""

from django.db import migrations

KEYS = ("noi_nhan", "chu_ky")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def forwards(apps, schema_editor):
    ReportText = apps.get_model("reports", "ReportText")
    DocumentSetting = apps.get_model("reports", "DocumentSetting")
    by_unit: dict[int, dict[int, dict[str, str]]] = {}
    for row in ReportText.objects.filter(section__in=KEYS).order_by("unit_id", "year"):
        by_unit.setdefault(row.unit_id, {}).setdefault(row.year, {})[row.section] = row.text
    for unit_id, years in by_unit.items():
        latest = max(years)
        for year, texts in years.items():
            if year != latest and texts == years[latest]:
                continue
            signature = _lines(texts.get("chu_ky", ""))
            DocumentSetting.objects.update_or_create(
                unit_id=unit_id,
                year=None if year == latest else year,
                defaults={
                    "recipients": "\n".join(_lines(texts.get("noi_nhan", ""))),
                    "signature": "\n".join(signature[:-1]),
                    "signer": signature[-1] if signature else "",
                },
            )
    ReportText.objects.filter(section__in=KEYS).delete()


def backwards(apps, schema_editor):
    ReportText = apps.get_model("reports", "ReportText")
    DocumentSetting = apps.get_model("reports", "DocumentSetting")
    for s in DocumentSetting.objects.all():
        year = s.year
        if year is None:
            years = set(ReportText.objects.filter(unit_id=s.unit_id).values_list("year", flat=True))
            if not years:
                continue
            year = max(years)
        if s.recipients:
            ReportText.objects.update_or_create(
                unit_id=s.unit_id, year=year, section="noi_nhan", defaults={"text": s.recipients}
            )
        signature = "\n".join(line for line in (s.signature, s.signer) if line)
        if signature:
            ReportText.objects.update_or_create(
                unit_id=s.unit_id, year=year, section="chu_ky", defaults={"text": signature}
            )


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_document_setting_reference_figure")]

    operations = [migrations.RunPython(forwards, backwards)]
