"""The workflow of a commune's assessment (quy trình xét, công nhận xã đạt chuẩn nông thôn mới).

It follows the procedure of Quyết định 2540/QĐ-TTg (30/12/2016): the commune
assesses itself and sends its file to the district (xã tự đánh giá, đề nghị);
the district people's committee verifies it (huyện thẩm tra) and sends it on;
the province appraises it (tỉnh thẩm định) and its chairman decides the
recognition (quyết định công nhận). At every step the file may be returned
with a reason (trả lại); after appraisal the values are locked until a province
officer reopens the file, again with a reason.

The rules are one table, :data:`TRANSITIONS`: for each (action, current state)
the state it leads to and the roles that perform it. Every step taken is a
:class:`~ntm.assessments.models.Transition` row (from, to, action, who, when,
why), kept for ever.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.accounts.scope import user_role
from ntm.accounts.services import (
    ACTION_LABELS,
    Action,
    Role,
    actions_allowed,
    ensure_can,
    role_label,
    state_rule,
)
from ntm.assessments.models import Assessment, Evidence, Transition
from ntm.assessments.selectors import entry_state, step_checks
from ntm.assessments.services.notifications import transition_notify
from ntm.core.audit import change_record
from ntm.core.concurrency import ensure_current
from ntm.core.errors import ApplicationError

State = Assessment.State


@dataclass(frozen=True)
class Step:
    """Where an action leads from one state, who performs it, and what it does to the lock."""

    to_state: str
    roles: frozenset[str]
    needs_reason: bool = False
    lock: bool | None = None  # True: lock the values, False: unlock, None: unchanged


_COMMUNE = frozenset({Role.COMMUNE, Role.CENTRAL})
_DISTRICT = frozenset({Role.DISTRICT, Role.CENTRAL})
_PROVINCE = frozenset({Role.PROVINCE, Role.CENTRAL})

#: The state machine: (action, from state) → step. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], Step] = {
    (Action.SUBMIT, State.DRAFT): Step(State.SUBMITTED, _COMMUNE),
    (Action.SUBMIT, State.RETURNED): Step(State.SUBMITTED, _COMMUNE),
    (Action.REVIEW, State.SUBMITTED): Step(State.REVIEWED, _DISTRICT),
    (Action.APPRAISE, State.REVIEWED): Step(State.APPRAISED, _PROVINCE, lock=True),
    (Action.RECOGNISE, State.APPRAISED): Step(State.RECOGNISED, _PROVINCE),
    # Returned by whoever is responsible for the step the file is waiting at.
    (Action.RETURN, State.SUBMITTED): Step(State.RETURNED, _DISTRICT, needs_reason=True),
    (Action.RETURN, State.REVIEWED): Step(State.RETURNED, _PROVINCE, needs_reason=True),
    (Action.RETURN, State.APPRAISED): Step(
        State.RETURNED, _PROVINCE, needs_reason=True, lock=False
    ),
    # Reopening unlocks values that the appraisal locked.
    (Action.REOPEN, State.APPRAISED): Step(
        State.RETURNED, _PROVINCE, needs_reason=True, lock=False
    ),
    (Action.REOPEN, State.RECOGNISED): Step(
        State.RETURNED, _PROVINCE, needs_reason=True, lock=False
    ),
}

#: Since 01/07/2025 a commune may have no district: it sends its file to the province,
#: which appraises (or returns) it straight from "submitted". These steps replace the
#: district's for such a commune (``transitions_for``).
DIRECT_TRANSITIONS: dict[tuple[str, str], Step | None] = {
    (Action.REVIEW, State.SUBMITTED): None,
    (Action.APPRAISE, State.SUBMITTED): Step(State.APPRAISED, _PROVINCE, lock=True),
    (Action.RETURN, State.SUBMITTED): Step(State.RETURNED, _PROVINCE, needs_reason=True),
}

WORKFLOW_ACTIONS: frozenset[str] = frozenset(
    action for action, _state in [*TRANSITIONS, *DIRECT_TRANSITIONS]
)


def has_district(assessment: Assessment) -> bool:
    """Whether the commune's file passes a district (``Assessment.has_district``)."""
    return assessment.has_district


def transitions_for(assessment: Assessment) -> Mapping[tuple[str, str], Step | None]:
    """The state machine for this file: the district's steps, or the direct ones of two tiers."""
    if has_district(assessment):
        return TRANSITIONS
    return {**TRANSITIONS, **DIRECT_TRANSITIONS}


#: States in which the commune holds the file and may change its values.
EDITABLE_STATES: frozenset[str] = frozenset({State.DRAFT, State.RETURNED})


def _state_label(state: str) -> str:
    try:
        return str(State(state).label)
    except ValueError:
        return state


def step_for(
    *,
    action: str,
    state: str,
    role: str,
    transitions: Mapping[tuple[str, str], Step | None] = TRANSITIONS,
) -> Step:
    """The step ``action`` takes from ``state`` when a ``role`` officer asks; refused otherwise."""
    label = ACTION_LABELS[Action(action)]
    step = transitions.get((action, state))
    if step is None:
        raise ApplicationError(
            _("Không thể %(action)s hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": label, "state": _state_label(state)}
        )
    if role not in step.roles:
        who = ", ".join(role_label(r) for r in sorted(step.roles) if r != Role.CENTRAL)
        raise ApplicationError(
            _("Hồ sơ ở trạng thái “%(state)s”: việc %(action)s do %(who)s thực hiện.")
            % {"state": _state_label(state), "action": label, "who": who}
        )
    return step


def ensure_unlocked(assessment: Assessment) -> None:
    """Refuse changes to an assessment locked by the province's appraisal."""
    if assessment.locked:
        raise ApplicationError(
            _(
                "Số liệu của %(a)s đã khoá sau thẩm định; cần cán bộ tỉnh mở lại hồ sơ "
                "(ghi rõ lý do) trước khi sửa."
            )
            % {"a": assessment}
        )


def ensure_state_editable(assessment: Assessment) -> None:
    """Refuse changes to values, statuses, evidence or remarks unless the commune holds the file."""
    ensure_unlocked(assessment)
    if assessment.state not in EDITABLE_STATES:
        raise ApplicationError(
            _(
                "Hồ sơ đang ở trạng thái “%(state)s”: chỉ sửa được khi hồ sơ ở trạng thái "
                "dự thảo hoặc bị trả lại."
            )
            % {"state": _state_label(assessment.state)}
        )


@state_rule(Assessment)
def assessment_state_allows(role: str, action: Action, assessment: Assessment) -> None:
    """The workflow's part of every permission on a commune's file (``accounts.ensure_can``).

    Editing (and a commune's import) needs the file in the commune's hands and
    unlocked; an office's import only needs it unlocked; a workflow action
    needs a step of :data:`TRANSITIONS` from the file's state for the role.
    """
    if action == Action.EDIT or (action == Action.IMPORT and role == Role.COMMUNE):
        ensure_state_editable(assessment)
    elif action == Action.IMPORT:
        ensure_unlocked(assessment)
    elif action in WORKFLOW_ACTIONS:
        step_for(
            action=action,
            state=assessment.state,
            role=role,
            transitions=transitions_for(assessment),
        )


@state_rule(Evidence)
def evidence_state_allows(role: str, action: Action, evidence: Evidence) -> None:
    """Evidence is part of the file: its rule is the file's."""
    assessment_state_allows(role, action, evidence.assessment)


def _fresh(assessment: Assessment) -> Assessment:
    """The assessment as stored now, locked for this transaction (PostgreSQL: SELECT … FOR UPDATE)."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("commune")
        .get(pk=assessment.pk)
    )


def assessment_ensure_editable(*, assessment: Assessment, user: Any) -> Assessment:
    """Guard for every write to an assessment's inputs (values, declarations, evidence, remarks).

    The engine's ``indicator_value_set`` / ``criterion_status_declare`` and the
    web views call it first. With a user: the role may edit (cán bộ xã or
    central), the commune is in the user's unit, the file is in draft or
    returned and not locked. Without a user (a system job such as a command-line
    import) only the lock is enforced: appraised values stay locked for
    everyone until reopened. Returns the assessment as stored, and keeps its row
    locked until the caller's transaction ends so that an appraisal cannot slip
    in between the check and the write.
    """
    with transaction.atomic():
        fresh = _fresh(assessment)
        if user is None:
            if fresh.locked:
                ensure_state_editable(fresh)
        else:
            ensure_can(user, Action.EDIT, fresh)
    return fresh


@transaction.atomic
def assessment_transition(
    *,
    assessment: Assessment,
    action: str,
    user: Any,
    reason: str = "",
    acknowledgements: Mapping[str, str] | None = None,
    version: str | None = None,
) -> Assessment:
    """Move ``assessment`` one step along :data:`TRANSITIONS`, recording who, when and why.

    Role, scope and state are checked again on the stored row inside the
    transaction. The caller's instance is updated too. Recognition is not done
    here: it needs a decision, recorded by ``recognition.recognition_record``.
    ``version`` (the API's ETag, ``selectors.entry_state``): refused with
    ``StaleEdit`` when the file changed since it was read.
    """
    if action == Action.RECOGNISE:
        raise ApplicationError(
            _("Công nhận xã phải kèm quyết định công nhận (số, ngày, cơ quan ban hành).")
        )
    return transition_apply(
        assessment=assessment,
        action=action,
        user=user,
        reason=reason,
        acknowledgements=acknowledgements,
        version=version,
    )


def checks_apply(
    *, assessment: Assessment, action: str, acknowledgements: Mapping[str, str] | None
) -> list[str]:
    """Refuse the step on a blocking check or an unacknowledged warning (``step_checks``).

    ``acknowledgements`` maps a warning's code to the officer's reason to go
    on. Returns the lines the history keeps: each warning with its reason.
    """
    label = ACTION_LABELS[Action(action)]
    checks = step_checks(assessment=assessment, action=action)
    blocking = [c for c in checks if c.blocking]
    if blocking:
        raise ApplicationError(
            _("Chưa thể %(action)s: %(why)s")
            % {"action": label, "why": " ".join(c.message for c in blocking)},
            {"checks": [c.code for c in blocking]},
        )
    given = {code: (text or "").strip() for code, text in (acknowledgements or {}).items()}
    warnings = [c for c in checks if not c.blocking]
    open_ = [c for c in warnings if not given.get(c.code)]
    if open_:
        raise ApplicationError(
            _("Cần xác nhận từng cảnh báo và ghi lý do trước khi %(action)s: %(why)s")
            % {"action": label, "why": " ".join(c.message for c in open_)},
            {"checks": [c.code for c in open_]},
        )
    return [
        _("Cảnh báo đã xác nhận: %(warning)s Lý do tiếp tục: %(reason)s")
        % {"warning": c.message, "reason": given[c.code]}
        for c in warnings
    ]


@transaction.atomic
def transition_apply(
    *,
    assessment: Assessment,
    action: str,
    user: Any,
    reason: str,
    acknowledgements: Mapping[str, str] | None = None,
    version: str | None = None,
) -> Assessment:
    """Take any step of :data:`TRANSITIONS`, recognition included (``recognition_record`` uses it).

    The file's checks (``selectors.step_checks``) are applied on the stored
    row: a blocking check refuses the step, each warning needs its
    acknowledgement (a reason), kept with the step's reason in the history.
    ``version``: the whole file as the caller read it (``selectors.entry_state``).
    """
    fresh = _fresh(assessment)
    ensure_can(user, action, fresh)
    ensure_current(token=version, now=entry_state(assessment=fresh))
    step = step_for(
        action=action, state=fresh.state, role=user_role(user), transitions=transitions_for(fresh)
    )
    reason = (reason or "").strip()
    if step.needs_reason and not reason:
        raise ApplicationError(
            _("Cần ghi rõ lý do khi %(action)s hồ sơ.") % {"action": ACTION_LABELS[Action(action)]}
        )
    acknowledged = checks_apply(assessment=fresh, action=action, acknowledgements=acknowledgements)
    reason = "\n".join([reason, *acknowledged]).strip()
    from_state = fresh.state
    fresh.state = step.to_state
    if step.lock is not None:
        fresh.locked = step.lock
    fresh.save(update_fields=["state", "locked", "updated_at"])
    transition = Transition.objects.create(
        assessment=fresh,
        from_state=from_state,
        to_state=fresh.state,
        action=str(action),
        user=user,
        reason=reason,
    )
    transition_notify(transition=transition)
    assessment.state, assessment.locked = fresh.state, fresh.locked
    return fresh


def assessment_submit(
    *,
    assessment: Assessment,
    user: Any,
    note: str = "",
    acknowledgements: Mapping[str, str] | None = None,
) -> Assessment:
    """The commune sends its file to the district (xã đề nghị xét công nhận)."""
    return assessment_transition(
        assessment=assessment,
        action=Action.SUBMIT,
        user=user,
        reason=note,
        acknowledgements=acknowledgements,
    )


def assessment_review(
    *,
    assessment: Assessment,
    user: Any,
    note: str = "",
    acknowledgements: Mapping[str, str] | None = None,
) -> Assessment:
    """The district has verified the file and forwards it to the province (huyện thẩm tra)."""
    return assessment_transition(
        assessment=assessment,
        action=Action.REVIEW,
        user=user,
        reason=note,
        acknowledgements=acknowledgements,
    )


def assessment_appraise(
    *,
    assessment: Assessment,
    user: Any,
    note: str = "",
    acknowledgements: Mapping[str, str] | None = None,
) -> Assessment:
    """The province appraises the file (tỉnh thẩm định); the values are locked from now on."""
    return assessment_transition(
        assessment=assessment,
        action=Action.APPRAISE,
        user=user,
        reason=note,
        acknowledgements=acknowledgements,
    )


def assessment_return(*, assessment: Assessment, user: Any, reason: str) -> Assessment:
    """Send the file back to the commune with a reason, by the level the file is waiting at."""
    return assessment_transition(
        assessment=assessment, action=Action.RETURN, user=user, reason=reason
    )


def assessment_reopen(*, assessment: Assessment, user: Any, reason: str) -> Assessment:
    """Unlock an appraised or recognised file for correction (province or central, with a reason).

    The file goes back to the commune (state “trả lại”). A recognition decision
    already recorded is a legal act and stays in force until revoked
    (see ``recognition_revoke``).
    """
    return assessment_transition(
        assessment=assessment, action=Action.REOPEN, user=user, reason=reason
    )


@transaction.atomic
def assessment_remarks_update(*, assessment: Assessment, user: Any, remarks: str) -> Assessment:
    """Change the commune's remarks (ghi chú) on its file, under the same rule as its values."""
    fresh = assessment_ensure_editable(assessment=assessment, user=user)
    assessment_remarks_write(assessment=fresh, user=user, remarks=remarks)
    assessment.remarks = fresh.remarks
    return fresh


def assessment_remarks_write(*, assessment: Assessment, user: Any, remarks: str) -> bool:
    """Write the remarks with their change record (the caller checked the file may be edited).

    Returns whether they changed.
    """
    text = (remarks or "").strip()
    if text == assessment.remarks:
        return False
    before = {"remarks": assessment.remarks}
    assessment.remarks = text
    assessment.save(update_fields=["remarks", "updated_at"])
    change_record(
        obj=assessment, action="update", user=user, before=before, after={"remarks": text}
    )
    return True


# --- selectors -------------------------------------------------------------------------


def assessment_history(*, assessment: Assessment) -> list[dict[str, Any]]:
    """The workflow steps of a file in the order they happened, as plain rows."""
    rows = []
    for t in (
        Transition.objects.filter(assessment=assessment).select_related("user").order_by("at", "id")
    ):
        rows.append(
            {
                "at": t.at,
                "action": t.action,
                "action_label": str(ACTION_LABELS.get(t.action, t.action)),
                "from_state": t.from_state,
                "from_label": _state_label(t.from_state),
                "to_state": t.to_state,
                "to_label": _state_label(t.to_state),
                "user_id": t.user_id,
                "user": (t.user.get_full_name() or t.user.get_username()) if t.user else "",
                "reason": t.reason,
            }
        )
    return rows


def assessment_actions(*, assessment: Assessment, user: Any) -> list[str]:
    """What ``user`` may do with the file now (edit and workflow actions): the buttons to show.

    ``recognise`` is done through ``recognition_record``, which also needs the
    decision's number, date and issuer.
    """
    candidates = [Action.EDIT, *sorted(WORKFLOW_ACTIONS, key=list(Action).index)]
    return actions_allowed(user, assessment, candidates)


#: The steps an office may take for many files at once from the status board.
BULK_ACTIONS: tuple[str, ...] = (Action.REVIEW, Action.APPRAISE)


@dataclass(frozen=True)
class BulkResult:
    """What became of one file of a bulk step: done, or refused and why."""

    assessment_id: int
    commune: str
    done: bool
    message: str = ""


def assessments_transition_bulk(
    *,
    assessments: list[Assessment],
    action: str,
    user: Any,
    note: str = "",
    warnings_reason: str = "",
) -> list[BulkResult]:
    """Take one step (forward or appraise) for each file, each on its own.

    Every file is checked and written in its own transaction, as if its button
    had been pressed: a file that may not take the step is refused with its
    reason and the others go on. With ``warnings_reason``, the officer
    acknowledges every warning of the chosen files with that reason (kept in
    each file's history, warning by warning); blocking checks still refuse.
    """
    if action not in BULK_ACTIONS:
        raise ApplicationError(_("Thao tác này không làm cho nhiều hồ sơ cùng lúc."))
    results = []
    for assessment in assessments:
        name = str(assessment.commune)
        reason = warnings_reason.strip()
        acknowledged = (
            {
                c.code: reason
                for c in step_checks(assessment=assessment, action=action)
                if not c.blocking
            }
            if reason
            else None
        )
        try:
            assessment_transition(
                assessment=assessment,
                action=action,
                user=user,
                reason=note,
                acknowledgements=acknowledged,
            )
        except ApplicationError as exc:
            results.append(BulkResult(assessment.pk, name, False, exc.message))
        else:
            results.append(BulkResult(assessment.pk, name, True))
    return results
