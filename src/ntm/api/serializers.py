"""What the API shows of each record, and the one input it takes (an assessment's values).

Serializers only shape data: the figures come from the selectors, the checks
from the services (docs/architecture.md: no business logic in serializers).
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ntm.assessments.models import Assessment, Evidence, IndicatorValue, Recognition
from ntm.criteria.models import CriteriaSet, Criterion, Indicator
from ntm.ocop.models import Product, Rating
from ntm.plans.models import Target, TargetCommune
from ntm.resources.models import Fund, Support
from ntm.units.models import AdminUnit, UnitLineage

# --- units --------------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "level",
            "parent",
            "province",
            "region",
            "valid_from",
            "valid_to",
            "source_list",
        ]


class LineageSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = UnitLineage
        fields = ["predecessor", "successor", "whole", "effective", "resolution", "list_name"]


class UnitDetailSerializer(UnitSerializer):
    predecessors = LineageSerializer(many=True, read_only=True, source="lineage_before")
    successors = LineageSerializer(many=True, read_only=True, source="lineage_after")

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "predecessors", "successors"]


# --- criteria sets ------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Indicator
        fields = ["code", "content", "unit", "kind", "op", "secondary_label", "secondary_op"]


class CriterionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    group = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Criterion
        fields = ["number", "name", "short_name", "group", "indicators"]


class CriteriaSetSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "code",
            "name",
            "legal_basis",
            "issuer",
            "level",
            "kind",
            "period_start",
            "period_end",
            "effective_from",
            "province",
        ]


class CriteriaSetDetailSerializer(CriteriaSetSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta(CriteriaSetSerializer.Meta):
        fields = [*CriteriaSetSerializer.Meta.fields, "criteria"]


# --- assessments --------------------------------------------------------------------------


class AssessmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    commune_code = serializers.CharField(source="commune.code", read_only=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    criteria_set = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "commune",
            "commune_code",
            "commune_name",
            "year",
            "criteria_set",
            "kind",
            "level",
            "state",
            "locked",
            "criteria_met",
            "criteria_total",
            "meets_standard",
            "updated_at",
        ]


class ValueSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    value = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "value",
            "numerator",
            "denominator",
            "secondary_number",
            "carried_from",
            "updated_at",
        ]

    @extend_schema_field({"oneOf": [{"type": "number"}, {"type": "boolean"}], "nullable": True})
    def get_value(self, obj: IndicatorValue) -> Decimal | bool | None:
        return obj.value_bool if obj.value_bool is not None else obj.value_number


class StatusSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A criterion's status as the commune's page shows it (``assessment_status_rows``)."""

    number = serializers.IntegerField()
    name = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)
    computed_met = serializers.BooleanField(allow_null=True)
    declared_met = serializers.BooleanField(allow_null=True)
    source = serializers.CharField()
    disagrees = serializers.BooleanField()
    status = serializers.CharField()
    reason_vi = serializers.CharField()
    reason_en = serializers.CharField()
    indicators = serializers.ListField(child=serializers.DictField())


class AssessmentDetailSerializer(AssessmentSerializer):
    remarks = serializers.CharField(read_only=True)
    statuses = StatusSerializer(many=True, read_only=True, source="shown_statuses")
    values = ValueSerializer(many=True, read_only=True, source="shown_values")
    version = serializers.CharField(
        read_only=True,
        source="shown_version",
        help_text="The file's version (its ETag): send it back in If-Match to write.",
    )

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "remarks", "statuses", "values", "version"]


@extend_schema_field(
    {"oneOf": [{"type": "number"}, {"type": "boolean"}, {"type": "string"}], "nullable": True}
)
class IndicatorValueField(serializers.Field):  # type: ignore[type-arg]
    """A value as typed: a number, true/false, text as the files write it ("Đạt", "12,5"), or null."""

    def to_internal_value(self, data: Any) -> Any:
        if data is None or isinstance(data, (bool, str)):
            return data
        if isinstance(data, (int, float)):
            return Decimal(str(data))
        raise serializers.ValidationError(_("Giá trị phải là một số, true/false hoặc chuỗi."))

    def to_representation(self, value: Any) -> Any:
        return value


def _number() -> serializers.DecimalField:
    """A non-negative number of an input (its refusals in Vietnamese: DRF's are in English)."""
    return serializers.DecimalField(
        max_digits=16,
        decimal_places=4,
        min_value=Decimal(0),
        required=False,
        allow_null=True,
        error_messages={
            "invalid": gettext_lazy("Cần một số."),
            "min_value": gettext_lazy("Không được âm."),
            "max_digits": gettext_lazy("Số quá lớn."),
            "max_whole_digits": gettext_lazy("Số quá lớn."),
            "max_decimal_places": gettext_lazy("Nhiều nhất 4 chữ số thập phân."),
            "max_string_length": gettext_lazy("Số quá dài."),
        },
    )


class ValueInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    indicator = serializers.CharField(
        max_length=20,
        error_messages={
            "required": gettext_lazy("Cần mã chỉ tiêu."),
            "max_length": gettext_lazy("Mã chỉ tiêu quá dài."),
            "blank": gettext_lazy("Cần mã chỉ tiêu."),
        },
    )
    value = IndicatorValueField(required=False, allow_null=True)
    numerator = _number()
    denominator = _number()
    secondary = _number()


class ValuesInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The values to write, all or nothing; an indicator left out keeps its value."""

    values = ValueInputSerializer(
        many=True,
        allow_empty=False,
        max_length=1000,
        error_messages={
            "required": gettext_lazy("Cần danh sách giá trị (values)."),
            "empty": gettext_lazy("Danh sách giá trị trống."),
            "not_a_list": gettext_lazy("Cần một danh sách giá trị."),
            "max_length": gettext_lazy("Nhiều nhất 1000 giá trị một lần."),
        },
    )

    def validate_values(self, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
        codes = [v["indicator"] for v in values]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Mỗi chỉ tiêu chỉ được gửi một lần."))
        return values


#: The workflow steps the API takes (``workflow.TRANSITIONS``); recognise needs its decision.
TRANSITION_ACTIONS = ("submit", "review", "appraise", "return", "reopen", "recognise")


class DecisionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The recognition decision (quyết định công nhận) a ``recognise`` step records."""

    number = serializers.CharField(max_length=100)
    date = serializers.DateField()
    issuer = serializers.CharField(max_length=255)
    title = serializers.ChoiceField(choices=Recognition.Title.choices, default="dat_chuan")


class TransitionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One step of the file's workflow, with its note (the reason, when the step needs one)."""

    action = serializers.ChoiceField(choices=TRANSITION_ACTIONS)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    acknowledgements = serializers.DictField(
        child=serializers.CharField(max_length=2000, allow_blank=True),
        required=False,
        default=dict,
        help_text=gettext_lazy("Mã cảnh báo → lý do tiếp tục."),
    )
    decision = DecisionInputSerializer(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["action"] == "recognise" and not attrs.get("decision"):
            raise serializers.ValidationError(
                {
                    "decision": _(
                        "Công nhận xã phải kèm quyết định công nhận (số, ngày, cơ quan ban hành)."
                    )
                }
            )
        return attrs


class DeclarationInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    criterion = serializers.IntegerField(min_value=1, max_value=1000)
    met = serializers.BooleanField(allow_null=True)


class DeclarationsInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Criteria the commune declares met or not (null: withdraw), and the file's remarks."""

    declarations = DeclarationInputSerializer(many=True, required=False, max_length=1000)
    remarks = serializers.CharField(max_length=20000, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("declarations") and "remarks" not in attrs:
            raise serializers.ValidationError(
                {"declarations": _("Cần ít nhất một tiêu chí tự đánh giá hoặc ghi chú.")}
            )
        numbers = [d["criterion"] for d in attrs.get("declarations", [])]
        if len(set(numbers)) != len(numbers):
            raise serializers.ValidationError(
                {"declarations": _("Mỗi tiêu chí chỉ được gửi một lần.")}
            )
        return attrs


# --- decisions, plans, OCOP, resources ----------------------------------------------------


class RecognitionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Recognition
        fields = [
            "id",
            "commune",
            "title",
            "year",
            "number",
            "date",
            "issuer",
            "kind",
            "revoked_on",
            "revoked_reason",
        ]


class TargetSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Target
        fields = ["id", "unit", "year", "row_id", "value", "high", "note", "updated_at"]


class TargetCommuneSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = TargetCommune
        fields = ["id", "unit", "year", "commune", "title", "note"]


class RevocationInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Revoking a recognition decision (thu hồi quyết định công nhận): from when, and why."""

    on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class PlanTargetSerializer(serializers.Serializer):  # type: ignore[type-arg]
    row_id = serializers.CharField(max_length=50)
    value = serializers.CharField(
        max_length=50,
        allow_null=True,
        allow_blank=True,
        help_text=gettext_lazy("Số (dấu chấm thập phân); null hoặc trống: xoá chỉ tiêu."),
    )


class PlanTargetOutSerializer(serializers.Serializer):  # type: ignore[type-arg]
    row_id = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)


class PlanSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A unit's plan of one year (kế hoạch): its targets by appendix row, and its version."""

    unit = serializers.IntegerField()
    year = serializers.IntegerField()
    targets = PlanTargetOutSerializer(many=True)
    version = serializers.CharField()


class PlanInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Targets to set (or clear with null), all or nothing; a row left out keeps its target."""

    targets = PlanTargetSerializer(
        many=True,
        allow_empty=False,
        max_length=500,
        error_messages={"empty": gettext_lazy("Danh sách chỉ tiêu trống.")},
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate_targets(self, targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = [t["row_id"] for t in targets]
        if len(set(rows)) != len(rows):
            raise serializers.ValidationError(_("Mỗi dòng chỉ được gửi một lần."))
        return targets


class TargetCommuneInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A commune a plan names as striving for a title in a year (xã phấn đấu)."""

    unit = serializers.IntegerField(min_value=1, max_value=999_999_999)
    year = serializers.IntegerField(min_value=1900, max_value=2200)
    commune = serializers.IntegerField(min_value=1, max_value=999_999_999)
    title = serializers.ChoiceField(choices=Recognition.Title.choices, default="dat_chuan")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RatingSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Rating
        fields = ["year", "rated_on", "level", "total", "stars", "mandatory_failed", "certificate"]

    @extend_schema_field({"type": "object", "nullable": True})
    def get_certificate(self, obj: Rating) -> dict[str, Any] | None:
        cert = getattr(obj, "certificate", None)
        if cert is None:
            return None
        return {
            "number": cert.number,
            "issued_on": cert.issued_on,
            "valid_until": cert.valid_until,
            "revoked_on": cert.revoked_on,
        }


class ProductSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    producer = serializers.CharField(source="producer.name", read_only=True, default="")
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = ["id", "code", "name", "group", "commune", "producer", "dossier", "ratings"]


class FundSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Fund
        fields = ["id", "year", "unit", "source", "level", "allocated", "disbursed", "as_of"]


class SupportSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Support
        fields = ["id", "year", "sponsor", "commune", "cash", "in_kind", "materials"]


def _amount(*, required: bool = True) -> serializers.DecimalField:
    """An amount in million đồng, as the resources pages take it (``resources.forms``)."""
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        required=required,
        allow_null=not required,
        default=None if not required else serializers.empty,
    )


class _Reason(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class FundChangeSerializer(_Reason):
    """A fund row's amounts (a correction keeps its year, unit, source and level)."""

    allocated = _amount()
    disbursed = _amount(required=False)
    as_of = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Trống: 31/12 của năm."),
    )


class FundInputSerializer(FundChangeSerializer):
    """A new fund row: what a unit manages of a source in a year (nguồn vốn)."""

    year = serializers.IntegerField(min_value=1990, max_value=2100)
    unit = serializers.IntegerField(min_value=1, max_value=999_999_999)
    source = serializers.ChoiceField(choices=Fund.Source.choices)
    level = serializers.ChoiceField(
        choices=AdminUnit.Level.choices[:3], required=False, allow_null=True, default=None
    )


class SupportChangeSerializer(_Reason):
    """A support row's amounts (a correction keeps its year, sponsor and commune)."""

    cash = _amount()
    in_kind = _amount()
    materials = _amount()


class SupportInputSerializer(SupportChangeSerializer):
    """A new support row: what a unit assigned to a commune gave it in a year (hỗ trợ xã)."""

    year = serializers.IntegerField(min_value=1990, max_value=2100)
    sponsor = serializers.CharField(max_length=200)
    commune = serializers.IntegerField(min_value=1, max_value=999_999_999)


# --- evidence (minh chứng) -------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An evidence file of an assessment; ``file`` is where the API delivers it."""

    criterion = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "assessment", "criterion", "title", "uploaded_at", "file"]

    def get_criterion(self, obj: Evidence) -> int | None:
        return obj.criterion.number if obj.criterion_id else None

    def get_file(self, obj: Evidence) -> str:
        return f"/api/v1/evidence/{obj.pk}/file/"


class EvidenceInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A file (PDF or image, as the commune page takes it) for one criterion or the file."""

    file = serializers.FileField()
    criterion = serializers.IntegerField(min_value=1, max_value=99, required=False, allow_null=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
