"""The sentences of part I.9 that state the reference figures (pure; no Django).

The office's texts I.9.a and I.9.b place them with ``{{region_share_recognised}}`` and
``{{region_average}}`` (``document.text_filled``), so that no figure is typed in a text.
"""

from collections.abc import Mapping
from decimal import Decimal

from ntm.analytics.metrics import ComparisonFigures
from ntm.evaluation.numbers import format_number
from ntm.reports.document import Para, para
from ntm.reports.issuing import Reference, reference_text
from ntm.reports.narrative import scope_word

__all__ = ["reference_pieces"]


def reference_pieces(
    references: Mapping[str, Reference],
    *,
    unit_kind: str,
    average: Decimal | None,
    comparison: ComparisonFigures | None,
) -> tuple[dict[str, list[Para]], list[str]]:
    """The pieces ``region_share_recognised`` and ``region_average``, and the warnings.

    Where NTM holds the whole region's data that year (``comparison``), part I.9
    already states the computed figure, so the piece is empty; an entered figure
    that differs from the computed one is named in a warning. Otherwise the piece
    states the entered figure; "thấp hơn / cao hơn / bằng" follows from comparing
    the unit's average with it (the office does not type it).
    """
    if comparison is not None and comparison.kind != "vung":
        comparison = None  # a district's report compares with its province, not the region
    pieces: dict[str, list[Para]] = {"region_share_recognised": [], "region_average": []}
    warnings: list[str] = []
    scope = scope_word(unit_kind)
    share = references.get("region_share_recognised")
    computed_share = comparison.unit_share_of_standard if comparison is not None else None
    if share is not None:
        if computed_share is not None:
            if share.value != computed_share:
                warnings.append(
                    f"Tỷ lệ số xã đạt chuẩn so với {share.subject}: số liệu tham chiếu nhập là "
                    f"{reference_text(share.value)}{share.unit_label}, NTM tính từ số liệu của "
                    f"cả vùng là {format_number(computed_share, 2)}%; báo cáo ghi số NTM tính."
                )
        else:
            pieces["region_share_recognised"] = [
                para(
                    f"Số xã đạt chuẩn của {scope} chiếm {reference_text(share.value)}"
                    f"{share.unit_label} số xã đạt chuẩn nông thôn mới {share.subject}."
                )
            ]
    region = references.get("region_average")
    computed_average = comparison.average if comparison is not None else None
    if region is not None:
        if computed_average is not None:
            if region.value != computed_average:
                warnings.append(
                    f"Bình quân tiêu chí/xã của {region.subject}: số liệu tham chiếu nhập là "
                    f"{reference_text(region.value)} {region.unit_label}, NTM tính từ số liệu "
                    f"của cả vùng là {format_number(computed_average, 2)}; báo cáo ghi số NTM tính."
                )
        elif average is not None:
            if average < region.value:
                word = "thấp hơn so với"
            elif average > region.value:
                word = "cao hơn so với"
            else:
                word = "bằng"
            pieces["region_average"] = [
                para(
                    f"Số tiêu chí bình quân của {scope} {word} bình quân chung của "
                    f"{region.subject} ({reference_text(region.value)} {region.unit_label})."
                )
            ]
    return pieces, warnings
