"""Deriving criterion statuses on the database: values in, statuses and reasons out."""

import random
from decimal import Decimal

import pytest

from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.assessments.selectors import assessment_disagreements, assessment_status_rows
from ntm.assessments.services.evaluation import (
    assessment_get_or_create,
    assessments_evaluate,
    assessments_evaluate_scope,
    criterion_status_declare,
    indicator_value_set,
    threshold_correct,
    unit_region_change,
)
from ntm.core.errors import ApplicationError
from ntm.criteria.models import Indicator, Threshold
from ntm.units.models import Region
from tests.factories import unit_make, user_make

D = Decimal


@pytest.fixture
def place(criteria_2016):
    """Two provinces in two regions, a district each and a few communes."""
    north = Region.objects.get(code="TDMNPB")
    delta = Region.objects.get(code="DBSH")
    cao_bang = unit_make("04", "Cao Bằng", level=1, kind="tinh", region=north)
    hai_duong = unit_make("30", "Hải Dương", level=1, kind="tinh", region=delta)
    hoa_an = unit_make("043", "Hòa An", level=2, kind="huyen", parent=cao_bang)
    nam_sach = unit_make("291", "Nam Sách", level=2, kind="huyen", parent=hai_duong)
    communes = [
        unit_make(f"01{i:03d}", f"Xã A{i}", level=3, kind="xa", parent=hoa_an) for i in range(4)
    ]
    delta_communes = [
        unit_make(f"10{i:03d}", f"Xã B{i}", level=3, kind="xa", parent=nam_sach) for i in range(2)
    ]
    return {
        "set": criteria_2016,
        "north": north,
        "delta": delta,
        "cao_bang": cao_bang,
        "hai_duong": hai_duong,
        "communes": communes,
        "delta_communes": delta_communes,
    }


def _status(assessment, number):
    return CriterionStatus.objects.get(assessment=assessment, criterion__number=number)


def test_new_assessment_has_one_unassessed_status_per_criterion(place):
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    assert a.criteria_set == place["set"]
    assert a.criteria_total == 19
    assert a.criteria_met == 0
    assert (
        list(CriterionStatus.objects.filter(assessment=a).values_list("met", flat=True))
        == [None] * 19
    )


def test_base_year_is_assessed_against_the_next_period_set(place):
    a = assessment_get_or_create(commune=place["communes"][0], year=2015)
    assert a.criteria_set == place["set"]


def test_income_below_the_region_threshold_is_not_met_with_the_reason(place):
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    indicator_value_set(assessment=a, indicator_code="10.1", value=D("31.2"))
    status = _status(a, 10)
    assert (status.computed_met, status.met, status.source) == (False, False, "computed")
    line = status.explanation["indicators"][0]
    assert line["code"] == "10.1"
    assert line["status"] == "not_met"
    assert line["value"] == "31.2"
    assert line["threshold"]["value"] == "36"
    assert line["threshold"]["op"] == ">="
    assert line["threshold"]["scope_label"] == "vùng Trung du và miền núi phía Bắc"
    assert line["gap"] == "4.8"
    assert line["content"].startswith("Thu nhập bình quân đầu người")
    assert line["reason_vi"].startswith("Thu nhập 31,2 triệu đồng/người/năm, thấp hơn ngưỡng 36")


def test_the_same_income_meets_in_one_region_and_not_in_another(place):
    north = assessment_get_or_create(commune=place["communes"][0], year=2019)
    delta = assessment_get_or_create(commune=place["delta_communes"][0], year=2019)
    for a in (north, delta):
        indicator_value_set(assessment=a, indicator_code="10.1", value="40")
    assert _status(north, 10).met is True
    assert _status(delta, 10).met is False


def test_ratio_from_numerator_and_denominator(place):
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    indicator_value_set(assessment=a, indicator_code="14.2", numerator=7, denominator=10)
    line = _status(a, 14).explanation["indicators"][1]
    assert (line["status"], line["value"], line["value_source"]) == ("met", "70", "ratio")
    indicator_value_set(assessment=a, indicator_code="14.2", numerator="69", denominator="100")
    assert _status(a, 14).explanation["indicators"][1]["status"] == "not_met"


def _all_met(a, region_code):
    """Every indicator exactly on the threshold that applies (booleans Đạt)."""
    for ind in Indicator.objects.filter(criterion__criteria_set=a.criteria_set):
        if ind.kind == "boolean":
            indicator_value_set(assessment=a, indicator_code=ind.code, value=True)
            continue
        regional = ind.thresholds.filter(region__code=region_code).first()
        national = ind.thresholds.filter(region__isnull=True, province__isnull=True).first()
        chosen = regional if regional and regional.value_number is not None else national
        if chosen is None or chosen.value_number is None:
            continue
        secondary = chosen.secondary_number
        if secondary is None and national is not None:
            secondary = national.secondary_number
        indicator_value_set(
            assessment=a,
            indicator_code=ind.code,
            value=chosen.value_number,
            secondary=secondary if ind.secondary_op else None,
        )


def test_commune_with_every_indicator_on_its_threshold_meets_the_standard(place):
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    _all_met(a, "TDMNPB")
    a.refresh_from_db()
    assert (a.criteria_met, a.criteria_total, a.meets_standard) == (19, 19, True)
    indicator_value_set(assessment=a, indicator_code="9.1", value="Không đạt")
    a.refresh_from_db()
    assert (a.criteria_met, a.meets_standard) == (18, False)


def test_declaration_decides_and_the_disagreement_is_flagged(place):
    officer = user_make("can-bo-xa", "commune", place["communes"][0])
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    indicator_value_set(assessment=a, indicator_code="10.1", value=D("30"))
    status = criterion_status_declare(assessment=a, criterion_number=10, met=True, user=officer)
    assert (status.met, status.computed_met, status.declared_met, status.source) == (
        True,
        False,
        True,
        "declared",
    )
    assert status.disagrees
    assert assessment_disagreements(assessment=a) == [10]
    a.refresh_from_db()
    assert a.criteria_met == 1
    row = next(r for r in assessment_status_rows(assessment=a) if r["number"] == 10)
    assert row["disagrees"] and row["source"] == "declared"

    criterion_status_declare(assessment=a, criterion_number=10, met=None, user=officer)
    status.refresh_from_db()
    assert (status.met, status.source, status.disagrees) == (False, "computed", False)


def test_declared_criterion_without_indicator_data_counts(place):
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    criterion_status_declare(assessment=a, criterion_number=19, met=True)
    a.refresh_from_db()
    assert a.criteria_met == 1
    status = _status(a, 19)
    assert (status.computed_met, status.disagrees) == (None, False)


def test_corrected_threshold_recomputes_the_statuses(place):
    officer = user_make("tinh")
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    indicator_value_set(assessment=a, indicator_code="10.1", value=D("33"))
    other = assessment_get_or_create(commune=place["delta_communes"][0], year=2019)
    indicator_value_set(assessment=other, indicator_code="10.1", value=D("33"))
    assert _status(a, 10).met is False

    t = Threshold.objects.get(indicator__code="10.1", region__code="TDMNPB")
    t.value_number = D("32")
    threshold_correct(threshold=t, user=officer, reason="Theo hướng dẫn năm 2019")
    assert _status(a, 10).met is True
    assert "ngưỡng 32" in _status(a, 10).explanation["indicators"][0]["reason_vi"]
    assert _status(other, 10).met is False


def test_province_own_threshold_applies_to_its_communes_only(place):
    officer = user_make("tinh")
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    indicator_value_set(assessment=a, indicator_code="10.1", value=D("37"))
    assert _status(a, 10).met is True
    ind = Indicator.objects.get(criterion__criteria_set=place["set"], code="10.1")
    own = Threshold(indicator=ind, province=place["cao_bang"], value_number=D("38"))
    threshold_correct(threshold=own, user=officer)
    status = _status(a, 10)
    assert status.met is False
    assert status.explanation["indicators"][0]["threshold"]["scope"] == "province"


def test_region_change_recomputes_the_statuses(place):
    commune = place["communes"][0]
    a = assessment_get_or_create(commune=commune, year=2019)
    indicator_value_set(assessment=a, indicator_code="10.1", value=D("40"))
    assert _status(a, 10).met is True
    unit_region_change(unit=commune, region=place["delta"])
    assert _status(a, 10).met is False
    assert _status(a, 10).explanation["region"] == "DBSH"
    unit_region_change(unit=commune, region=None)
    assert _status(a, 10).met is True


def test_province_region_change_reaches_its_communes(place):
    a = assessment_get_or_create(commune=place["communes"][1], year=2019)
    indicator_value_set(assessment=a, indicator_code="10.1", value=D("40"))
    unit_region_change(unit=place["cao_bang"], region=place["delta"])
    assert _status(a, 10).met is False


def _random_values(assessments, rng):
    indicators = list(Indicator.objects.filter(criterion__criteria_set__code="xa-ntm-2016-2020"))
    rows = []
    for a in assessments:
        for ind in indicators:
            if rng.random() < 0.1:
                continue  # some values missing
            row = IndicatorValue(assessment=a, indicator=ind)
            if ind.kind == "boolean":
                row.value_bool = rng.random() < 0.7
            elif rng.random() < 0.2 and ind.kind == "ratio":
                row.numerator, row.denominator = D(rng.randint(0, 100)), D(rng.randint(80, 100))
            else:
                row.value_number = D(rng.randint(0, 10000)) / 100
            rows.append(row)
    IndicatorValue.objects.bulk_create(rows)


def _snapshot(ids):
    return sorted(
        CriterionStatus.objects.filter(assessment_id__in=ids).values_list(
            "assessment_id", "criterion__number", "computed_met", "met", "source", "explanation"
        )
    )


def test_bulk_evaluation_of_a_province_equals_one_by_one(place):
    rng = random.Random(7)
    assessments = [
        assessment_get_or_create(commune=c, year=2019)
        for c in place["communes"] + place["delta_communes"]
    ]
    _random_values(assessments, rng)
    CriterionStatus.objects.filter(assessment=assessments[1], criterion__number=5).delete()
    criterion_status_declare(assessment=assessments[2], criterion_number=3, met=True)
    ids = [a.pk for a in assessments[:4]]

    assert assessments_evaluate_scope(year=2019, province=place["cao_bang"]) == 4
    bulk = _snapshot(ids)
    counts = list(
        Assessment.objects.filter(pk__in=ids).order_by("pk").values_list("criteria_met", flat=True)
    )
    assert len(bulk) == 4 * 19

    CriterionStatus.objects.filter(assessment_id__in=ids).exclude(
        declared_met__isnull=False
    ).delete()
    Assessment.objects.filter(pk__in=ids).update(criteria_met=0)
    for pk in ids:
        assessments_evaluate(assessment_ids=[pk])
    assert _snapshot(ids) == bulk
    assert (
        list(
            Assessment.objects.filter(pk__in=ids)
            .order_by("pk")
            .values_list("criteria_met", flat=True)
        )
        == counts
    )
    # The other province was not touched by the province's evaluation.
    assert CriterionStatus.objects.filter(assessment=assessments[4], met__isnull=False).count() == 0


def test_re_evaluating_unchanged_values_writes_nothing(place, django_assert_max_num_queries):
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    indicator_value_set(assessment=a, indicator_code="10.1", value=D("40"))
    before = CriterionStatus.objects.get(assessment=a, criterion__number=10).updated_at
    with django_assert_max_num_queries(12) as queries:
        assessments_evaluate(assessment_ids=[a.pk])
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
    assert CriterionStatus.objects.get(assessment=a, criterion__number=10).updated_at == before


def test_country_evaluation_takes_few_queries(place, django_assert_max_num_queries):
    communes = place["communes"] + place["delta_communes"]
    assessments = [assessment_get_or_create(commune=c, year=2019) for c in communes]
    _random_values(assessments, random.Random(3))
    with django_assert_max_num_queries(15):
        assert assessments_evaluate_scope(year=2019) == len(communes)


def test_a_large_write_refreshes_the_planners_statistics_once_on_postgresql(place, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ntm.assessments.services import evaluation

    communes = place["communes"] + place["delta_communes"]
    assessments = [assessment_get_or_create(commune=c, year=2019) for c in communes]
    _random_values(assessments, random.Random(5))
    # rows counted over every batch of the evaluation, the statistics refreshed once at the end
    monkeypatch.setattr(evaluation, "BATCH", 1)
    monkeypatch.setattr(evaluation, "ANALYZE_AFTER", 10)
    with CaptureQueriesContext(connection) as queries:
        assessments_evaluate_scope(year=2019)
    analyzed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    assert len(analyzed) == (2 if connection.vendor == "postgresql" else 0)
    # a national evaluation writes far more than the limit (8,496 communes × 19 criteria)
    assert evaluation.ANALYZE_AFTER < 8496 * 19


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"indicator_code": "99.9", "value": 1}, "không có chỉ tiêu"),
        ({"indicator_code": "10.1", "value": "31,2"}, "dấu chấm"),
        ({"indicator_code": "10.1", "value": True}, "nhận một số"),
        ({"indicator_code": "1.1", "value": D("1")}, "Không đạt"),
        ({"indicator_code": "14.2", "numerator": 1}, "cả tử số và mẫu số"),
        ({"indicator_code": "14.2", "numerator": 1, "denominator": 0}, "Mẫu số phải lớn hơn 0"),
        ({"indicator_code": "10.1", "numerator": 1, "denominator": 2}, "không phải là tỷ lệ"),
        ({"indicator_code": "14.2", "value": 50, "secondary": 10}, "không có chỉ tiêu phụ"),
    ],
    ids=[
        "unknown indicator",
        "decimal comma",
        "verdict for a number",
        "number for a verdict",
        "numerator alone",
        "zero denominator",
        "fraction of an amount",
        "inner share of a simple indicator",
    ],
)
def test_bad_values_are_refused_with_a_reason(place, kwargs, message):
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    with pytest.raises(ApplicationError, match=message):
        indicator_value_set(assessment=a, **kwargs)
    assert not IndicatorValue.objects.filter(assessment=a).exists()


def test_officer_of_another_commune_may_not_change_values(place):
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    stranger = user_make("can-bo-xa", "commune", place["communes"][1])
    with pytest.raises(ApplicationError):
        indicator_value_set(assessment=a, indicator_code="10.1", value=40, user=stranger)
    with pytest.raises(ApplicationError):
        criterion_status_declare(assessment=a, criterion_number=10, met=True, user=stranger)
    assert not IndicatorValue.objects.filter(assessment=a).exists()


def test_locked_assessment_refuses_changes(place):
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    a.locked = True
    a.save()
    with pytest.raises(ApplicationError, match="khoá"):
        indicator_value_set(assessment=a, indicator_code="10.1", value=40)
    with pytest.raises(ApplicationError, match="khoá"):
        criterion_status_declare(assessment=a, criterion_number=10, met=True)


def test_value_change_is_recorded(place):
    from ntm.core.models import ChangeRecord

    officer = user_make("can-bo-xa", "commune", place["communes"][0])
    a = assessment_get_or_create(commune=place["communes"][0], year=2019)
    row = indicator_value_set(assessment=a, indicator_code="10.1", value=40, user=officer)
    indicator_value_set(assessment=a, indicator_code="10.1", value=41, user=officer)
    record = ChangeRecord.objects.filter(
        object_id=str(row.pk), object_type="assessments.indicatorvalue"
    ).first()
    assert record.user == officer
    assert (record.before["value_number"], record.after["value_number"]) == ("40", "41")
