"""What every page's template is given about the user: the main navigation for their role."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.accounts.scope import user_role

# The main navigation: url name, label, roles that see it, view names it covers.
# What a user may do is checked again on the server; this only hides links that lead nowhere.
_NAV = [
    (
        "analytics:dashboard",
        gettext_noop("Tổng quan"),
        {"central", "province", "district", "viewer"},
        ("analytics:",),
    ),
    (
        "reports:territory",
        gettext_noop("Cả nước"),
        {"central"},
        ("reports:territory",),
    ),
    (
        "assessments:worklist",
        gettext_noop("Việc cần làm"),
        {"central", "province", "district", "commune"},
        ("assessments:worklist", "assessments:notification"),
    ),
    (
        "assessments:my_commune",
        gettext_noop("Xã của tôi"),
        {"commune"},
        ("assessments:commune", "assessments:entry", "assessments:my_commune"),
    ),
    (
        "assessments:board",
        gettext_noop("Bảng trạng thái"),
        {"central", "province", "district", "viewer"},
        ("assessments:board",),
    ),
    (
        "plans:target_list",
        gettext_noop("Kế hoạch"),
        {"central", "province", "district", "viewer"},
        ("plans:",),
    ),
    (
        "ocop:product_list",
        gettext_noop("Sản phẩm OCOP"),
        {"central", "province", "district", "commune", "viewer"},
        ("ocop:",),
    ),
    (
        "assessments:campaign",
        gettext_noop("Mở đợt đánh giá"),
        {"central", "province"},
        ("assessments:campaign",),
    ),
    (
        "interchange:import",
        gettext_noop("Nhập tệp"),
        {"central", "province", "district", "commune"},
        ("interchange:",),
    ),
    (
        "reports:report_home",
        gettext_noop("Báo cáo"),
        {"central", "province", "district", "viewer"},
        ("reports:report", "reports:text", "reports:appendix"),
    ),
    (
        "reports:job_list",
        gettext_noop("Tác vụ"),
        {"central", "province", "district"},
        ("reports:job",),
    ),
    (
        "resources:resource_list",
        gettext_noop("Nguồn lực"),
        {"central", "province", "district", "commune", "viewer"},
        ("resources:",),
    ),
    (
        "activities:activity_list",
        gettext_noop("Hoạt động"),
        {"central", "province", "district", "viewer"},
        ("activities:",),
    ),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav_items``: links of the main navigation the current user may follow, the current one marked."""
    user = getattr(request, "user", None)
    role = user_role(user) if user is not None else ""
    current = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    items = []
    for name, label, roles, covers in _NAV:
        if role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {"name": name, "url": url, "label": _(label), "active": current.startswith(covers)}
        )
    return {"nav_items": items}
