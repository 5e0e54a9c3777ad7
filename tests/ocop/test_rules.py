"""The OCOP rules (ocop.rules, pure): which sheet, the star bands, the levels, certificates.

Facts from reference/ocop/README.md: QĐ 1048/2019 A 35, B 25, C 40; QĐ 148/2023
A 40, B 25, C 35; bands 1★ < 30, 2★ 30 to < 50, 3★ 50 to < 70, 4★ 70 to < 90, 5★ ≥ 90.
"""

import datetime
from decimal import Decimal as D

import pytest

from ntm.ocop import rules

Q1048 = rules.sheet_by_code("qd-1048-2019")
Q148 = rules.sheet_by_code("qd-148-2023")


def test_a_round_of_2022_uses_qd_1048_and_one_of_2024_qd_148():
    assert rules.sheet_for(rules.year_date(2022)) is Q1048
    assert rules.sheet_for(rules.year_date(2024)) is Q148
    assert rules.sheet_for(datetime.date(2023, 2, 23)) is Q1048
    assert rules.sheet_for(datetime.date(2023, 2, 24)) is Q148


def test_the_sheets_have_the_parts_of_their_decisions():
    assert (Q1048.max_a, Q1048.max_b, Q1048.max_c) == (35, 25, 40)
    assert (Q148.max_a, Q148.max_b, Q148.max_c) == (40, 25, 35)
    assert all("README" in s.source for s in rules.SHEETS)


# (a, b, c) summing to the total under each sheet's maxima.
BOUNDARIES = [
    (D("29.99"), 1),
    (D("30"), 2),
    (D("49.99"), 2),
    (D("50"), 3),
    (D("69.99"), 3),
    (D("70"), 4),
    (D("89.99"), 4),
    (D("90"), 5),
    (D("100"), 5),
    (D("0"), 1),
]


def _parts(sheet: rules.ScoreSheet, total: D) -> tuple[D, D, D]:
    """Split ``total`` into parts within the sheet's maxima (A first, then B, then C)."""
    a = min(total, sheet.max_a)
    b = min(total - a, sheet.max_b)
    return a, b, total - a - b


@pytest.mark.parametrize("sheet", [Q1048, Q148], ids=lambda s: s.code)
@pytest.mark.parametrize(("total", "stars"), BOUNDARIES, ids=lambda v: str(v))
def test_the_stars_follow_the_bands_on_their_boundaries(sheet, total, stars):
    result = rules.stars_for(sheet, *_parts(sheet, total))
    assert (result.stars, result.total) == (stars, total)


def test_a_part_above_its_sheets_maximum_is_refused_and_names_the_part():
    with pytest.raises(rules.ScoreError) as info:
        rules.stars_for(Q148, D("36"), D("25"), D("36"))
    assert info.value.part == "c"
    # the same 36 points of part C are fine under QĐ 1048 (40 points)
    assert rules.stars_for(Q1048, D("35"), D("25"), D("36")).stars == 5


def test_a_negative_score_is_refused():
    with pytest.raises(rules.ScoreError, match="âm"):
        rules.stars_for(Q148, D("-1"), D("25"), D("35"))


def test_a_failed_mandatory_criterion_caps_the_product_at_two_stars():
    result = rules.stars_for(Q148, D("40"), D("25"), D("35"), mandatory_failed=True)
    assert (result.stars, result.capped) == (2, True)
    assert rules.stars_for(Q148, D("20"), D("5"), D("5"), mandatory_failed=True).stars == 2


def test_no_sheet_ships_mandatory_criteria_that_the_readme_did_not_give():
    assert all(s.mandatory == () for s in rules.SHEETS)


def test_before_the_reform_the_district_rates_three_stars_and_after_it_the_province():
    before, after = datetime.date(2024, 12, 31), datetime.date(2025, 12, 31)
    assert [rules.level_for(s, before) for s in (3, 4, 5)] == ["huyen", "tinh", "trung_uong"]
    assert [rules.level_for(s, after) for s in (3, 4, 5)] == ["tinh", "tinh", "trung_uong"]
    assert rules.levels_in_force(after) == ["tinh", "trung_uong"]


def test_a_certificate_is_valid_36_months():
    assert rules.valid_until(datetime.date(2022, 3, 15)) == datetime.date(2025, 3, 15)
    assert rules.valid_until(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)


ISSUED = datetime.date(2022, 3, 15)  # valid until 15/03/2025


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (datetime.date(2022, 3, 15), rules.VALID),
        (datetime.date(2024, 12, 14), rules.VALID),  # 91 days left
        (datetime.date(2024, 12, 15), rules.EXPIRING_90),  # 90 days left
        (datetime.date(2025, 2, 12), rules.EXPIRING_90),  # 31 days left
        (datetime.date(2025, 2, 13), rules.EXPIRING_30),  # 30 days left
        (datetime.date(2025, 3, 15), rules.EXPIRING_30),  # the last day
        (datetime.date(2025, 3, 16), rules.EXPIRED),
    ],
)
def test_a_certificates_state_on_a_date(on, state):
    assert rules.certificate_state(issued_on=ISSUED, on=on) == state


def test_a_revoked_certificate_is_revoked_from_the_day_of_revocation():
    revoked = datetime.date(2023, 6, 1)
    assert (
        rules.certificate_state(issued_on=ISSUED, on=datetime.date(2023, 5, 31), revoked_on=revoked)
        == rules.VALID
    )
    assert (
        rules.certificate_state(issued_on=ISSUED, on=revoked, revoked_on=revoked) == rules.REVOKED
    )
