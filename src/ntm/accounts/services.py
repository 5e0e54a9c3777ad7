"""Who may do what (phân quyền): the role × action matrix and the one permission check.

Two questions decide every permission:

1. **Role** (``accounts.Profile.role``): may an officer of this role ever perform
   this action? That is :data:`ROLE_ACTIONS`, the matrix printed in
   ``docs/workflow.md``.
2. **Scope** (``core.scope``): does the object lie within the officer's unit
   (their commune, district or province, or the whole country for the central
   level)?

For an object with a workflow a third question follows: does the workflow
allow this action *now*, from the object's current state, and for this role?
The app that owns the workflow registers that rule here (:func:`state_rule`;
``assessments.services.workflow`` does for the commune's file: values are only
edited while the commune holds it, dự thảo or trả lại, and not locked by the
province's appraisal), so that this module depends on no app above it.

:func:`can` answers yes/no (for showing buttons); :func:`ensure_can` raises an
:class:`~ntm.core.errors.ApplicationError` with a Vietnamese message (for
services, which call it again inside their transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.models import Profile
from ntm.accounts.scope import ensure_in_scope, user_role, user_unit
from ntm.core.audit import change_record
from ntm.core.errors import ApplicationError
from ntm.units.models import AdminUnit

Role = Profile.Role


class Action(StrEnum):
    """Everything an officer can ask the system to do with a programme record."""

    VIEW = "view"
    EDIT = "edit"  # indicator values, declared statuses, evidence, remarks
    SUBMIT = "submit"  # xã gửi hồ sơ lên huyện
    REVIEW = "review"  # huyện rà soát, chuyển tỉnh
    APPRAISE = "appraise"  # tỉnh thẩm định (khoá số liệu)
    RETURN = "return"  # trả lại (kèm lý do)
    REOPEN = "reopen"  # mở lại hồ sơ đã thẩm định / công nhận (kèm lý do)
    RECOGNISE = "recognise"  # ghi quyết định công nhận
    REVOKE = "revoke"  # thu hồi quyết định công nhận
    PLAN_EDIT = "plan_edit"  # chỉ tiêu kế hoạch, xã phấn đấu
    IMPORT = "import"  # nhập số liệu từ tệp (CSV, Excel) thay cho xã
    CAMPAIGN_OPEN = "campaign_open"  # mở đợt đánh giá của tỉnh, đặt thời hạn
    DISTRICT_EDIT = "district_edit"  # kết quả của huyện: tiêu chí huyện, sự hài lòng, thị trấn
    OCOP_REGISTER = "ocop_register"  # xã đăng ký sản phẩm OCOP, kiểm tra trước hồ sơ
    OCOP_RATE = "ocop_rate"  # cấp đánh giá ghi điểm, cấp / thu hồi giấy chứng nhận OCOP
    ACTIVITY_EDIT = "activity_edit"  # lớp tập huấn, sự kiện, chuỗi giá trị, văn bản chỉ đạo
    PUBLISH = "publish"  # tỉnh công bố / thu hồi dữ liệu mở của một năm


ACTION_LABELS: dict[str, Any] = {
    Action.VIEW: gettext_lazy("xem"),
    Action.EDIT: gettext_lazy("sửa số liệu, minh chứng, ghi chú"),
    Action.SUBMIT: gettext_lazy("gửi hồ sơ lên huyện"),
    Action.REVIEW: gettext_lazy("rà soát và chuyển tỉnh"),
    Action.APPRAISE: gettext_lazy("thẩm định"),
    Action.RETURN: gettext_lazy("trả lại"),
    Action.REOPEN: gettext_lazy("mở lại"),
    Action.RECOGNISE: gettext_lazy("ghi quyết định công nhận"),
    Action.REVOKE: gettext_lazy("thu hồi quyết định công nhận"),
    Action.PLAN_EDIT: gettext_lazy("sửa kế hoạch, chỉ tiêu"),
    Action.IMPORT: gettext_lazy("nhập số liệu từ tệp"),
    Action.CAMPAIGN_OPEN: gettext_lazy("mở đợt đánh giá"),
    Action.DISTRICT_EDIT: gettext_lazy("ghi kết quả của huyện"),
    Action.OCOP_REGISTER: gettext_lazy("đăng ký sản phẩm OCOP, kiểm tra hồ sơ"),
    Action.OCOP_RATE: gettext_lazy("ghi điểm đánh giá, giấy chứng nhận OCOP"),
    Action.ACTIVITY_EDIT: gettext_lazy("ghi hoạt động (tập huấn, văn bản chỉ đạo, chuỗi giá trị)"),
    Action.PUBLISH: gettext_lazy("công bố dữ liệu mở"),
}

ALL_ROLES: tuple[str, ...] = tuple(Role.values)

#: The role × action matrix: which roles may ever perform an action (scope and
#: workflow state are checked on top). The central level (and superusers) may
#: do everything; the province recognises communes under Decision 2540/QĐ-TTg
#: (Chủ tịch UBND tỉnh công nhận xã đạt chuẩn), the district reviews its
#: communes' files, the commune prepares its own file.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Action.VIEW: frozenset(ALL_ROLES),
    Action.EDIT: frozenset({Role.COMMUNE, Role.CENTRAL}),
    Action.SUBMIT: frozenset({Role.COMMUNE, Role.CENTRAL}),
    Action.REVIEW: frozenset({Role.DISTRICT, Role.CENTRAL}),
    Action.APPRAISE: frozenset({Role.PROVINCE, Role.CENTRAL}),
    Action.RETURN: frozenset({Role.DISTRICT, Role.PROVINCE, Role.CENTRAL}),
    Action.REOPEN: frozenset({Role.PROVINCE, Role.CENTRAL}),
    Action.RECOGNISE: frozenset({Role.PROVINCE, Role.CENTRAL}),
    Action.REVOKE: frozenset({Role.PROVINCE, Role.CENTRAL}),
    Action.PLAN_EDIT: frozenset({Role.PROVINCE, Role.CENTRAL}),
    # Offices collect the communes' figures offline (the Excel workbook) and
    # import them for their communes; a commune imports only its own file.
    Action.IMPORT: frozenset({Role.COMMUNE, Role.DISTRICT, Role.PROVINCE, Role.CENTRAL}),
    # The province opens its communes' year (Quyết định 2540/QĐ-TTg: the province runs it).
    Action.CAMPAIGN_OPEN: frozenset({Role.PROVINCE, Role.CENTRAL}),
    # A district records its own criteria and survey; the province appraises them.
    Action.DISTRICT_EDIT: frozenset({Role.DISTRICT, Role.PROVINCE, Role.CENTRAL}),
    # OCOP (reference/ocop/README.md, QĐ 1489/2025): the commune registers its products and
    # pre-checks their dossiers; the level that rates records the scores and certificates
    # (the district for 3★ until 07/2025, the province, the centre for 5★; ocop.rules.LEVELS).
    Action.OCOP_REGISTER: frozenset({Role.COMMUNE, Role.CENTRAL}),
    Action.OCOP_RATE: frozenset({Role.DISTRICT, Role.PROVINCE, Role.CENTRAL}),
    # The offices of the province and the districts record their own courses, events,
    # value chains and directives (the report's part I).
    Action.ACTIVITY_EDIT: frozenset({Role.DISTRICT, Role.PROVINCE, Role.CENTRAL}),
    # The province makes its final year public (open data) and withdraws it: its figures are
    # the province's, appraised by it (docs/opendata.md).
    Action.PUBLISH: frozenset({Role.PROVINCE, Role.CENTRAL}),
}

#: Which administrative level a role's unit must be at (central: none, viewer: any).
ROLE_LEVELS: dict[str, int | None] = {
    Role.PROVINCE: AdminUnit.Level.PROVINCE,
    Role.DISTRICT: AdminUnit.Level.DISTRICT,
    Role.COMMUNE: AdminUnit.Level.COMMUNE,
}


def role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role or _("chưa phân vai trò")


def _object_unit(obj: Any) -> AdminUnit | None:
    """The administrative unit that decides who may touch ``obj`` (its scope)."""
    if obj is None:
        return None
    if isinstance(obj, AdminUnit):
        return obj
    for attr in ("unit", "commune"):
        unit = getattr(obj, attr, None)
        if isinstance(unit, AdminUnit):
            return unit
    assessment = getattr(obj, "assessment", None)
    if assessment is not None:
        return _object_unit(assessment)
    raise TypeError(f"Không xác định được đơn vị của {obj!r}")


#: A workflow's rule: (role, action, object) → None, or ApplicationError saying why not now.
StateRule = Callable[[str, "Action", Any], None]
_STATE_RULES: dict[type, StateRule] = {}


def state_rule(model: type) -> Callable[[StateRule], StateRule]:
    """Register the workflow rule that ``ensure_can`` applies to objects of ``model``."""

    def register(rule: StateRule) -> StateRule:
        _STATE_RULES[model] = rule
        return rule

    return register


def ensure_can(user: Any, action: str, obj: Any = None) -> None:
    """Raise ApplicationError unless ``user`` may perform ``action`` on ``obj`` now.

    ``obj`` may be an Assessment or an Evidence (role, scope and the workflow
    rule registered for it), a Recognition, a Target or TargetCommune, an
    AdminUnit, or None (role only).
    """
    action = Action(action)
    label = ACTION_LABELS[action]
    if user is None or not getattr(user, "is_authenticated", False):
        raise ApplicationError(_("Bạn cần đăng nhập để %(action)s.") % {"action": label})
    role = user_role(user)
    if not role:
        raise ApplicationError(
            _("Tài khoản chưa được phân vai trò, không thể %(action)s.") % {"action": label}
        )
    if role not in ROLE_ACTIONS[action]:
        raise ApplicationError(
            _("Vai trò “%(role)s” không được %(action)s.")
            % {"role": role_label(role), "action": label}
        )
    user_unit(user)  # an officer with no unit gets that told plainly
    unit = _object_unit(obj)
    if unit is not None:
        ensure_in_scope(user, unit)
    rule = _STATE_RULES.get(type(obj))
    if rule is not None:
        rule(role, action, obj)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether ``user`` may perform ``action`` on ``obj`` now (see :func:`ensure_can`)."""
    try:
        ensure_can(user, action, obj)
    except ApplicationError:
        return False
    return True


def actions_allowed(user: Any, obj: Any, actions: list[str] | None = None) -> list[str]:
    """The actions (in :class:`Action` order) ``user`` may perform on ``obj`` now: the buttons to show."""
    candidates = actions if actions is not None else list(Action)
    return [str(a) for a in candidates if can(user, a, obj)]


def profile_check(*, role: str, unit: AdminUnit | None) -> AdminUnit | None:
    """The unit a ``role`` officer is attached to, or why the combination makes no sense.

    A commune officer works for a commune, a district officer for a district, a
    province officer for a province; the central level needs no unit; a viewer
    (lãnh đạo, chỉ xem) may be attached to any unit.
    """
    if role not in ALL_ROLES:
        raise ApplicationError(_("Vai trò không hợp lệ: %(role)s.") % {"role": role})
    level = ROLE_LEVELS.get(role)
    if role == Role.CENTRAL:
        unit = None
    elif unit is None:
        raise ApplicationError(
            _("Vai trò “%(role)s” cần gắn với một đơn vị hành chính.") % {"role": role_label(role)}
        )
    elif level is not None and unit.level != level:
        raise ApplicationError(
            _("Vai trò “%(role)s” phải gắn với đơn vị %(level)s, không phải %(unit)s.")
            % {
                "role": role_label(role),
                "level": AdminUnit.Level(level).label.lower(),
                "unit": unit,
            }
        )
    return unit


@transaction.atomic
def profile_set(
    *, user: AbstractBaseUser, role: str, unit: AdminUnit | None, by: Any = None
) -> Profile:
    """Give an officer a role and a unit (``profile_check``), recorded in the change log."""
    unit = profile_check(role=role, unit=unit)
    existing = Profile.objects.filter(user=user).first()
    before = {"role": existing.role, "unit": existing.unit_id} if existing else None
    profile, _created = Profile.objects.update_or_create(
        user=user, defaults={"role": role, "unit": unit}
    )
    after = {"role": profile.role, "unit": profile.unit_id}
    if before != after:
        change_record(
            obj=profile,
            action="update" if before else "create",
            user=by,
            before=before,
            after=after,
        )
    return profile
