"""The demo set: a province's units, the criteria sets and the demo data files in ``data/demo/``.

What the demo contains is described by ``data/demo/manifest.yaml``; nothing of
it is written in code. The commune-level data were generated from a province's
published report (``python -m tools.demogen``, docs/demo-data.md) and are loaded
the way an office would load them: interchange files through the importer
(``interchange.services.files_import``), the files appraised, recognition
decisions through ``recognition_record``, the plan's communes through
``target_commune_add``, the report's texts through ``report_text_set``, its
setting and reference figures through ``document_setting_save``. Every
step skips what is already there, so loading twice changes nothing.
"""

import csv
import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from ntm.accounts.services import profile_set
from ntm.assessments.models import Assessment, Recognition, Transition
from ntm.assessments.services.evaluation import criteria_set_reload
from ntm.assessments.services.recognition import recognition_record
from ntm.criteria.services import criteria_files, crosswalk_files, crosswalk_load
from ntm.demo.national import national_demo_load
from ntm.interchange.services import files_import
from ntm.plans.models import TargetCommune
from ntm.plans.services import target_commune_add
from ntm.reports.services import document_setting_save, report_text_set
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_by_code
from ntm.units.services import units_load

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"

#: The steps a file appraised before the system was used went through (QĐ 2540/QĐ-TTg).
_HISTORY = (
    (Assessment.State.DRAFT, Assessment.State.SUBMITTED, "submit"),
    (Assessment.State.SUBMITTED, Assessment.State.REVIEWED, "review"),
    (Assessment.State.REVIEWED, Assessment.State.APPRAISED, "appraise"),
)


def demo_manifest() -> dict[str, Any]:
    return yaml.safe_load((DEMO_DIR / "manifest.yaml").read_text(encoding="utf-8"))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _unit(level: int, code: str, year: int) -> AdminUnit:
    return unit_by_code(code=code, year=year, level=level)


def demo_accounts_load(
    manifest: dict[str, Any], year: int, accounts: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The demo accounts (superuser and officers with their units), created if missing.

    ``accounts`` defaults to the manifest's; one without ``unit_code`` (a central officer)
    has no unit. An existing account keeps its password; its role and unit are set again.
    """
    spec = manifest["accounts"]
    user_model = get_user_model()
    users: dict[str, Any] = {}
    for acc in spec["users"] if accounts is None else accounts:
        user = user_model.objects.filter(username=acc["username"]).first()
        if user is None:
            user = user_model(
                username=acc["username"],
                first_name=acc.get("first_name", ""),
                last_name=acc.get("last_name", ""),
                is_superuser=bool(acc.get("superuser")),
                is_staff=bool(acc.get("superuser")),
            )
            user.set_password(spec["password"])
            user.save()
        if acc.get("role"):
            unit = (
                _unit(int(acc["level"]), acc["unit_code"], year) if acc.get("unit_code") else None
            )
            profile_set(user=user, role=acc["role"], unit=unit)
        users[acc["username"]] = user
    return users


@transaction.atomic
def demo_files_appraise(*, province: AdminUnit, years: list[int], reason: str) -> int:
    """Move the province's draft files of ``years`` to "appraised" (locked), with their history.

    These are files the province appraised before NTM was used: the steps are
    recorded as transitions (no officer, the reason says so) in bulk, not taken
    one by one through the workflow's checks, which would add nothing here.
    """
    ids = list(
        Assessment.objects.standard()
        .filter(
            commune__path__startswith=province.path,
            year__in=years,
            state=Assessment.State.DRAFT,
        )
        .values_list("pk", flat=True)
    )
    Transition.objects.bulk_create(
        [
            Transition(
                assessment_id=pk,
                from_state=old,
                to_state=new,
                action=action,
                user=None,
                reason=reason,
            )
            for pk in ids
            for old, new, action in _HISTORY
        ],
        batch_size=2000,
    )
    Assessment.objects.filter(pk__in=ids).update(state=Assessment.State.APPRAISED, locked=True)
    return len(ids)


def demo_load() -> Iterator[str]:
    """Load the demo idempotently, yielding one line per step."""
    manifest = demo_manifest()
    code = str(manifest["province_code"])
    summary = units_load(list_name=str(manifest.get("unit_list", "2019")), province_code=code)
    yield f"Đơn vị hành chính: tạo mới {summary.created}, giữ nguyên {summary.kept}."
    for path in criteria_files():
        cset = criteria_set_reload(path=path)
        yield f"Bộ tiêu chí {cset.code}: {cset.criteria.count()} tiêu chí."
    for path in crosswalk_files():
        links = crosswalk_load(path=path)
        yield f"Tương ứng tiêu chí {links.old.code} → {links.new.code}."
    if not manifest.get("folder"):
        return
    folder = DEMO_DIR / manifest["folder"]
    texts = yaml.safe_load((folder / manifest["texts"]).read_text(encoding="utf-8"))
    year = int(texts["year"])
    province = _unit(AdminUnit.Level.PROVINCE, code, year)

    users = demo_accounts_load(manifest, year)
    yield f"Tài khoản mẫu: {', '.join(users)} (mật khẩu {manifest['accounts']['password']})."
    officer = users[manifest["officer"]]

    result = files_import(
        paths=[folder / name for name in manifest["import"]],
        reason="Nạp dữ liệu mẫu",
    )
    yield from result.lines()

    appraised = demo_files_appraise(
        province=province,
        years=[int(y) for y in manifest.get("appraised_years", [])],
        reason="Dữ liệu mẫu: hồ sơ đã được tỉnh thẩm định trước khi dùng hệ thống",
    )
    yield f"Hồ sơ đánh giá chuyển sang đã thẩm định: {appraised}."

    created = 0
    for row in _read_csv(folder / manifest["recognitions"]):
        commune = _unit(AdminUnit.Level.COMMUNE, row["commune_code"], int(row["year"]))
        if Recognition.objects.filter(
            commune=commune, title=row["title"], year=int(row["year"])
        ).exists():
            continue
        recognition_record(
            commune=commune,
            year=int(row["year"]),
            title=row["title"],
            number=row["number"],
            date=datetime.date.fromisoformat(row["date"]),
            issuer=row["issuer"],
            user=officer,
        )
        created += 1
    yield f"Quyết định công nhận: tạo mới {created}."

    created = 0
    for row in _read_csv(folder / manifest["target_communes"]):
        plan_year = int(row["year"])
        unit = _unit(AdminUnit.Level.PROVINCE, row["province_code"], plan_year)
        commune = _unit(AdminUnit.Level.COMMUNE, row["commune_code"], plan_year)
        if TargetCommune.objects.filter(unit=unit, year=plan_year, commune=commune).exists():
            continue
        target_commune_add(unit=unit, year=plan_year, commune=commune, user=officer)
        created += 1
    yield f"Xã phấn đấu đạt chuẩn trong kế hoạch: tạo mới {created}."

    text_unit = _unit(AdminUnit.Level.PROVINCE, str(texts["province_code"]), year)
    for section, text in texts["sections"].items():
        report_text_set(unit=text_unit, year=year, section=section, text=text, user=officer)
    yield f"Nội dung báo cáo năm {year}: {len(texts['sections'])} mục."

    if manifest.get("document"):
        yield demo_document_load(folder / manifest["document"], year=year, user=officer)


def demo_document_load(path: Path, *, year: int, user: Any) -> str:
    """The office's setting of its report and its reference figures (``document.yaml``)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    unit = _unit(AdminUnit.Level.PROVINCE, str(doc["province_code"]), year)
    by_year: dict[int, dict[str, dict[str, Any] | None]] = {}
    for ref in doc.get("references", []):
        fields = {k: ref.get(k, "") for k in ("value", "unit_label", "subject", "source", "note")}
        by_year.setdefault(int(ref["year"]), {})[str(ref["key"])] = fields
    with transaction.atomic():
        for ref_year, references in (by_year or {year: {}}).items():
            document_setting_save(
                unit=unit,
                values=dict(doc.get("setting") or {}),
                references=references,
                reference_year=ref_year,
                user=user,
            )
    count = sum(len(r) for r in by_year.values())
    return f"Thể thức báo cáo của {unit}; số liệu tham chiếu: {count}."


def demo_national_load(
    *, seed: int | None = None, province_codes: list[str] | None = None
) -> Iterator[str]:
    """The national demo (``manifest.yaml``, ``national``): every province's units of the
    list, the criteria sets, a central officer's account, and seeded figures for every
    commune of the year (``demo.national``). Communes that already have a file that year
    keep it. ``province_codes`` limits it to some provinces (a quicker try)."""
    manifest = demo_manifest()
    spec = manifest["national"]
    year = int(spec["year"])
    list_name = str(spec.get("unit_list", "2019"))
    for code in province_codes or [None]:
        summary = units_load(list_name=list_name, province_code=code)
        yield (
            f"Đơn vị hành chính {'cả nước' if code is None else f'tỉnh mã {code}'}: "
            f"tạo mới {summary.created}, giữ nguyên {summary.kept}."
        )
    for path in criteria_files():
        cset = criteria_set_reload(path=path)
        yield f"Bộ tiêu chí {cset.code}: {cset.criteria.count()} tiêu chí."
    users = demo_accounts_load(manifest, year, spec["users"])
    yield f"Tài khoản mẫu: {', '.join(users)} (mật khẩu {manifest['accounts']['password']})."
    yield from national_demo_load(
        year=year,
        seed=int(spec["seed"] if seed is None else seed),
        province_codes=province_codes,
    )
