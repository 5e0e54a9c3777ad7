"""The guide in the app: each main page links to its part, the part exists in Vietnamese and in
English, and each criterion links to its rule (legal basis, indicators, thresholds as known)."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from ntm.assessments.models import Assessment
from ntm.core.views import HELP_TOPICS
from ntm.criteria.models import Indicator, Threshold
from tests.factories import CaoBang

HELP_LINK = re.compile(r'<a class="help-link" href="(/help/([\w-]+)/)#([\w-]+)"')


def _english(client: Client) -> Client:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def _pages(cb: CaoBang) -> dict[str, list[str]]:
    """Officer → the main pages they work on."""
    a = cb.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state="draft", locked=False)
    commune = reverse("assessments:commune_detail", args=[cb.commune])
    return {
        "xa": [
            reverse("assessments:entry", args=[a.pk]),
            commune,
            reverse("assessments:worklist"),
            reverse("assessments:notification_list"),
            reverse("interchange:import"),
        ],
        "tinh": [
            reverse("analytics:dashboard"),
            reverse("assessments:board"),
            reverse("assessments:campaign"),
            reverse("plans:target_list"),
            reverse("reports:report_home"),
            reverse("reports:text_list"),
            reverse("reports:job_list"),
        ],
    }


def test_every_main_page_links_to_a_part_of_the_guide_that_exists_in_both_languages(
    cao_bang: CaoBang, login
) -> None:
    for username, urls in _pages(cao_bang).items():
        client = login(username)
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200, url
            links = HELP_LINK.findall(page.content.decode())
            assert len(links) == 1, f"{url}: {links}"
            help_url, topic, anchor = links[0]
            assert topic in HELP_TOPICS
            for reader in (login(username), _english(login(username))):
                guide = reader.get(help_url)
                assert guide.status_code == 200
                assert anchor in _ids(guide.content.decode()), f"{url} → {help_url}#{anchor}"


def test_each_topic_has_the_same_parts_in_english_as_in_vietnamese(cao_bang, login) -> None:
    vi, en = login("xa"), _english(login("xa"))
    for topic in HELP_TOPICS:
        url = reverse("help:topic", args=[topic])
        vi_page, en_page = vi.get(url).content.decode(), en.get(url).content.decode()
        assert _ids(vi_page) == _ids(en_page), topic
        assert '<html lang="vi">' in vi_page and '<html lang="en">' in en_page
        sections = re.findall(r'<section id="([\w-]+)"', vi_page)
        assert len(sections) >= 3, topic
    assert (
        "Tỷ lệ (%) nằm trong khoảng"
        in vi.get(reverse("help:topic", args=["entry"])).content.decode()
    )
    assert (
        "A percentage lies between"
        in en.get(reverse("help:topic", args=["entry"])).content.decode()
    )


def test_the_guide_needs_a_login_and_knows_its_topics(cao_bang, login) -> None:
    anonymous = Client().get(reverse("help:topic", args=["entry"]))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert login("xa").get("/help/khong-co/").status_code == 404
    index = login("xa").get(reverse("help:index")).content.decode()
    assert all(reverse("help:topic", args=[t]) in index for t in HELP_TOPICS)


RULE = reverse("criteria:criterion_rule", args=["xa-ntm-2016-2020", 17])


def _rows(html: str, code: str) -> list[str]:
    """The threshold rows of one indicator's card."""
    card = html.split(f'<span class="code">{code}</span>', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", card, re.S)


def test_a_criterions_rule_shows_its_legal_basis_indicators_and_thresholds(cao_bang, login):
    html = login("xa").get(RULE).content.decode()
    assert "Quyết định 1980/QĐ-TTg ngày 17/10/2016" in html
    indicator = Indicator.objects.get(criterion__number=17, code="17.1")
    assert indicator.content[:40] in html
    rows = _rows(html, "17.1")
    thresholds = Threshold.objects.filter(indicator=indicator)
    assert len(rows) == thresholds.count()
    assert rows[0].startswith("Chung cả nước")
    assert any(r.startswith("Vùng Trung du và miền núi phía Bắc") for r in rows)
    unverified = thresholds.filter(verified=False).exclude(value_number=None).count()
    assert sum("chưa kiểm chứng" in r for r in rows) == unverified > 0


def test_an_empty_threshold_says_it_has_no_source_and_a_provinces_own_is_named(
    cao_bang: CaoBang, login
) -> None:
    indicator = Indicator.objects.get(criterion__number=17, code="17.1")
    national = Threshold.objects.get(indicator=indicator, region=None, province=None)
    Threshold.objects.filter(pk=national.pk).update(value_number=None, value_text="", verified=True)
    Threshold.objects.create(
        indicator=indicator,
        province=cao_bang.unit("province"),
        value_number=Decimal("95"),
        verified=True,
    )
    rows = _rows(login("xa").get(RULE).content.decode(), "17.1")
    assert "chưa có nguồn" in rows[0] and "đã kiểm chứng" not in rows[0]
    own = [r for r in rows if r.startswith("Ngưỡng riêng của")]
    assert len(own) == 1 and "95%" in own[0] and "đã kiểm chứng" in own[0]
    assert rows[-1] == own[0]  # the most specific last


def test_the_rule_page_reads_in_english(cao_bang, login) -> None:
    html = _english(login("xa")).get(RULE).content.decode()
    assert "Legal basis" in html and "Northern Midlands and Mountains" in html


def test_the_entry_form_and_the_criterion_panel_link_to_each_criterions_rule(
    cao_bang: CaoBang, login
) -> None:
    a = cao_bang.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state="draft", locked=False)
    client = login("xa")
    entry = client.get(reverse("assessments:entry", args=[a.pk]) + "?group=IV").content.decode()
    assert RULE in entry
    panel = client.get(
        reverse("assessments:criterion_panel", args=[a.pk, 17]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert RULE in panel
    assert client.get(RULE).status_code == 200


@pytest.mark.parametrize("code, number", [("xa-ntm-2016-2020", 99), ("khong-co", 1)])
def test_a_criterion_that_does_not_exist_is_a_404(cao_bang, login, code, number) -> None:
    url = reverse("criteria:criterion_rule", args=[code, number])
    assert login("xa").get(url).status_code == 404
