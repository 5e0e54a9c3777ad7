"""Every period: the shipped 2021-2025 and 2026-2030 sets, run end to end through the commands.

The figures of each appendix are computed here from the input file and the
official unit list alone, independently of NTM's selectors.
"""

import csv
import random
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from ntm.criteria.models import CriteriaSet, Criterion, Threshold
from ntm.criteria.services import CRITERIA_DIR, criteria_set_for_year

UNITS = Path(__file__).resolve().parents[2] / "src" / "ntm" / "data" / "units"

pytestmark = pytest.mark.django_db


def _communes(list_file: str, province: str) -> list[str]:
    with (UNITS / list_file).open(encoding="utf-8") as handle:
        return [
            r["code"]
            for r in csv.DictReader(handle)
            if r["province_code"] == province and r["type"] == "xã"
        ]


def _appendix(province: str, year: int) -> dict[str, list[str]]:
    out = StringIO()
    call_command(
        "report",
        "appendix",
        "--province",
        province,
        "--year",
        str(year),
        "--format",
        "csv",
        stdout=out,
    )
    rows = list(csv.reader(StringIO(out.getvalue())))
    header, body = rows[0], rows[1:]
    column = next(i for i, h in enumerate(header) if h.startswith(f"TH {year}"))
    keyed: dict[str, list[str]] = {}
    for row in body:
        key = row[0] or row[1]
        keyed[key] = [row[1], row[column]]
    keyed["_header"] = header
    return keyed


def test_the_shipped_sets_say_their_basis_period_level_and_kind():
    call_command("loadcriteria", stdout=StringIO())
    sets = {
        c.code: (c.legal_basis, c.period_start, c.period_end, c.level, c.kind)
        for c in CriteriaSet.objects.all()
    }
    assert sets["xa-ntm-2021-2025"] == (
        "Quyết định 318/QĐ-TTg ngày 08/3/2022",
        2021,
        2025,
        "xa",
        "standard",
    )
    assert sets["xa-ntm-nang-cao-2021-2025"][3:] == ("xa", "advanced")
    assert sets["xa-ntm-kieu-mau-2021-2025"][3:] == ("xa", "model")
    assert sets["xa-ntm-2026-2030"] == (
        "Quyết định 51/2025/QĐ-TTg ngày 29/12/2025",
        2026,
        2030,
        "xa",
        "standard",
    )
    new = CriteriaSet.objects.get(code="xa-ntm-2026-2030")
    assert new.criteria.count() == 10
    assert new.threshold_classification == "nhom_xa"
    assert [g["code"] for g in new.classes] == ["1", "2", "3"]
    # The annex was not retrieved: no indicator, no threshold, nothing computed as met.
    assert not Threshold.objects.filter(indicator__criterion__criteria_set=new).exists()
    assert not new.criteria.filter(indicators_complete=True).exists()


def test_a_value_no_source_gives_is_left_empty_and_marked_unverified():
    call_command("loadcriteria", stdout=StringIO())
    health = Threshold.objects.filter(
        indicator__criterion__criteria_set__code="xa-ntm-2021-2025", indicator__code="15.4"
    )
    by_region = {t.region.code if t.region else None: t for t in health}
    assert (by_region["TDMNPB"].value_number, by_region["TDMNPB"].verified) == (50, True)
    assert (by_region["DBSH"].value_number, by_region["DBSH"].verified) == (70, True)
    assert by_region["BTB"].value_number is None and not by_region["BTB"].verified
    assert by_region[None].value_number is None and not by_region[None].verified


def test_each_year_belongs_to_one_set_per_level_and_kind():
    call_command("loadcriteria", stdout=StringIO())
    assert criteria_set_for_year(year=2015).code == "xa-ntm-2016-2020"  # base year
    assert criteria_set_for_year(year=2020).code == "xa-ntm-2016-2020"
    assert criteria_set_for_year(year=2022).code == "xa-ntm-2021-2025"
    assert criteria_set_for_year(year=2025).code == "xa-ntm-2021-2025"
    assert criteria_set_for_year(year=2026).code == "xa-ntm-2026-2030"
    assert criteria_set_for_year(year=2022, kind="advanced").code == "xa-ntm-nang-cao-2021-2025"


def test_a_set_overlapping_another_of_its_level_and_kind_is_refused(tmp_path):
    call_command("loadcriteria", stdout=StringIO())
    doc = yaml.safe_load((CRITERIA_DIR / "xa-ntm-2026-2030.yaml").read_text(encoding="utf-8"))
    doc["set"].update(code="xa-ntm-draft", period_start=2025, period_end=2027)
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("loadcriteria", str(path), stdout=StringIO())
    assert "draft.yaml" in str(exc.value) and "xa-ntm-2021-2025" in str(exc.value)
    assert not CriteriaSet.objects.filter(code="xa-ntm-draft").exists()


def test_a_file_not_of_the_schema_is_refused_naming_the_key(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("set:\n  code: xa-x-2031-2035\n  name_vi: X\ncriteria:\n  - {number: 1}\n")
    with pytest.raises(CommandError, match=r"bad.yaml: thiếu khoá name_vi"):
        call_command("loadcriteria", str(path), stdout=StringIO())
    assert not CriteriaSet.objects.filter(code="xa-x-2031-2035").exists()


def test_2026_statuses_on_the_two_tier_map_give_a_ten_criterion_appendix(tmp_path):
    """The issue's check: the sets, one province's July 2025 list, 2026 statuses, the appendix."""
    call_command("loadcriteria", stdout=StringIO())
    call_command("loadunits", "--province", "4", "--list", "2025-10", stdout=StringIO())
    communes = _communes("vn-2025-10.csv", "4")
    rng = random.Random(2026)
    assessed = communes[: len(communes) - 7]  # a year in progress: some communes not assessed
    met: dict[str, dict[int, bool]] = {
        c: {k: rng.random() < 0.75 for k in range(1, 11)} for c in assessed
    }
    path = tmp_path / "statuses-2026.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("year,commune_code,criterion,met\n")
        for code, by_criterion in met.items():
            for number, ok in by_criterion.items():
                handle.write(f"2026,{code},{number},{int(ok)}\n")
    call_command("import", str(path), stdout=StringIO())

    table = _appendix("4", 2026)
    counts = Counter(sum(v.values()) for v in met.values())
    assert table["_header"][-2:] == ["TH 2026 (tạm tính)", "KH 2027"]
    assert table["Tổng số xã thực hiện Chương trình NTM"][1] == str(len(communes))
    assert table["2.1"] == ["Số xã đạt chuẩn (10 tiêu chí) NTM", str(counts[10])]
    for k in range(1, 10):  # 2.2 = nine criteria … 2.10 = one criterion
        assert table[f"2.{11 - k}"][1] == str(counts[k]), k
    assert "2.11" not in table and "3.11" not in table
    names = dict(
        Criterion.objects.filter(criteria_set__code="xa-ntm-2026-2030").values_list(
            "number", "short_name"
        )
    )
    for k in range(1, 11):
        label, figure = table[f"3.{k}"]
        assert label == f"Số xã đạt TC số {k} về {names[k]}"
        assert figure == str(sum(v[k] for v in met.values()))
    average = sum(sum(v.values()) for v in met.values()) / len(met)
    assert table["1"][1] == f"{average:.2f}"
    assert f"{len(assessed)}/{len(communes)} xã đã đánh giá" in table["ghi_chu"][0]
    assert "đã gửi tỉnh: 0, tỉnh đã thẩm định: 0" in table["ghi_chu"][0]
    assert "huyện" not in table["ghi_chu"][0]


def _completed_2021_2025(tmp_path: Path) -> Path:
    """The officer's completion of the 2021-2025 set: criterion 15 held whole (test data)."""
    doc = yaml.safe_load((CRITERIA_DIR / "xa-ntm-2021-2025.yaml").read_text(encoding="utf-8"))
    for crit in doc["criteria"]:
        if crit["number"] == 15:
            crit["indicators_complete"] = True
    path = tmp_path / "xa-ntm-2021-2025-hoan-thien.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_2022_under_qd_318_applies_each_region_and_the_rule_for_disadvantaged_communes(tmp_path):
    call_command("loadcriteria", stdout=StringIO())
    call_command("loadcriteria", str(_completed_2021_2025(tmp_path)), stdout=StringIO())
    for province in ("4", "30"):  # Cao Bằng (TDMNPB), Hải Dương (ĐBSH)
        call_command("loadunits", "--province", province, stdout=StringIO())
    ceilings = {"TDMNPB": (24, 50), "DBSH": (16.5, 70)}  # stunting ≤, e-health records ≥
    rng = random.Random(2022)
    communes = {p: _communes("vn-2019.csv", p)[:40] for p in ("4", "30")}
    poor = communes["30"][:5]  # extremely disadvantaged: the Northern thresholds apply
    classes = tmp_path / "phan-loai.csv"
    with classes.open("w", encoding="utf-8") as handle:
        handle.write("unit_code,classification,value,valid_from,valid_to,legal_basis\n")
        for code in poor:
            handle.write(f"{code},xa_dbkk,,01/01/2021,,Quyết định 861/QĐ-TTg ngày 04/6/2021\n")
    call_command("loadclassifications", str(classes), stdout=StringIO())

    values, statuses = tmp_path / "values-2022.csv", tmp_path / "statuses-2022.csv"
    met15: dict[str, dict[str, bool]] = {"4": {}, "30": {}}
    others: dict[str, dict[str, int]] = {"4": {}, "30": {}}
    with values.open("w", encoding="utf-8") as v, statuses.open("w", encoding="utf-8") as s:
        v.write("year,commune_code,indicator,value\n")
        s.write("year,commune_code,criterion,met\n")
        for province, codes in communes.items():
            for code in codes:
                stunting = rng.choice(["14", "16.5", "18", "23.9", "24", "26"])
                records = rng.choice(["45", "50", "69.9", "70", "85"])
                v.write(f"2022,{code},15.3,{stunting}\n2022,{code},15.4,{records}\n")
                region = "TDMNPB" if province == "4" or code in poor else "DBSH"
                ceiling, floor = ceilings[region]
                met15[province][code] = float(stunting) <= ceiling and float(records) >= floor
                mets = [rng.random() < 0.9 for _ in range(18)]
                others[province][code] = sum(mets)
                for number, ok in zip([n for n in range(1, 20) if n != 15], mets, strict=True):
                    s.write(f"2022,{code},{number},{int(ok)}\n")
    call_command("import", str(values), stdout=StringIO())
    call_command("import", str(statuses), stdout=StringIO())

    for province in ("4", "30"):
        table = _appendix(province, 2022)
        assert table["_header"][3] == "TH 2020"  # the base year of 2021-2025
        assert table["3.15"][1] == str(sum(met15[province].values())), province
        totals = {c: others[province][c] + met15[province][c] for c in communes[province]}
        assert table["2.1"][1] == str(sum(1 for t in totals.values() if t == 19))
        assert table["2.2"][1] == str(sum(1 for t in totals.values() if t == 18))
    # The poor communes of Hải Dương were judged on the Northern thresholds, and say so.
    from ntm.assessments.models import CriterionStatus

    status = CriterionStatus.objects.get(
        assessment__commune__code=poor[0], assessment__year=2022, criterion__number=15
    )
    label = status.explanation["indicators"][0]["threshold"]["scope_label"]
    assert label.startswith("vùng Trung du và miền núi phía Bắc (Xã đặc biệt khó khăn")
    assert "Quyết định 861/QĐ-TTg" in label


def test_the_base_year_of_2026_2030_is_2025_under_its_own_set_with_a_break_in_series(tmp_path):
    call_command("loadcriteria", stdout=StringIO())
    call_command("loadunits", "--province", "4", "--list", "2025-10", stdout=StringIO())
    communes = _communes("vn-2025-10.csv", "4")[:12]
    path = tmp_path / "statuses.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("year,commune_code,criterion,met\n")
        for i, code in enumerate(communes):
            for number in range(1, 20):  # 2025: the 19 criteria of QĐ 318
                handle.write(f"2025,{code},{number},{int(i < 5 or number != 19)}\n")
            for number in range(1, 11):  # 2026: the 10 criteria of QĐ 51/2025
                handle.write(f"2026,{code},{number},{int(i < 3 or number != 10)}\n")
    call_command("import", str(path), stdout=StringIO())

    table = _appendix("4", 2026)
    base = next(i for i, h in enumerate(table["_header"]) if h.startswith("TH 2025"))
    out = StringIO()
    call_command(
        "report", "appendix", "--province", "4", "--year", "2026", "--format", "csv", stdout=out
    )
    lines = list(csv.reader(StringIO(out.getvalue())))
    rows = {r[0] or r[1]: r for r in lines}
    notes = [r[1] for r in lines if r[0] == "ghi_chu"]
    assert rows["2.1"][base] == "5"  # communes meeting all 19 criteria of 2025
    assert table["2.1"][1] == "3"  # communes meeting all 10 criteria of 2026
    for key in ("1", "2.2", "2.10", "3.1", "3.10"):
        assert rows[key][base] == "", key  # 2025 counted 19 criteria: not comparable
    assert notes[0].startswith("Năm 2025 đánh giá theo bộ tiêu chí của giai đoạn trước")
    assert notes[1].startswith("Số liệu năm 2026 là số liệu tạm tính")


def test_a_commune_is_assessed_against_the_standard_and_the_advanced_set_in_one_year(tmp_path):
    from ntm.assessments.models import Assessment

    call_command("loadcriteria", stdout=StringIO())
    call_command("loadunits", "--province", "4", stdout=StringIO())
    communes = _communes("vn-2019.csv", "4")[:3]
    path = tmp_path / "statuses-2022.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("year,commune_code,criterion,met,criteria_set\n")
        for code in communes:
            for number in range(1, 20):
                handle.write(f"2022,{code},{number},1,\n")
        for number in range(1, 20):  # the first commune aims higher: the advanced set
            met = int(number != 17)
            handle.write(f"2022,{communes[0]},{number},{met},xa-ntm-nang-cao-2021-2025\n")
    out = StringIO()
    call_command("import", str(path), stdout=out)
    files = Assessment.objects.filter(commune__code=communes[0], year=2022)
    assert sorted((f.kind, f.criteria_set.code, f.criteria_met) for f in files) == [
        ("advanced", "xa-ntm-nang-cao-2021-2025", 18),
        ("standard", "xa-ntm-2021-2025", 19),
    ]
    table = _appendix("4", 2022)  # the appendix counts the standard files only
    assert table["2.1"][1] == "3"
    assert table["3.17"][1] == "3"

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "year,commune_code,criterion,met,criteria_set\n"
        f"2022,{communes[1]},1,1,xa-ntm-nang-cao-2016\n"
        f"2019,{communes[1]},1,1,xa-ntm-nang-cao-2021-2025\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        call_command("import", str(bad), stdout=StringIO())
    message = str(exc.value)
    assert "bad.csv:2:criteria_set: không có bộ tiêu chí mã “xa-ntm-nang-cao-2016”" in message
    assert "bad.csv:3:criteria_set:" in message and "2019" in message


def test_the_dashboard_counts_the_advanced_files_beside_the_standard(tmp_path, client):
    from django.contrib.auth.models import User
    from django.urls import reverse

    from ntm.accounts.services import profile_set
    from ntm.units.models import AdminUnit

    call_command("loadcriteria", stdout=StringIO())
    call_command("loadunits", "--province", "4", stdout=StringIO())
    communes = _communes("vn-2019.csv", "4")[:2]
    path = tmp_path / "statuses.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("year,commune_code,criterion,met,criteria_set\n")
        for code in communes:
            for number in range(1, 20):
                handle.write(f"2022,{code},{number},1,\n")
                handle.write(f"2022,{code},{number},1,xa-ntm-nang-cao-2021-2025\n")
    call_command("import", str(path), stdout=StringIO())
    user = User.objects.create_user("tinh")
    profile_set(user=user, role="province", unit=AdminUnit.objects.get(level=1, code="4"))
    client.force_login(user)
    html = client.get(reverse("analytics:dashboard") + "?year=2022").content.decode()
    row = html.split("Xã nông thôn mới nâng cao, kiểu mẫu năm 2022", 1)[1].split("</tr>", 2)[1]
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert cells == ["0", "0", "2", "2"]  # decisions in force, of the year, files, files met
