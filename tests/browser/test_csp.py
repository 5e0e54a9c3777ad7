"""The Content-Security-Policy holds in a real Chromium: no page breaks it, and the scripts work.

The policy (``CONTENT_SECURITY_POLICY`` in settings) has no 'unsafe-inline':
an inline script, an inline style or style attribute, or an ``on…=`` handler
would be blocked, and the page would lose what it does. Each main page is
opened with listeners for the browser's ``securitypolicyviolation`` events, its
console errors and its uncaught exceptions; none may appear, and the
behaviour the scripts give (htmx loading a criterion's explanation, the group
tabs of the entry form, the year switch, the chart) must still work.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out

pytestmark = pytest.mark.browser

#: Collects the violations from the first script the page runs (before any of the page's own).
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                    (e.sourceFile || "") + ":" + (e.lineNumber || ""));
});
"""


class Watch:
    """The console errors, uncaught exceptions and CSP violations of a page, as they come."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.add_init_script(LISTEN)
        page.on(
            "console",
            lambda m: self.errors.append(f"console {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror {exc}"))

    def visit(self, path: str) -> None:
        response = self.page.goto(self.page.base + path)
        assert response is not None and response.ok, path
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, policy
        self.page.wait_for_load_state("networkidle")
        self.check(path)

    def check(self, where: str) -> None:
        violations = self.page.evaluate("window.__csp || []")
        assert violations == [], f"{where}: {violations}"
        assert self.errors == [], f"{where}: {self.errors}"


def test_the_login_page_keeps_the_policy_and_a_violation_would_be_seen(page, cao_bang) -> None:
    watch = Watch(page)
    watch.visit("/accounts/login/")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    # What the checks below rely on: an inline script and a style attribute are blocked and
    # reported to the listener.
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.appendChild(s);
          document.body.setAttribute("style", "color: red");
        }"""
    )
    page.wait_for_function("window.__csp.length >= 2")
    assert page.evaluate("window.__ran") is None
    directives = " ".join(page.evaluate("window.__csp"))
    assert "script-src" in directives and "style-src" in directives


def test_the_main_pages_keep_the_policy_and_their_scripts_work(page, cao_bang) -> None:
    watch = Watch(page)
    log_in(page, "tinh")
    watch.check("after login")
    commune = cao_bang.commune
    assessment = cao_bang.assessment("commune")

    # The dashboard and its chart (inline SVG drawn by the server, styled by the stylesheet).
    watch.visit("/")
    chart = page.locator("svg.chart")
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() >= 19
    widest = chart.evaluate(
        "svg => Math.max(...[...svg.querySelectorAll('rect')].map(r => r.getBBox().width))"
    )
    assert widest > 0
    # The year switch submits its form from the script (data-autosubmit).
    page.get_by_label("Năm", exact=True).select_option("2018")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2018")
    watch.check("year switch")

    # The district's list of communes.
    watch.visit(f"/dashboard/{cao_bang.district}/")
    expect(page.get_by_role("link", name="Sóc Hà")).to_be_visible()

    # The commune page: a matrix cell loads its explanation with htmx, then another one.
    watch.visit(f"/assessments/communes/{commune}/")
    panel = page.locator("#criterion-panel")
    page.get_by_role("link", name=re.compile(r"^Tiêu chí 10, năm 2019")).click()
    expect(panel).to_contain_text("Tiêu chí 10")
    page.get_by_role("link", name=re.compile(r"^Tiêu chí 3, năm 2018")).click()
    expect(panel).to_contain_text("năm 2018")
    watch.check("criterion panels")

    for path in (
        "/assessments/board/",
        "/plans/",
        "/reports/",
        "/reports/texts/",
        "/reports/jobs/",
        "/interchange/import/",
    ):
        watch.visit(path)

    # The entry form and its criterion-group tabs, as the commune's officer.
    log_out(page)
    log_in(page, "xa")
    watch.visit(f"/assessments/{assessment.pk}/entry/")
    tabs = page.get_by_role("navigation", name="Nhóm tiêu chí").get_by_role("link")
    assert tabs.count() >= 2
    second = tabs.nth(1)
    label = second.inner_text().strip()
    second.click()
    expect(page.get_by_role("navigation", name="Nhóm tiêu chí")).to_contain_text(label)
    expect(page).to_have_url(re.compile(r"group="))
    watch.check("entry tabs")
