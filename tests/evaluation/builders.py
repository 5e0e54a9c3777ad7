"""Small builders of rules and contexts for the pure engine tests."""

from decimal import Decimal

from ntm.evaluation.model import (
    CommuneContext,
    CriterionRule,
    IndicatorInput,
    IndicatorRule,
    ThresholdValue,
)

D = Decimal

NORTH = CommuneContext(
    region_code="TDMNPB",
    region_name="Trung du và miền núi phía Bắc",
    region_name_en="Northern Midlands and Mountains",
    province_code="04",
    province_name="tỉnh Cao Bằng",
)
DELTA = CommuneContext(
    region_code="DBSH",
    region_name="Đồng bằng sông Hồng",
    region_name_en="Red River Delta",
    province_code="30",
    province_name="tỉnh Hải Dương",
)
NO_REGION = CommuneContext(region_code=None)


def t(
    number: str | int | None = None, text: str = "", secondary: str | int | None = None
) -> ThresholdValue:
    return ThresholdValue(
        number=D(str(number)) if number is not None else None,
        text=text,
        secondary=D(str(secondary)) if secondary is not None else None,
    )


def rule(
    code: str = "9.9",
    *,
    kind: str = "ratio",
    op: str = ">=",
    national: ThresholdValue | None = None,
    regions: dict[str, ThresholdValue] | None = None,
    provinces: dict[str, ThresholdValue] | None = None,
    unit: str = "%",
    label: str = "Tỷ lệ",
    label_en: str = "",
    unit_en: str = "",
    secondary_op: str | None = None,
    secondary_label: str = "",
) -> IndicatorRule:
    return IndicatorRule(
        code=code,
        criterion=int(code.split(".")[0]),
        kind=kind,  # type: ignore[arg-type]
        op=op,  # type: ignore[arg-type]
        content=label,
        unit=unit,
        label_vi=label,
        label_en=label_en,
        unit_en=unit_en,
        national=national,
        by_region=regions or {},
        by_province=provinces or {},
        secondary_op=secondary_op,  # type: ignore[arg-type]
        secondary_label=secondary_label,
    )


def income() -> IndicatorRule:
    """10.1 as the 2016-2020 set writes it (thresholds of the test, not read from the set)."""
    return rule(
        "10.1",
        kind="amount",
        op=">=",
        unit="triệu đồng/người",
        unit_en="million VND/person",
        label="Thu nhập",
        label_en="Income",
        national=t(45),
        regions={"TDMNPB": t(36), "DBSH": t(50)},
    )


def flag(code: str = "1.1", text: str = "Đạt", label: str = "Quy hoạch") -> IndicatorRule:
    return rule(code, kind="boolean", op="=", unit="", label=label, national=t(text=text))


def value(v: str | int | bool | None = None, **kw: str | int) -> IndicatorInput:
    parsed: Decimal | bool | None = v if isinstance(v, bool) or v is None else D(str(v))
    return IndicatorInput(value=parsed, **{k: D(str(x)) for k, x in kw.items()})  # type: ignore[arg-type]


def criterion(number: int, *indicators: IndicatorRule) -> CriterionRule:
    return CriterionRule(number=number, name=f"Tiêu chí {number}", indicators=tuple(indicators))
