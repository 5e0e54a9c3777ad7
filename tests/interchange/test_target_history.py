"""A target's history reads the same whether the plans page or an import wrote it."""

from django.contrib.auth import get_user_model

from ntm.accounts.services import profile_set
from ntm.interchange.records import Source
from ntm.interchange.services import sources_import
from ntm.plans.selectors import plan_history
from ntm.plans.services import target_set

from .conftest import csv_text

TARGETS = "year,province_code,row_id,value"


def _history(unit, year: int) -> list[tuple]:
    """The plans page's history of ``year``, the year itself written YEAR."""

    def same(text: str) -> str:
        return text.replace(str(year), "YEAR")

    return [
        (
            e.action,
            same(e.what),
            [(c.field, same(c.before), same(c.after)) for c in e.changes],
            e.who,
        )
        for e in plan_history(unit=unit, year=year)
    ]


def test_a_target_saved_on_the_plans_page_and_one_imported_have_the_same_history(province):
    user = get_user_model().objects.create_user(username="tinh", password="x")
    profile_set(user=user, role="province", unit=province)
    for value in ("28", "30"):
        target_set(unit=province, year=2019, row_id="2.1", value=value, user=user)
        data = csv_text(TARGETS, [f"2020,{province.code},2.1,{value}"]).encode()
        sources_import(sources=[Source("t.csv", data)], user=user)
    web, imported = _history(province, 2019), _history(province, 2020)
    assert web == imported
    (_, what, changes, who), (_, created_what, created, _) = web
    assert what == created_what == f"{province.name} YEAR [2.1]"
    assert who == "tinh"
    assert changes == [("chỉ tiêu", "28", "30")]
    # Created: every field of plans.services.TARGET_FIELDS, from nothing (PostgreSQL's JSON
    # keeps its own key order, so the fields are compared as a mapping).
    assert {field: (before, after) for field, before, after in created} == {
        "đơn vị": ("–", str(province.pk)),
        "năm kế hoạch": ("–", "YEAR"),
        "dòng của biểu": ("–", "2.1"),
        "chỉ tiêu": ("–", "28"),
    }
