"""One look-up of a unit by its official code, for every command, page and import."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from ntm.core.errors import ApplicationError
from ntm.units.models import AdminUnit
from ntm.units.selectors import code_normal, unit_by_code, version_for_year
from ntm.units.services import units_load


@pytest.mark.parametrize(
    ("given", "stored"), [("04", "4"), ("4", "4"), (" 004 ", "4"), (1267, "1267")]
)
def test_codes_are_read_with_or_without_leading_zeros(given, stored):
    assert code_normal(given) == stored


@pytest.mark.parametrize("given", ["", "4a", "-4", "4.0", "Cao Bằng"])
def test_anything_else_is_refused_naming_it(given):
    with pytest.raises(ApplicationError, match="không hợp lệ"):
        code_normal(given)


def _version(pk: int, start: str | None, end: str | None) -> AdminUnit:
    unit = AdminUnit(code="1", name=f"v{pk}", level=3, kind="xa")
    unit.pk = pk
    unit.valid_from = datetime.date.fromisoformat(start) if start else None
    unit.valid_to = datetime.date.fromisoformat(end) if end else None
    return unit


def test_a_year_belongs_to_the_version_in_force_at_its_end():
    old, new = _version(1, None, "2020-02-11"), _version(2, "2020-02-11", None)
    assert version_for_year([old, new], 2019) is old
    assert version_for_year([old, new], 2020) is new
    assert version_for_year([old, new], 2020, prefer=[1]) is old


def test_a_unit_that_ended_during_the_year_keeps_that_year():
    ended = _version(1, None, "2025-07-01")
    assert version_for_year([ended], 2025) is ended
    assert version_for_year([ended], 2026) is None


@pytest.mark.django_db
def test_unit_by_code_takes_leading_zeros_and_says_when_nothing_is_loaded():
    with pytest.raises(ApplicationError, match="chưa nạp danh mục"):
        unit_by_code(code="04", year=2019, level=1)
    units_load(province_code="4")
    assert unit_by_code(code="04", year=2019, level=1).name == "Cao Bằng"
    with pytest.raises(ApplicationError, match="Không có tỉnh mã 99"):
        unit_by_code(code="99", year=2019, level=1)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["04", "4"])
def test_every_command_takes_a_province_code_with_leading_zeros(code, criteria_2016, tmp_path):
    units_load(province_code="4")
    out = StringIO()
    call_command("report", "appendix", "--province", code, "--year", "2019", stdout=out)
    assert "Tổng số xã thực hiện Chương trình NTM" in out.getvalue()
    call_command(
        "export", "--province", code, "--years", "2019", "-o", str(tmp_path), stdout=StringIO()
    )
    book = tmp_path / "b.xlsx"
    call_command(
        "workbook", "--province", code, "--year", "2019", "-o", str(book), stdout=StringIO()
    )
    assert book.stat().st_size > 0


def test_a_unit_is_named_by_the_word_of_its_kind() -> None:
    from ntm.units.names import unit_label, unit_title

    assert unit_title("thanh_pho", "Cao Bằng") == "Thành phố Cao Bằng"
    assert unit_title("thanh_pho_tw", "Hà Nội") == "Thành phố Hà Nội"
    assert unit_label("dac_khu", "Phú Quốc") == "đặc khu Phú Quốc"
    assert unit_title("thon", "Bản Nà Pò") == "Bản Nà Pò"


def test_a_search_ignores_case_diacritics_and_spacing() -> None:
    from ntm.units.names import search_key

    assert search_key("  SÓC   Hà ") == search_key("soc ha") == "soc ha"
    assert search_key("Đại Sơn") == "dai son"
    assert search_key("Hoà An") == search_key("Hòa An") == "hoa an"
