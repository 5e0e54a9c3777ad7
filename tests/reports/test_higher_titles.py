"""The advanced (nâng cao) and model (kiểu mẫu) titles: one read for the dashboard's card and
the report's section I.9.d."""

import datetime
import io

import docx
import pytest
from django.urls import reverse

from ntm.analytics import selectors
from ntm.assessments.models import Recognition
from ntm.criteria.models import CriteriaSet
from ntm.reports.annual import report_document_build
from ntm.reports.renderers.docx import report_docx
from ntm.reports.selectors import report_data
from tests.analytics.builders import assess, first, recognise
from tests.factories import criteria_set_make

T = Recognition.Title
D = datetime.date


def _set(kind: str, n: int, code: str) -> CriteriaSet:
    cset = criteria_set_make(n=n, code=code)
    cset.kind = kind
    cset.save(update_fields=["kind"])
    return cset


@pytest.fixture
def titles(small_province):
    """small_province, with in 2019: advanced — X1 (2018) and X2 (2019, new) hold it, Y1's
    decision was revoked in 2019; files of the advanced set (5 criteria) X2 5/5, X3 4/5,
    Y2 2/5. Model — X1 recognised in 2019, its file 3/3."""
    u = small_province
    advanced = _set(CriteriaSet.SetKind.ADVANCED, 5, "xa-nang-cao-thu-2016-2020")
    model = _set(CriteriaSet.SetKind.MODEL, 3, "xa-kieu-mau-thu-2016-2020")
    recognise(u["X1"], 2018, title=T.ADVANCED, number="12/QĐ-UBND", date=D(2018, 10, 1))
    recognise(u["X2"], 2019, title=T.ADVANCED, number="371/QĐ-UBND", date=D(2019, 11, 5))
    recognise(u["Y1"], 2017, title=T.ADVANCED, revoked_on=D(2019, 3, 1))
    recognise(u["X1"], 2019, title=T.MODEL, number="45/QĐ-UBND", date=D(2019, 12, 20))
    for name, k in {"X2": 5, "X3": 4, "Y2": 2}.items():
        assess(u[name], 2019, first(k), advanced)
    assess(u["X1"], 2019, first(3), model)
    u["advanced"], u["model"] = advanced, model
    return u


@pytest.fixture
def central(django_user_model, client):
    client.force_login(django_user_model.objects.create_superuser("tw", password="x"))
    return client


def _docx_text(data) -> str:
    document = docx.Document(
        io.BytesIO(report_docx(report_document_build(data, with_charts=False)))
    )
    return "\n".join(p.text for p in document.paragraphs)


@pytest.mark.django_db
def test_the_selector_counts_decisions_in_force_new_decisions_and_files_of_each_title(titles):
    advanced, model = selectors.higher_titles(unit=titles["province"], year=2019)
    assert (advanced.code, advanced.decisions, len(advanced.new)) == ("nang_cao", 2, 1)
    assert (advanced.files, advanced.files_met) == (3, 1)
    assert [f.commune.name for f in advanced.in_progress] == ["X3", "Y2"]
    assert (advanced.in_progress_average, advanced.in_progress_total) == (3, 5)
    assert (model.code, model.decisions, len(model.new), model.files, model.in_progress) == (
        "kieu_mau",
        1,
        1,
        1,
        (),
    )
    # Before X2's decision: one commune held the advanced title (Y1's was still in force).
    before = selectors.higher_titles(unit=titles["province"], year=2018)
    assert [(t.code, t.decisions, len(t.new), t.files) for t in before] == [("nang_cao", 2, 1, 0)]


@pytest.mark.django_db
def test_the_word_report_has_the_section_with_the_dashboards_counts(titles, central):
    p = titles["province"]
    response = central.get(reverse("analytics:unit_dashboard", args=[p.pk]) + "?year=2019")
    card = response.context["higher_titles"]
    data = report_data(unit=p, year=2019)
    assert list(data.higher_titles) == card
    html = response.content.decode()
    assert "Xã nông thôn mới nâng cao, kiểu mẫu năm 2019" in html
    advanced = card[0]
    assert (
        f'<th scope="row">{advanced.title}</th><td class="num">2</td><td class="num">1</td>'
        '<td class="num">3</td><td class="num">1</td>'
    ) in html

    text = _docx_text(data)
    assert "d) Kết quả xây dựng xã nông thôn mới nâng cao, xã nông thôn mới kiểu mẫu:" in text
    assert (
        "- Xã nông thôn mới nâng cao: năm 2019, toàn tỉnh có 02 xã đạt chuẩn nông thôn mới nâng "
        "cao (quyết định công nhận còn hiệu lực): xã X1, thành phố Cao; xã X2, thành phố Cao; "
        "trong năm có thêm 01 xã được công nhận: xã X2, thành phố Cao (Quyết định số "
        "371/QĐ-UBND ngày 05/11/2019); 02 xã đang thực hiện hồ sơ xã nông thôn mới nâng cao năm "
        "2019: xã X3, thành phố Cao (4/5 tiêu chí); xã Y2, huyện Đồi (2/5 tiêu chí), bình quân "
        "đạt 3,00/5 tiêu chí/xã."
    ) in text
    assert (
        "- Xã nông thôn mới kiểu mẫu: năm 2019, toàn tỉnh có 01 xã đạt chuẩn nông thôn mới kiểu "
        "mẫu (quyết định công nhận còn hiệu lực): xã X1, thành phố Cao; trong năm có thêm 01 xã "
        "được công nhận: xã X1, thành phố Cao (Quyết định số 45/QĐ-UBND ngày 20/12/2019)."
    ) in text
    # The office's own text follows NTM's part.
    from ntm.reports.models import ReportText

    ReportText.objects.create(unit=p, year=2019, section="I.9.d", text="Tỉnh đã ban hành QĐ 371.")
    text = _docx_text(report_data(unit=p, year=2019))
    assert "ngày 20/12/2019).\nTỉnh đã ban hành QĐ 371." in text
    # The part comes before the appendix note, after the criteria (c).
    assert text.index("c) Kết quả thực hiện") < text.index("d) Kết quả xây dựng")
    assert text.index("d) Kết quả xây dựng") < text.index("(Có biểu chi tiết kèm theo)")


@pytest.mark.django_db
def test_a_province_without_advanced_or_model_communes_has_no_such_part(small_province, central):
    p = small_province["province"]
    data = report_data(unit=p, year=2019)
    assert data.higher_titles == ()
    text = _docx_text(data)
    assert "nông thôn mới nâng cao" not in text and "d) Kết quả xây dựng" not in text
    response = central.get(reverse("analytics:unit_dashboard", args=[p.pk]) + "?year=2019")
    assert response.context["higher_titles"] == []
    assert "Xã nông thôn mới nâng cao, kiểu mẫu" not in response.content.decode()


@pytest.mark.django_db
def test_a_file_in_progress_meeting_every_criterion_awaits_its_decision(titles):
    assess(titles["Y3"], 2019, first(5), titles["advanced"])
    data = report_data(unit=titles["province"], year=2019)
    text = _docx_text(data)
    assert "03 xã đang thực hiện hồ sơ xã nông thôn mới nâng cao năm 2019" in text
    assert (
        "bình quân đạt 3,67/5 tiêu chí/xã (01 xã đạt đủ tiêu chí, chưa có quyết định công nhận)"
        in text
    )


@pytest.mark.django_db
def test_the_excel_appendix_counts_the_holders_of_each_title_as_the_card(titles):
    import openpyxl

    from ntm.reports.renderers.xlsx import appendix_xlsx
    from ntm.reports.selectors import appendix_table

    p = titles["province"]
    data = report_data(unit=p, year=2019)
    assert appendix_table(unit=p, year=2019) == data.appendix
    sheet = openpyxl.load_workbook(io.BytesIO(appendix_xlsx(data.appendix))).active
    rows = {r[1]: r[3:] for r in sheet.iter_rows(values_only=True) if r[1]}
    assert rows["Số xã đã có QĐ công nhận đạt chuẩn NTM nâng cao"] == (None, 2, 2, None)
    assert rows["Số xã đã có QĐ công nhận đạt chuẩn NTM kiểu mẫu"] == (None, 0, 1, None)
    card = {t.code: t.decisions for t in selectors.higher_titles(unit=p, year=2019)}
    assert data.appendix.row("2.1.nc").values[2] == card["nang_cao"] == 2
    assert data.appendix.row("2.1.km").values[2] == card["kieu_mau"] == 1
    # The rows come under 2.1 and its recognised communes, before 2.2.
    keys = [r.key for r in data.appendix.rows]
    assert (
        keys.index("2.1.qd") + 1 == keys.index("2.1.nc") < keys.index("2.1.km") < keys.index("2.2")
    )


@pytest.mark.django_db
def test_the_appendix_without_higher_titles_is_the_official_table(small_province):
    keys = [r.key for r in report_data(unit=small_province["province"], year=2019).appendix.rows]
    assert "2.1.nc" not in keys and "2.1.km" not in keys


def test_a_title_without_decisions_says_none_yet_and_names_the_files_in_progress():
    from ntm.analytics.metrics import CommuneName, HigherTitle, TitleFile
    from ntm.reports.narrative import higher_title_paragraph

    a = CommuneName("1", "Sóc Hà", "xa", "Hà Quảng", "huyen")
    b = CommuneName("2", "Trường Hà", "xa", "Hà Quảng", "huyen")
    t = HigherTitle(
        title="Đạt chuẩn nông thôn mới kiểu mẫu",
        code="kieu_mau",
        set_kind="model",
        year=2024,
        holders=(),
        files_of_year=(TitleFile(a, 7, 9, True), TitleFile(b, 0, 9, False)),
    )
    assert higher_title_paragraph(t, unit_kind="huyen").text == (
        "- Xã nông thôn mới kiểu mẫu: năm 2024, toàn huyện chưa có xã đạt chuẩn nông thôn mới "
        "kiểu mẫu; 02 xã đang thực hiện hồ sơ xã nông thôn mới kiểu mẫu năm 2024: xã Sóc Hà, "
        "huyện Hà Quảng (7/9 tiêu chí); xã Trường Hà, huyện Hà Quảng (chưa đánh giá), bình quân "
        "đạt 7,00/9 tiêu chí/xã (trên 01 xã đã đánh giá)."
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_the_pdf_report_prints_the_section(titles, tmp_path):
    import shutil
    import subprocess
    from io import StringIO

    from django.core.management import call_command

    from ntm.reports import pdf

    assert pdf.soffice_path() and shutil.which("pdftotext"), "needs LibreOffice and poppler-utils"
    out = tmp_path / "r.pdf"
    call_command(
        "report",
        "pdf",
        "--province",
        "99",
        "--year",
        "2019",
        "--no-charts",
        "-o",
        str(out),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    text = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "d) Kết quả xây dựng xã nông thôn mới nâng cao" in text
    assert "có 02 xã đạt chuẩn nông thôn mới nâng cao" in text
    assert "371/QĐ-UBND ngày 05/11/2019" in text
