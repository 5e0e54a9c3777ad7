"""An indicator that takes its value from the OCOP registry (Indicator.registry)."""

from io import StringIO

import pytest
from django.core.management import call_command

from ntm.assessments.models import IndicatorValue
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from ntm.criteria.models import Criterion, Indicator, Threshold
from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
from ntm.interchange.services import files_import
from ntm.units.models import AdminUnit
from tests.factories import assessment_make, criteria_set_make

from .conftest import HEADER, csv_text

FULL = HEADER + ",producer,producer_type,stars,certificate_no,certificate_date"


@pytest.fixture
def ocop_set(db):
    """A set whose criterion 1 asks for at least one OCOP product in force (as a province's
    own set could), criterion 2 an ordinary one."""
    cset = criteria_set_make(n=2, code="xa-ocop-thu-2021-2025")
    cset.period_start, cset.period_end = 2021, 2025
    cset.save(update_fields=["period_start", "period_end"])
    criterion = Criterion.objects.get(criteria_set=cset, number=1)
    indicator = Indicator.objects.create(
        criterion=criterion,
        code="1.1",
        content="Có sản phẩm OCOP còn hiệu lực",
        unit="sản phẩm",
        kind="count",
        op=">=",
        registry="ocop_certified",
    )
    Threshold.objects.create(indicator=indicator, value_number=1)
    return cset


def test_the_fill_writes_each_commune_s_products_in_force_and_evaluates(
    ocop_set, communes, write, province
):
    a, b = communes[0], communes[-1]
    files_import(
        paths=[
            write(
                "ocop.csv",
                csv_text(
                    FULL,
                    [
                        f"2024,P1,Mật ong,{a},thuc_pham,20,10,20,,,,1/QĐ,15/03/2024",
                        f"2024,P2,Giỏ mây,{a},thu_cong_my_nghe,20,10,20,,,,2/QĐ,01/02/2024",
                        f"2024,P3,Lan rừng,{b},sinh_vat_canh,10,10,10,,,,,",  # 2★: none
                    ],
                ),
            )
        ]
    )
    commune_a = AdminUnit.objects.get(level=3, code=a)
    commune_b = AdminUnit.objects.get(level=3, code=b)
    fa = assessment_make(commune_a, 2024, criteria_set=ocop_set)
    fb = assessment_make(commune_b, 2024, criteria_set=ocop_set)
    out = StringIO()
    call_command("ocopindicators", "--province", province.code, "--year", "2024", stdout=out)
    assert "2 giá trị chỉ tiêu, 2 hồ sơ tính lại" in out.getvalue()
    values = {
        v.assessment_id: v.value_number
        for v in IndicatorValue.objects.filter(indicator__code="1.1")
    }
    assert values == {fa.pk: 2, fb.pk: 0}
    assert fa.statuses.get(criterion__number=1).met is True
    assert fb.statuses.get(criterion__number=1).met is False
    assert ChangeRecord.objects.filter(object_type__contains="indicatorvalue").count() >= 2
    again = StringIO()
    call_command("ocopindicators", "--province", province.code, "--year", "2024", stdout=again)
    assert "0 giá trị chỉ tiêu" in again.getvalue()


def test_a_set_file_naming_an_unknown_registry_is_refused(tmp_path, db):
    text = (CRITERIA_DIR / "xa-ntm-2021-2025.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "xa-thu.yaml"
    bad.write_text(
        text.replace("code: xa-ntm-2021-2025", "code: xa-thu")
        .replace("period_start: 2021", "period_start: 2031")
        .replace("period_end: 2025", "period_end: 2035")
        .replace('      - code: "3.1"\n', '      - code: "3.1"\n        registry: ocop_sao\n', 1),
        encoding="utf-8",
    )
    with pytest.raises(ApplicationError, match="registry: 'ocop_sao' không hợp lệ"):
        criteria_set_load(path=bad)
