"""The rows of the appendix table (biểu chi tiết) and the rules a plan's target obeys: the one
catalogue every page, import, plan and report uses (pure; no Django).

The table is the one attached to the provinces' yearly reports, derived from
the criteria set in force, never from a fixed count. With N criteria:

* ``tong_so_xa``: communes in the programme (printed without a number);
* ``1``: average number of criteria met per commune (bình quân tiêu chí/xã);
* ``2``: a heading, "Mức độ đạt chuẩn của các xã";
* ``2.1``: communes meeting the standard (all N criteria), with the sub-row
  ``2.1.qd`` "of which recognised by a decision" (printed without a number);
* ``2.1.nc``, ``2.1.km``: communes holding the advanced (nâng cao) and the model
  (kiểu mẫu) title by a decision in force (printed without a number, and only
  in a table where some column counts one: the official table is unchanged
  for a unit without such communes); no plan sets them yet (not targetable);
* ``2.k``: communes meeting exactly N − k + 1 criteria, k = 2 … N;
* ``3``: the average again, from the per-criterion counts;
* ``3.n``: communes meeting criterion number n.

Labels are Vietnamese templates with their parameters, so that a page can
translate the template (``gettext``) and the report prints the Vietnamese.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

TOTAL_ROW = "tong_so_xa"  # "Tổng số xã thực hiện Chương trình NTM"
RECOGNISED_ROW = "2.1.qd"  # "Trong đó số xã đã có QĐ công nhận đạt chuẩn NTM"
#: The rows of the higher titles and the title each counts (``Recognition.Title`` values).
TITLE_ROWS = {"2.1.nc": "nang_cao", "2.1.km": "kieu_mau"}
TARGET_PLACES = 2  # plans.Target.value has 2 decimal places
TARGET_MAX = Decimal(10) ** 10  # and 12 digits in all

RowKind = Literal["count", "average", "heading", "flag"]


def gettext_noop(text: str) -> str:
    """Marks a label template for translation (collected by ``makemessages``); returns it as is."""
    return text


@dataclass(frozen=True)
class Row:
    """One row of the appendix table.

    ``number`` is what the table prints in its first column ("" for the two
    unnumbered rows); ``key`` identifies the row (a target's ``row_id``).
    ``criteria_met`` is set for the rows 2.1 … 2.N (communes meeting exactly
    that many criteria, or all of them for 2.1), ``criterion`` for 3.n,
    ``title`` for the rows of communes holding a higher title.
    """

    number: str
    key: str
    template: str
    params: dict[str, object] = field(default_factory=dict)
    kind: RowKind = "count"
    unit: str = "xã"
    bold: bool = False
    italic: bool = False
    criteria_met: int | None = None
    criterion: int | None = None
    title: str | None = None

    @property
    def label(self) -> str:
        """The Vietnamese label, as the report prints it."""
        return self.template % self.params if self.params else self.template

    @property
    def row_id(self) -> str:
        """The id a target of this row carries (``plans.Target.row_id``)."""
        return self.key

    @property
    def targetable(self) -> bool:
        """Whether a plan can set a target for the row (every row but the heading and the
        higher titles' rows, which the plans do not set yet)."""
        return self.kind != "heading" and self.title is None


@dataclass(frozen=True)
class CriterionName:
    """A criterion as the table names it: its number and short name."""

    number: int
    short_name: str


def appendix_rows(criteria: Sequence[CriterionName]) -> list[Row]:
    """Every row of the table for a set with ``criteria``, in printed order."""
    n = len(criteria)
    rows = [
        Row("", TOTAL_ROW, gettext_noop("Tổng số xã thực hiện Chương trình NTM"), bold=True),
        Row(
            "1",
            "1",
            gettext_noop("Bình quân số tiêu chí đạt chuẩn/xã"),
            kind="average",
            bold=True,
        ),
        Row(
            "2",
            "2",
            gettext_noop("Mức độ đạt chuẩn của các xã"),
            kind="heading",
            unit="",
            bold=True,
        ),
        Row(
            "2.1",
            "2.1",
            gettext_noop("Số xã đạt chuẩn (%(n)s tiêu chí) NTM"),
            {"n": n},
            criteria_met=n,
        ),
        Row(
            "",
            RECOGNISED_ROW,
            gettext_noop("Trong đó số xã đã có QĐ công nhận đạt chuẩn NTM"),
            italic=True,
        ),
        Row(
            "",
            "2.1.nc",
            gettext_noop("Số xã đã có QĐ công nhận đạt chuẩn NTM nâng cao"),
            italic=True,
            title=TITLE_ROWS["2.1.nc"],
        ),
        Row(
            "",
            "2.1.km",
            gettext_noop("Số xã đã có QĐ công nhận đạt chuẩn NTM kiểu mẫu"),
            italic=True,
            title=TITLE_ROWS["2.1.km"],
        ),
    ]
    for k in range(2, n + 1):
        met = n - k + 1
        rows.append(
            Row(
                f"2.{k}",
                f"2.{k}",
                gettext_noop("Số xã đạt %(m)s tiêu chí"),
                {"m": f"{met:02d}"},
                criteria_met=met,
            )
        )
    rows.append(
        Row(
            "3",
            "3",
            gettext_noop("Kết quả đạt chuẩn theo từng tiêu chí"),
            kind="average",
            unit="",
            bold=True,
        )
    )
    for c in criteria:
        rows.append(
            Row(
                f"3.{c.number}",
                f"3.{c.number}",
                gettext_noop("Số xã đạt TC số %(n)s về %(s)s"),
                {"n": c.number, "s": c.short_name},
                criterion=c.number,
            )
        )
    return rows


#: The plan's OCOP targets (not rows of the appendix): the products reaching 3 stars or more in
#: the year's round ("Cấp tỉnh chuẩn hóa 5 - 10 sản phẩm … đạt 03 sao"), and the districts with
#: at least one product holding a certificate at the year's end ("Mỗi huyện … ít nhất 01 sản
#: phẩm OCOP"). The dashboard and the report read them beside the registry's figures.
OCOP_ROWS = (
    Row(
        "",
        "ocop.3sao",
        gettext_noop("Số sản phẩm OCOP đạt từ 3 sao trở lên trong năm"),
        unit="sản phẩm",
    ),
    Row(
        "",
        "ocop.huyen",
        gettext_noop("Số huyện có sản phẩm OCOP còn hiệu lực"),
        unit="huyện",
    ),
)


#: The plan's targets that are neither appendix rows nor OCOP figures, as the provinces' plans
#: state them in part III.1 of the report (Cao Bằng's 2020 plan as the model). A target may be
#: a range (``value`` the low bound, ``high`` the high bound: "từ 1-1,5 tiêu chí"), carry a note
#: (the plan's reference, "Danh sách các thôn theo Kế hoạch số …") and be set for a district by
#: the province's plan (the districts' own rows sum to the province's sentence).
#:
#: * ``duoi10.giam``: communes below 10 criteria fewer by the year's end ("Giảm 11 xã đạt dưới
#:   10 tiêu chí"); on the province and on each district named ("mỗi huyện 01-02 xã gồm …");
#: * ``1.tang``: the average criteria per commune higher than last year by (a range allowed);
#: * ``nc.phan_dau``: communes striving for the advanced title (0: the plan names the aim
#:   without a count, "phấn đấu đạt xã nông thôn mới nâng cao");
#: * ``thon.bien_gioi``: villages of the border communes in special difficulty to reach the
#:   village standard (note: the plan listing them);
#: * ``huyen.hoan_thanh``: 1 on a district (or city) that is to complete the programme's task;
#: * ``ocop.huyen.min``: district-level OCOP products (2 stars) each district is to certify at
#:   least ("Mỗi huyện, thành phố … ít nhất 01 sản phẩm OCOP cấp huyện").
PLAN_ROWS = (
    Row("", "duoi10.giam", gettext_noop("Số xã đạt dưới 10 tiêu chí giảm trong năm")),
    Row(
        "",
        "1.tang",
        gettext_noop("Số tiêu chí bình quân/xã tăng thêm so với năm trước"),
        kind="average",
    ),
    Row("", "nc.phan_dau", gettext_noop("Số xã phấn đấu đạt chuẩn NTM nâng cao")),
    Row(
        "",
        "thon.bien_gioi",
        gettext_noop("Số thôn của xã đặc biệt khó khăn khu vực biên giới phấn đấu đạt chuẩn NTM"),
        unit="thôn",
    ),
    Row(
        "",
        "huyen.hoan_thanh",
        gettext_noop("Huyện phấn đấu hoàn thành nhiệm vụ xây dựng NTM (1: có)"),
        kind="flag",
        unit="huyện",
    ),
    Row(
        "",
        "ocop.huyen.min",
        gettext_noop("Số sản phẩm OCOP cấp huyện (02 sao) tối thiểu mỗi huyện công nhận"),
        unit="sản phẩm",
    ),
)


def target_rows(criteria: Sequence[CriterionName]) -> list[Row]:
    """The rows a plan can set a target for, in printed order: the appendix's, OCOP's, then the
    plan's other targets (``PLAN_ROWS``)."""
    return [r for r in appendix_rows(criteria) if r.targetable] + list(OCOP_ROWS) + list(PLAN_ROWS)


def target_row_ids(criteria_count: int) -> tuple[str, ...]:
    """The ids of the targetable rows of a set of ``criteria_count`` criteria, in printed order."""
    names = [CriterionName(i, "") for i in range(1, criteria_count + 1)]
    return tuple(r.key for r in target_rows(names))


def row_order(row_id: str) -> tuple[int, ...]:
    """A key that sorts row ids as the table prints them (for ids of any set)."""
    order = {rid: i for i, rid in enumerate(target_row_ids(100))}
    return (order.get(row_id, len(order)),)


@dataclass(frozen=True)
class Problem:
    """Why a target is refused: a Vietnamese template and its parameters (pages translate it)."""

    template: str
    params: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.template % self.params if self.params else self.template


def target_problem(
    *,
    row: Row,
    value: Decimal,
    criteria_count: int,
    communes: int | None,
    unit_name: str,
    year: int,
) -> Problem | None:
    """The rules of a target, for the plans page and for target files alike.

    Not negative; at most 2 decimals; an average at most the set's number of
    criteria; a count of communes whole and at most the unit's communes that
    year (``communes``; None or 0 when not known).
    """
    if value < 0:
        return Problem(gettext_noop("Chỉ tiêu không được âm."))
    if row.kind == "flag":
        if value not in (0, 1):
            return Problem(
                gettext_noop("Dòng %(r)s chỉ ghi 1 (có) hoặc 0 (không)."), {"r": row.key}
            )
        return None
    if value >= TARGET_MAX:
        return Problem(gettext_noop("Chỉ tiêu quá lớn."))
    if value != value.quantize(Decimal(1).scaleb(-TARGET_PLACES)):
        return Problem(
            gettext_noop("Chỉ tiêu chỉ ghi tối đa %(p)s chữ số thập phân."), {"p": TARGET_PLACES}
        )
    if row.kind == "average":
        if value > criteria_count:
            return Problem(
                gettext_noop(
                    "Bình quân tiêu chí/xã không vượt quá %(n)s (số tiêu chí của bộ tiêu chí)."
                ),
                {"n": criteria_count},
            )
        return None
    if value != value.to_integral_value():
        return Problem(
            gettext_noop("Dòng %(r)s đếm số %(u)s: chỉ tiêu phải là số nguyên."),
            {"r": row.key, "u": row.unit},
        )
    if row.unit == "xã" and communes and value > communes and row.key not in _CHANGE_ROWS:
        return Problem(
            gettext_noop("%(u)s có %(c)s xã trong năm %(y)s; chỉ tiêu %(v)s xã là quá số xã."),
            {"u": unit_name, "c": communes, "y": year, "v": int(value)},
        )
    return None


#: Rows whose value is a change, not a number of the unit's communes (not capped by them).
_CHANGE_ROWS = ("duoi10.giam",)


def target_high_problem(*, row: Row, value: Decimal, high: Decimal) -> Problem | None:
    """The rules of a range's high bound (``plans.Target.high``): a count or an average only,
    above the low bound (``value``), with the value's rules of places."""
    if row.kind not in ("count", "average"):
        return Problem(gettext_noop("Dòng %(r)s không nhận khoảng chỉ tiêu."), {"r": row.key})
    if high <= value:
        return Problem(
            gettext_noop("Cận trên của khoảng chỉ tiêu phải lớn hơn chỉ tiêu (%(v)s)."),
            {"v": value},
        )
    if high >= TARGET_MAX:
        return Problem(gettext_noop("Chỉ tiêu quá lớn."))
    if high != high.quantize(Decimal(1).scaleb(-TARGET_PLACES)):
        return Problem(
            gettext_noop("Chỉ tiêu chỉ ghi tối đa %(p)s chữ số thập phân."), {"p": TARGET_PLACES}
        )
    if row.kind == "count" and high != high.to_integral_value():
        return Problem(
            gettext_noop("Dòng %(r)s đếm số %(u)s: chỉ tiêu phải là số nguyên."),
            {"r": row.key, "u": row.unit},
        )
    return None
