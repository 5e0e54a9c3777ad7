"""Part I of any province's report from its activities (courses, directives, events, value chains).

The province here is synthetic (``small_province``: thành phố Cao with X1-X3, huyện Đồi with
Y1-Y4): its sentences come from its own rows, whatever the demo holds.
"""

import datetime

import pytest

from ntm.activities.models import Course, Directive, Event, ValueChain
from ntm.activities.services import _communes_set
from ntm.reports.annual import report_document_build
from ntm.reports.data import CommuneName
from ntm.reports.models import ReportText
from ntm.reports.narrative_activities import communes_text, date_text
from ntm.reports.selectors import report_data
from tests.reports.test_selectors import REPORT_QUERIES

YEAR = 2019


@pytest.fixture
def activities(small_province):
    u = small_province
    p, hill = u["province"], u["Đồi"]
    Course.objects.create(year=YEAR, unit=p, kind="truyen_thong", classes=3, participants=1250)
    Course.objects.create(year=YEAR, unit=hill, kind="truyen_thong", classes=2, participants=40)
    Course.objects.create(year=YEAR, unit=p, kind="dao_tao_ntm", classes=4, participants=200)
    Course.objects.create(year=YEAR, unit=hill, kind="boi_duong_xa", classes=1, participants=35)
    Course.objects.create(year=YEAR, unit=p, kind="ocop", classes=None, participants=300)
    Course.objects.create(year=2018, unit=p, kind="truyen_thong", classes=9, participants=999)
    Directive.objects.create(
        unit=p,
        number="7/KH-UBND",
        date=datetime.date(2019, 1, 5),
        issuer="UBND tỉnh",
        kind="ke_hoach",
        subject="triển khai thực hiện Chương trình năm 2019",
    )
    Directive.objects.create(
        unit=p,
        number="88/QĐ-UBND",
        date=datetime.date(2019, 10, 3),
        issuer="Ủy ban nhân dân tỉnh",
        kind="quyet_dinh",
        subject="về việc giao vốn;",
    )
    Directive.objects.create(
        unit=hill,
        number="3/QĐ-UBND",
        date=datetime.date(2019, 2, 9),
        issuer="UBND huyện",
        kind="quyet_dinh",
        subject="về việc kiện toàn Ban Chỉ đạo",
    )
    Event.objects.create(
        unit=p, date=datetime.date(2019, 12, 20), kind="hoi_nghi", description="tổng kết năm 2019"
    )
    own = ValueChain.objects.create(year=YEAR, unit=p, plan_code="A", product="Chè")
    _communes_set(own, [u["X2"], u["X1"], u["Y3"]])
    ValueChain.objects.create(year=YEAR, unit=hill, plan_code="B", product="Gừng")
    return u


def _texts(report) -> list[str]:
    return [p.text for p in report.paragraphs()]


@pytest.mark.django_db
def test_the_province_report_states_its_own_activities(activities, django_assert_max_num_queries):
    with django_assert_max_num_queries(REPORT_QUERIES):
        data = report_data(unit=activities["province"], year=YEAR)
    lines = _texts(report_document_build(data, with_charts=False))
    assert (
        "Cấp tỉnh tổ chức tuyên truyền được 3 lớp, 1.250 học viên tham dự. "
        "Cấp huyện tổ chức tuyên truyền được 2 lớp, 40 học viên tham dự."
    ) in lines
    # Grouped by kind (quyết định before kế hoạch), dated as Nghị định 30/2020 writes it.
    start = lines.index(
        "- Quyết định số 88/QĐ-UBND ngày 03/10/2019 của Ủy ban nhân dân tỉnh về việc giao vốn;"
    )
    assert lines[start + 1] == (
        "- Kế hoạch số 7/KH-UBND ngày 05/01/2019 của UBND tỉnh triển khai thực hiện Chương trình "
        "năm 2019."
    )
    assert not any("3/QĐ-UBND" in line for line in lines)  # the district's own directive
    assert "- Ngày 20/12/2019: Hội nghị tổng kết năm 2019." in lines
    assert (
        "Năm 2019, tổ chức đào tạo, bồi dưỡng được 5 lớp, cho 235 học viên, trong đó: Đào tạo, "
        "bồi dưỡng cho cán bộ làm công tác xây dựng nông thôn mới các cấp được 4 lớp, cho 200 "
        "học viên và 1 lớp bồi dưỡng, cho 35 cán bộ, công chức cấp xã."
    ) in lines
    assert "Tổ chức hội nghị, tập huấn về Chương trình OCOP, với 300 lượt người tham dự." in lines
    assert (
        "Toàn tỉnh đã xây dựng, phê duyệt và triển khai 02 kế hoạch liên kết sản xuất gắn với "
        "tiêu thụ sản phẩm. Trong đó: Cấp tỉnh 01 kế hoạch ((1) Kế hoạch liên kết sản xuất gắn "
        "với tiêu thụ sản phẩm Chè, được triển khai thực hiện tại xã X2, xã X1 thành phố Cao; "
        "xã Y3, huyện Đồi); cấp huyện 01 kế hoạch."
    ) in lines


@pytest.mark.django_db
def test_a_district_report_states_the_districts_activities(activities):
    lines = _texts(
        report_document_build(report_data(unit=activities["Đồi"], year=YEAR), with_charts=False)
    )
    assert "Cấp huyện tổ chức tuyên truyền được 2 lớp, 40 học viên tham dự." in lines
    assert (
        "- Quyết định số 3/QĐ-UBND ngày 09/02/2019 của UBND huyện về việc kiện toàn Ban Chỉ đạo."
        in lines
    )
    assert not any("88/QĐ-UBND" in line for line in lines)
    assert (
        "Toàn huyện đã xây dựng, phê duyệt và triển khai 01 kế hoạch liên kết sản xuất gắn với "
        "tiêu thụ sản phẩm."
    ) in lines


@pytest.mark.django_db
def test_the_offices_text_places_the_training_figures_inside_its_own_words(activities):
    ReportText.objects.create(
        unit=activities["province"],
        year=YEAR,
        section="I.4",
        text=(
            "Tổ chức được {{dao_tao_tong}}, gồm {{dao_tao_ntm}} (theo chương trình khung) và "
            "{{boi_duong_xa}} về quản lý nhà nước."
        ),
    )
    ReportText.objects.create(
        unit=activities["province"],
        year=YEAR,
        section="I.5",
        text="Tổ chức hội nghị tại tỉnh, với {{ocop_tham_du}}.",
    )
    lines = _texts(
        report_document_build(
            report_data(unit=activities["province"], year=YEAR), with_charts=False
        )
    )
    assert (
        "Tổ chức được 5 lớp, cho 235 học viên, gồm 4 lớp, cho 200 học viên (theo chương trình "
        "khung) và 1 lớp bồi dưỡng, cho 35 cán bộ, công chức cấp xã về quản lý nhà nước."
    ) in lines
    assert not any(line.startswith("Năm 2019, tổ chức đào tạo") for line in lines)
    assert "Tổ chức hội nghị tại tỉnh, với 300 lượt người tham dự." in lines
    assert not any("Chương trình OCOP, với" in line for line in lines)


@pytest.mark.django_db
def test_a_province_without_activities_reads_as_before(small_province):
    lines = _texts(
        report_document_build(
            report_data(unit=small_province["province"], year=YEAR), with_charts=False
        )
    )
    assert not any("tuyên truyền được" in line or "kế hoạch liên kết" in line for line in lines)


def test_dates_follow_the_decree_on_documents():
    assert [
        date_text(datetime.date(2019, m, d)) for m, d in ((2, 15), (3, 29), (4, 4), (12, 11))
    ] == [
        "15/02/2019",
        "29/3/2019",
        "04/4/2019",
        "11/12/2019",
    ]


def test_communes_are_grouped_by_district_as_the_report_writes_them():
    def c(name, district):
        return CommuneName("1", name, "xa", district, "huyen")

    assert (
        communes_text(
            [c("Vân Trình", "Thạch An"), c("Lê Lai", "Thạch An"), c("Hoa Thám", "Nguyên Bình")]
        )
        == "xã Vân Trình, xã Lê Lai huyện Thạch An; xã Hoa Thám, huyện Nguyên Bình"
    )
