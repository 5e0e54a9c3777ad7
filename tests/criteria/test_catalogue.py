from decimal import Decimal

from ntm.assessments.services.evaluation import criteria_set_reload, threshold_correct
from ntm.core.models import ChangeRecord
from ntm.criteria.models import Indicator, Threshold
from ntm.criteria.services import CRITERIA_DIR
from tests.factories import user_make


def test_set_has_19_criteria_and_keeps_verified_marks(criteria_2016):
    assert criteria_2016.criteria.count() == 19
    assert criteria_2016.base_year == 2015
    income = Indicator.objects.get(criterion__criteria_set=criteria_2016, code="10.1")
    assert income.verified is True
    tdmnpb = income.thresholds.get(region__code="TDMNPB")
    assert tdmnpb.value_number == Decimal("36")
    schools = Indicator.objects.get(criterion__criteria_set=criteria_2016, code="5.1")
    assert schools.verified is False
    assert schools.thresholds.get(region__isnull=True).verified is True
    assert schools.thresholds.get(region__code="TDMNPB").verified is False


def test_corrected_threshold_is_recorded_and_survives_reload(criteria_2016):
    officer = user_make("vpdp")
    t = Threshold.objects.get(indicator__code="5.1", region__code="TDMNPB")
    t.value_number = Decimal("75")
    threshold_correct(threshold=t, user=officer, reason="Theo văn bản của tỉnh")
    record = ChangeRecord.objects.get(object_id=str(t.pk))
    assert record.user == officer
    assert record.before["value_number"] == "70"
    assert record.after["value_number"] == "75"
    criteria_set_reload(path=CRITERIA_DIR / "xa-ntm-2016-2020.yaml")
    t.refresh_from_db()
    assert t.value_number == Decimal("75")


def test_reloading_a_set_with_a_new_threshold_reevaluates_its_assessments(criteria_2016, tmp_path):
    from ntm.assessments.models import CriterionStatus
    from ntm.assessments.services.evaluation import assessment_get_or_create, indicator_value_set
    from ntm.units.models import AdminUnit
    from ntm.units.services import units_load

    units_load(province_code="6")
    commune = AdminUnit.objects.filter(province__code="6", kind="xa").first()
    assessment = assessment_get_or_create(commune=commune, year=2019)
    indicator_value_set(assessment=assessment, indicator_code="10.1", value=Decimal("33"))
    status = CriterionStatus.objects.get(assessment=assessment, criterion__number=10)
    assert status.computed_met is False  # 33 < 36 for the northern mountains

    text = (CRITERIA_DIR / "xa-ntm-2016-2020.yaml").read_text(encoding="utf-8")
    changed = text.replace("by_region: {TDMNPB: 36,", "by_region: {TDMNPB: 30,", 1)
    assert changed != text
    path = tmp_path / "xa-ntm-2016-2020.yaml"
    path.write_text(changed, encoding="utf-8")
    criteria_set_reload(path=path)
    status.refresh_from_db()
    assert status.computed_met is True


def test_loadcriteria_loads_the_shipped_sets_and_a_second_run_changes_nothing(db):
    from io import StringIO

    from django.core.management import call_command

    from ntm.criteria.models import CriteriaSet

    out = StringIO()
    call_command("loadcriteria", stdout=out)
    assert out.getvalue().splitlines() == [
        "huyen-ntm-2016-2020: 9 tiêu chí.",
        "huyen-ntm-2021-2025: 9 tiêu chí.",
        "tinh-ntm-2026-2030: 0 tiêu chí.",
        "xa-ntm-2016-2020: 19 tiêu chí.",
        "xa-ntm-2021-2025: 19 tiêu chí.",
        "xa-ntm-2026-2030: 10 tiêu chí.",
        "xa-ntm-kieu-mau-2021-2025: 4 tiêu chí.",
        "xa-ntm-nang-cao-2021-2025: 19 tiêu chí.",
        # then the crosswalks between the commune sets' periods
        "xa-ntm-2016-2020 → xa-ntm-2021-2025: tạo 19, cập nhật 0, giữ nguyên 0 tương ứng.",
        "xa-ntm-2021-2025 → xa-ntm-2026-2030: tạo 20, cập nhật 0, giữ nguyên 0 tương ứng.",
    ]
    thresholds = list(Threshold.objects.order_by("pk").values())
    changes = ChangeRecord.objects.count()
    call_command("loadcriteria", stdout=StringIO())
    assert CriteriaSet.objects.count() == 8
    assert list(Threshold.objects.order_by("pk").values()) == thresholds
    assert ChangeRecord.objects.count() == changes
