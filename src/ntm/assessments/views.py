"""Pages of a commune's assessments: the commune page, the entry form, evidence, the workflow
buttons, recognition decisions and the status board.

Views are thin: lookups are narrowed to the user's units (404 outside them),
every write goes through a service of ``assessments.services`` which checks
role, scope and workflow state again inside its transaction.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from ntm.accounts.scope import (
    home_unit,
    scoped_object_or_404,
    unit_or_404,
    units_restrict,
    user_role,
)
from ntm.accounts.services import ACTION_LABELS, ROLE_ACTIONS, Action, can, ensure_can
from ntm.assessments import selectors
from ntm.assessments.filtersets import AssessmentFilterSet
from ntm.assessments.forms import (
    CampaignOpenForm,
    DeadlinesForm,
    DistrictResultsForm,
    EntryForm,
    EvidenceForm,
    NewAssessmentForm,
    ReasonForm,
    RecognitionForm,
    RevokeForm,
)
from ntm.assessments.models import (
    Assessment,
    Evidence,
    Recognition,
)
from ntm.assessments.services import workflow
from ntm.assessments.services.campaign import Deadlines, campaign_deadlines_set, campaign_open
from ntm.assessments.services.district import district_results_save, district_results_state
from ntm.assessments.services.entry import assessment_entry_save
from ntm.assessments.services.evaluation import (
    assessment_get_or_create,
)
from ntm.assessments.services.evidence import evidence_add, evidence_remove
from ntm.assessments.services.notifications import notifications_mark_read
from ntm.assessments.services.recognition import (
    merger_titles,
    recognition_record,
    recognition_revoke,
    recognitions_list,
)
from ntm.core.charts import TrendPoint, trend_chart
from ntm.core.concurrency import Change, StaleEdit, version_token
from ntm.core.errors import ApplicationError
from ntm.core.files import protected_file_response
from ntm.core.lists import (
    Column,
    list_download,
    list_links,
    list_sort,
    rows_sorted,
)
from ntm.core.params import YEAR_MAX, YEAR_MIN, param_int
from ntm.core.views import is_htmx, redirect_back, request_int, requested_year, run_service
from ntm.criteria.models import CriteriaSet, CriterionGroup
from ntm.criteria.selectors import years_with_criteria_set
from ntm.evaluation.checks import Check
from ntm.units.models import AdminUnit
from ntm.units.names import search_key

COMMUNE_LEVEL = AdminUnit.Level.COMMUNE

#: Workflow actions that are plain buttons (recognise needs the decision's details).
BUTTON_ACTIONS = [Action.SUBMIT, Action.REVIEW, Action.APPRAISE, Action.RETURN, Action.REOPEN]


def _button_label(action: str, assessment: Assessment) -> str:
    direct = not workflow.has_district(assessment)
    labels = {
        Action.SUBMIT: _("Gửi hồ sơ lên tỉnh") if direct else _("Gửi hồ sơ lên huyện"),
        Action.REVIEW: _("Đã rà soát, chuyển tỉnh"),
        Action.APPRAISE: _("Thẩm định đạt, khoá số liệu"),
        Action.RETURN: _("Trả lại xã"),
        Action.REOPEN: _("Mở lại hồ sơ"),
    }
    return labels[action]


def _button(action: str, checks: list[Check], assessment: Assessment) -> dict[str, Any]:
    """A workflow button with the checks of its step (blocking ones disable it)."""
    return {
        "action": action,
        "label": _button_label(action, assessment),
        "needs_reason": action in (Action.RETURN, Action.REOPEN),
        "blocking": [c for c in checks if c.blocking],
        "warnings": [c for c in checks if not c.blocking],
    }


def _submit_checks(assessment: Assessment, can_submit: bool) -> dict[str, list[Check]]:
    """The checks of the entry page's submit button (none when it is not shown)."""
    checks = (
        selectors.step_checks(assessment=assessment, action=Action.SUBMIT) if can_submit else []
    )
    return {
        "submit_direct": not workflow.has_district(assessment),
        "submit_blocking": [c for c in checks if c.blocking],
        "submit_warnings": [c for c in checks if not c.blocking],
    }


def _done_message(action: str, assessment: Assessment) -> str:
    direct = not workflow.has_district(assessment)
    texts = {
        Action.SUBMIT: _("Đã gửi hồ sơ %(a)s lên tỉnh.")
        if direct
        else _("Đã gửi hồ sơ %(a)s lên huyện."),
        Action.REVIEW: _("Đã chuyển hồ sơ %(a)s lên tỉnh."),
        Action.APPRAISE: _("Đã thẩm định hồ sơ %(a)s; số liệu đã được khoá."),
        Action.RETURN: _("Đã trả lại hồ sơ %(a)s cho xã."),
        Action.REOPEN: _("Đã mở lại hồ sơ %(a)s."),
    }
    return texts[action] % {"a": assessment}


def _assessment_or_404(user: Any, pk: int) -> Assessment:
    return scoped_object_or_404(
        user,
        Assessment.objects.select_related("commune", "commune__parent", "criteria_set"),
        unit_field="commune",
        pk=pk,
    )


def _unit_crumbs(unit: AdminUnit, user: Any, year: int | None = None) -> list[dict[str, Any]]:
    """Home › province › district › commune, linking only units the user may see."""
    crumbs: list[dict[str, Any]] = [
        {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")}
    ]
    suffix = f"?year={year}" if year else ""
    for ancestor in selectors.visible_ancestors(user=user, unit=unit):
        crumbs.append(
            {
                "label": str(ancestor),
                "url": reverse("analytics:unit_dashboard", args=[ancestor.pk]) + suffix,
            }
        )
    crumbs.append({"label": str(unit), "url": ""})
    return crumbs


def commune_url(commune_id: int, year: int | None = None) -> str:
    url = reverse("assessments:commune_detail", args=[commune_id])
    return f"{url}?year={year}" if year else url


class MyCommuneView(View):
    """A commune officer's own commune page; other roles go to their dashboard."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = home_unit(request.user)
        if unit is not None and unit.level == COMMUNE_LEVEL:
            return redirect(commune_url(unit.pk))
        return redirect("analytics:dashboard")


def _criteria_trend(assessments: list[Assessment]) -> dict[str, object]:
    rows = selectors.criteria_trend(assessments=assessments)
    points = [
        TrendPoint(
            r["year"],
            r["met"],
            _("chưa đánh giá") if r["met"] is None else f"{r['met']}/{r['total']}",
            provisional=r["provisional"],
            series=r["series"],
        )
        for r in rows
    ]
    return trend_chart(points, scale=max((r["total"] for r in rows), default=1))


class CommuneDetailView(View):
    """The commune page: criteria × years, the chosen year's file, its history, evidence and decisions."""

    template_name = "assessments/commune_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = request.user
        commune = unit_or_404(
            user,
            pk,
            AdminUnit.objects.filter(level=COMMUNE_LEVEL).select_related("parent", "province"),
        )
        assessments = selectors.commune_assessments(user=user, commune=commune)
        years = [a.year for a in assessments]
        held = selectors.recognised_years(commune=commune, years=years)
        for a in assessments:
            a.recognised_in_force = a.year in held  # type: ignore[attr-defined]
        year = requested_year(request, years)
        current = next((a for a in assessments if a.year == year), None)
        context: dict[str, Any] = {
            "commune": commune,
            "assessments": assessments,
            "years": years,
            "year": year,
            "current": current,
            "breadcrumbs": _unit_crumbs(commune, user, year),
            "recognitions": recognitions_list(unit=commune),
            "recognition_history": selectors.recognitions_history(commune=commune),
            "can_revoke": can(user, Action.REVOKE, commune),
            "other_files": selectors.commune_other_files(user=user, commune=commune),
        }
        for f in context["other_files"]:
            f.can_edit = can(user, Action.EDIT, f)  # type: ignore[attr-defined]
        # The matrix lines up the criteria of one period: other periods' years are linked apart.
        reference = current or (assessments[-1] if assessments else None)
        if reference is not None:
            period = reference.criteria_set.period_start
            context["assessments"] = [
                a for a in assessments if a.criteria_set.period_start == period
            ]
            context["other_set_years"] = [
                a.year for a in assessments if a.criteria_set.period_start != period
            ]
        context["matrix"] = selectors.criteria_matrix(
            assessments=context["assessments"], current=current
        )
        context["trend"] = _criteria_trend(assessments)
        if current is not None:
            actions = workflow.assessment_actions(assessment=current, user=user)
            context.update(
                {
                    "history": workflow.assessment_history(assessment=current),
                    "deadline": selectors.commune_deadline(assessment=current),
                    "carried_count": selectors.carried_unconfirmed_count(assessment=current),
                    "evidence": selectors.assessment_evidence(assessment=current),
                    "can_edit": Action.EDIT in actions,
                    "buttons": [
                        _button(a, selectors.step_checks(assessment=current, action=a), current)
                        for a in BUTTON_ACTIONS
                        if a in actions
                    ],
                    "recognise_checks": selectors.step_checks(
                        assessment=current, action=Action.RECOGNISE
                    )
                    if Action.RECOGNISE in actions
                    else [],
                    "can_recognise": Action.RECOGNISE in actions,
                    "recognition_form": RecognitionForm(
                        initial={"issuer": _("Ủy ban nhân dân %(p)s") % {"p": commune.province}}
                        if commune.province_id
                        else None
                    ),
                    "reason_form": ReasonForm(),
                    "assessment": current,
                    "evidence_form": EvidenceForm(
                        criteria=[row["criterion"] for row in context["matrix"]]
                    )
                    if Action.EDIT in actions
                    else None,
                }
            )
        context["lineage"] = selectors.commune_lineage(user=user, commune=commune)
        context["merger_titles"] = merger_titles(commune=commune)
        context["new_form"] = _new_assessment_offer(user, commune, years)
        context["villages"] = (
            selectors.commune_villages(commune=commune, year=year) if year is not None else []
        )
        return render(request, self.template_name, context)


def _new_assessment_offer(
    user: Any, commune: AdminUnit, years: list[int]
) -> NewAssessmentForm | None:
    """The form to open next year's file, when the user may edit the commune's values."""
    if not can(user, Action.EDIT, commune):
        return None
    from ntm.criteria.services import criteria_set_for_year

    next_year = (max(years) + 1) if years else datetime.date.today().year
    try:
        criteria_set_for_year(year=next_year, province=commune.province)
    except ApplicationError:
        return None
    return NewAssessmentForm(initial={"year": next_year})


class CriterionPanelView(View):
    """One cell of the matrix: why the criterion is met or not, indicator by indicator."""

    def get(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        assessment = _assessment_or_404(request.user, pk)
        panel = selectors.criterion_panel(assessment=assessment, number=number)
        if panel is None:
            raise Http404("no such criterion")
        context = {
            "assessment": assessment,
            **panel,
            "english": request.LANGUAGE_CODE == "en",
        }
        if is_htmx(request):
            return render(request, "assessments/_criterion_panel.html", context)
        context["breadcrumbs"] = _unit_crumbs(assessment.commune, request.user, assessment.year)[
            :-1
        ] + [
            {
                "label": str(assessment.commune),
                "url": commune_url(assessment.commune_id, assessment.year),
            },
            {"label": _("Tiêu chí %(n)s") % {"n": number}, "url": ""},
        ]
        return render(request, "assessments/criterion_detail.html", context)


class AssessmentCreateView(View):
    """Open a commune's file for a year (the entry form follows)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        commune = unit_or_404(request.user, pk, AdminUnit.objects.filter(level=COMMUNE_LEVEL))
        form = NewAssessmentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Năm không hợp lệ."))
            return redirect(commune_url(commune.pk))
        try:
            ensure_can(request.user, Action.EDIT, commune)

            assessment = assessment_get_or_create(commune=commune, year=form.cleaned_data["year"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(commune_url(commune.pk))
        messages.success(request, _("Đã mở hồ sơ %(a)s.") % {"a": assessment})
        return redirect("assessments:entry", pk=assessment.pk)


def _invalid_entry_message() -> str:
    return _("Chưa lưu: có ô nhập chưa đúng, xem thông báo bên dưới từng ô.")


class EntryView(View):
    """The commune's entry form for one criterion group: values, declarations, remarks."""

    template_name = "assessments/entry.html"

    def _setup(
        self, request: HttpRequest, pk: int
    ) -> tuple[Assessment, list[CriterionGroup], CriterionGroup]:
        assessment = _assessment_or_404(request.user, pk)
        try:
            ensure_can(request.user, Action.EDIT, assessment)
        except ApplicationError as exc:
            raise PermissionDenied(exc.message) from exc
        groups = selectors.set_groups(criteria_set_id=assessment.criteria_set_id)
        if not groups:
            raise Http404("no criteria groups")
        code = request.GET.get("group") or request.POST.get("group") or groups[0].code
        group = next((g for g in groups if g.code == code), groups[0])
        return assessment, groups, group

    def _form(
        self, request: HttpRequest, assessment: Assessment, group: CriterionGroup, data: Any = None
    ) -> EntryForm:
        criteria, values, declared = selectors.entry_inputs(assessment=assessment, group=group)
        return EntryForm(
            data, criteria=criteria, values=values, declared=declared, remarks=assessment.remarks
        )

    def _render(
        self,
        request: HttpRequest,
        assessment: Assessment,
        groups: list[CriterionGroup],
        group: CriterionGroup,
        form: EntryForm,
        stale: list[Change] | None = None,
    ) -> HttpResponse:
        statuses = selectors.assessment_statuses(assessment=assessment)
        previous = selectors.previous_values(
            assessment=assessment,
            codes=[i["indicator"].code for r in form.rows for i in r["indicators"]],
        )
        for row in form.rows:
            status = statuses.get(row["criterion"].pk)
            lines = ((status.explanation or {}).get("indicators") or []) if status else []
            row["status"] = status
            row["lines"] = {line.get("code"): line for line in lines}
            for item in row["indicators"]:
                item["previous"] = previous.get(item["indicator"].code)
        actions = workflow.assessment_actions(assessment=assessment, user=request.user)
        index = groups.index(group)
        context = {
            "assessment": assessment,
            "commune": assessment.commune,
            "groups": groups,
            "completion": selectors.group_completion(assessment=assessment),
            "group": group,
            "next_group": groups[index + 1] if index + 1 < len(groups) else None,
            "form": form,
            "evidence_form": EvidenceForm(criteria=[r["criterion"] for r in form.rows]),
            "evidence": selectors.assessment_evidence(assessment=assessment, group=group),
            "can_submit": Action.SUBMIT in actions,
            **_submit_checks(assessment, Action.SUBMIT in actions),
            "returned": selectors.return_reason(assessment=assessment),
            "deadline": selectors.assessment_deadline(
                assessment=assessment,
                level=selectors.viewer_level(user=request.user) or "commune",
            ),
            "carried_count": selectors.carried_unconfirmed_count(assessment=assessment),
            "group_carried": form.carried_codes(),
            "version": version_token(selectors.entry_state(assessment=assessment, group=group)),
            "stale": [_stale_line(c, form) for c in stale or []],
            "breadcrumbs": _unit_crumbs(assessment.commune, request.user, assessment.year)[:-1]
            + [
                {
                    "label": str(assessment.commune),
                    "url": commune_url(assessment.commune_id, assessment.year),
                },
                {"label": _("Nhập số liệu năm %(y)s") % {"y": assessment.year}, "url": ""},
            ],
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment, groups, group = self._setup(request, pk)
        return self._render(
            request, assessment, groups, group, self._form(request, assessment, group)
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment, groups, group = self._setup(request, pk)
        form = self._form(request, assessment, group, request.POST)
        if not form.is_valid():
            messages.error(request, _invalid_entry_message())
            return self._render(request, assessment, groups, group, form)
        try:
            saved = assessment_entry_save(
                assessment=assessment,
                user=request.user,
                values=[(ind.code, inputs) for ind, inputs in form.changed_indicators()],
                declarations=[(c.number, met) for c, met in form.changed_declarations()],
                remarks=form.cleaned_data["remarks"] if "remarks" in form.changed_data else None,
                group=group,
                version=request.POST.get("version", ""),
                confirm=form.confirmed_codes(whole_group="confirm_group" in request.POST),
            )
        except StaleEdit as exc:
            # Said once, in the form's banner that lists what changed.
            assessment.refresh_from_db()
            fresh = self._form(request, assessment, group)
            form = self._form(request, assessment, group, _keep_others(request, fresh, exc))
            form.is_valid()
            return self._render(request, assessment, groups, group, form, stale=exc.changes)
        except ApplicationError as exc:
            field = form.value_field(str(exc.extra.get("indicator", "")))
            if field is None:
                messages.error(request, exc.message)
            else:  # a value the service refuses is shown at its input, like the form's own checks
                form.add_error(field, exc.message)
                messages.error(request, _invalid_entry_message())
            return self._render(request, assessment, groups, group, form)
        if saved:
            messages.success(
                request,
                ngettext("Đã lưu %(n)s thay đổi.", "Đã lưu %(n)s thay đổi.", saved) % {"n": saved},
            )
            # the data-quality rules run on entry: what the saved file now breaks, said at once
            for violation in selectors.assessment_quality(assessment=assessment):
                messages.warning(
                    request,
                    _("Kiểm tra dữ liệu: %(rule)s.")
                    % {"rule": selectors.violation_text(violation)},
                )
        else:
            messages.info(request, _("Không có thay đổi nào để lưu."))
        target = group
        if "save_next" in request.POST:
            index = groups.index(group)
            target = groups[min(index + 1, len(groups) - 1)]
        return redirect(
            reverse("assessments:entry", args=[assessment.pk]) + f"?group={target.code}"
        )


def _keep_others(request: HttpRequest, fresh: EntryForm, stale: StaleEdit) -> Any:
    """The officer's posted inputs, but the inputs others changed since as they are now
    (``fresh``: the form built from what is stored now), so that saving again keeps both."""
    data = request.POST.copy()
    for change in stale.changes:
        for name in fresh.field_names(change.key):
            bound = fresh[name]
            value = bound.field.widget.format_value(bound.value())
            if isinstance(value, list):  # a select's value
                value = value[0] if value else ""
            data[name] = "" if value is None else str(value)
    return data


def _stale_line(change: Change, form: EntryForm) -> dict[str, Any]:
    """A change someone made since the page was opened, as the banner lists it."""
    kind, _sep, ident = change.key.partition(":")
    if change.key == "remarks":
        label = _("Ghi chú")
    elif kind == "d":
        label = _("Khai báo tiêu chí %(n)s") % {"n": ident}
    else:
        label = _("Chỉ tiêu %(c)s") % {"c": ident}
    return {"label": label, "opened": change.opened or "–", "now": change.now or "–"}


def _form_errors_to_messages(request: HttpRequest, form: Form) -> None:
    """A refused form posted from a page it redirects back to: its errors become messages."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


class EvidenceUploadView(View):
    """Attach a file (minh chứng) to the file of the year, optionally to one criterion."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = _assessment_or_404(request.user, pk)
        criteria = selectors.set_criteria(criteria_set_id=assessment.criteria_set_id)
        form = EvidenceForm(request.POST, request.FILES, criteria=criteria)
        fallback = commune_url(assessment.commune_id, assessment.year)
        if not form.is_valid():
            _form_errors_to_messages(request, form)
            return redirect_back(request, fallback)

        done = run_service(
            request,
            evidence_add,
            assessment=assessment,
            criterion_number=form.cleaned_data["criterion"],
            file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            user=request.user,
        )
        if done is not None:
            messages.success(request, _("Đã tải lên minh chứng “%(t)s”.") % {"t": done.title})
        return redirect_back(request, fallback)


class EvidenceDownloadView(View):
    """Serve an evidence file to users whose units include the commune (files are not public)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        evidence = scoped_object_or_404(
            request.user,
            Evidence.objects.select_related("assessment"),
            unit_field="assessment__commune",
            pk=pk,
        )
        return protected_file_response(evidence.file)


class EvidenceDeleteView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        evidence = scoped_object_or_404(
            request.user,
            Evidence.objects.select_related("assessment"),
            unit_field="assessment__commune",
            pk=pk,
        )
        assessment = evidence.assessment

        title = evidence.title
        try:
            evidence_remove(evidence=evidence, user=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã xoá minh chứng “%(t)s”.") % {"t": title})
        return redirect_back(request, commune_url(assessment.commune_id, assessment.year))


class TransitionView(View):
    """A workflow button: submit, review (forward), appraise, return, reopen (POST only)."""

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in BUTTON_ACTIONS:
            raise Http404("unknown action")
        assessment = _assessment_or_404(request.user, pk)
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        # One reason for the warnings the officer ticked (checkbox "ack", value: the code).
        ack_reason = request.POST.get("ack_reason", "").strip()
        acknowledgements = {code: ack_reason for code in request.POST.getlist("ack")}
        done = run_service(
            request,
            workflow.assessment_transition,
            assessment=assessment,
            action=action,
            user=request.user,
            reason=reason,
            acknowledgements=acknowledgements,
        )
        if done is not None:
            messages.success(request, _done_message(action, assessment))
        return redirect_back(request, commune_url(assessment.commune_id, assessment.year))


class BulkTransitionView(View):
    """Forward or appraise the files ticked on the status board; one result per file."""

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action", "")
        if action not in workflow.BULK_ACTIONS:
            raise Http404("unknown action")
        ids = [
            pk
            for pk in (param_int(raw) for raw in request.POST.getlist("file")[:BOARD_PAGE_SIZE])
            if pk is not None
        ]
        files = list(selectors.board_files_by_id(user=request.user, ids=ids))
        fallback = reverse("assessments:board")
        if not files:
            messages.error(request, _("Chưa chọn hồ sơ nào."))
            return redirect_back(request, fallback)
        form = ReasonForm(request.POST)
        results = workflow.assessments_transition_bulk(
            assessments=files,
            action=action,
            user=request.user,
            warnings_reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
        done = [r.commune for r in results if r.done]
        if done:
            messages.success(
                request,
                ngettext(
                    "Đã %(action)s %(n)d hồ sơ: %(names)s.",
                    "Đã %(action)s %(n)d hồ sơ: %(names)s.",
                    len(done),
                )
                % {"action": ACTION_LABELS[action], "n": len(done), "names": ", ".join(done)},
            )
        for r in results:
            if not r.done:
                messages.error(request, f"{r.commune}: {r.message}")
        return redirect_back(request, fallback)


class RecognitionCreateView(View):
    """The province records the recognition decision of an appraised file."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = _assessment_or_404(request.user, pk)
        form = RecognitionForm(request.POST)
        fallback = commune_url(assessment.commune_id, assessment.year)
        if not form.is_valid():
            _form_errors_to_messages(request, form)
            return redirect_back(request, fallback)
        data = form.cleaned_data
        done = run_service(
            request,
            recognition_record,
            assessment=assessment,
            number=data["number"],
            date=data["date"],
            issuer=data["issuer"],
            title=data["title"],
            kind=data.get("kind") or Recognition.Kind.RECOGNISED,
            user=request.user,
        )
        if done is not None:
            messages.success(
                request,
                _("Đã ghi quyết định công nhận số %(n)s cho %(c)s.")
                % {"n": done.number, "c": assessment.commune},
            )
        return redirect_back(request, fallback)


class RecognitionRevokeView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        recognition = scoped_object_or_404(
            request.user, Recognition.objects.select_related("commune"), unit_field="commune", pk=pk
        )
        form = RevokeForm(request.POST)
        fallback = commune_url(recognition.commune_id)
        if not form.is_valid():
            messages.error(request, _("Cần ghi ngày thu hồi và lý do."))
            return redirect_back(request, fallback)
        done = run_service(
            request,
            recognition_revoke,
            recognition=recognition,
            user=request.user,
            on=form.cleaned_data["revoked_on"],
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(
                request, _("Đã thu hồi quyết định số %(n)s.") % {"n": recognition.number}
            )
        return redirect_back(request, fallback)


BOARD_PAGE_SIZE = 50
#: Communes named in each state's column of the board; the rest are counted and reached
#: through the list below, filtered by the state (a country's board would name thousands).
BOARD_COLUMN_ITEMS = 30


def _bulk_label(action: str) -> str:
    labels = {
        Action.REVIEW: _("Đã rà soát, chuyển tỉnh các hồ sơ đã chọn"),
        Action.APPRAISE: _("Thẩm định đạt các hồ sơ đã chọn"),
    }
    return labels[action]


_STATE_ORDER = {state: i for i, (state, _label) in enumerate(Assessment.State.choices)}

#: The status board's sortable columns: ``?sort=name`` ascending, ``?sort=-name`` descending.
BOARD_SORTS: dict[str, Any] = {
    "commune": lambda a: search_key(a.commune.name),
    "district": lambda a: (
        search_key(a.commune.parent.name) if a.commune.parent else "",
        a.commune.code,
    ),
    "criteria": lambda a: (a.criteria_met, a.commune.code),
    "state": lambda a: (_STATE_ORDER.get(a.state, 99), a.commune.code),
    "updated": lambda a: a.updated_at,
}


#: The status board's download: the list as filtered and sorted on the page.
BOARD_COLUMNS: list[Column[Assessment]] = [
    Column(gettext_lazy("Mã xã"), lambda a: a.commune.code),
    Column(gettext_lazy("Xã"), lambda a: a.commune.name),
    Column(gettext_lazy("Huyện"), lambda a: a.commune.parent.name if a.commune.parent else ""),
    Column(gettext_lazy("Số tiêu chí đạt"), lambda a: a.criteria_met),
    Column(gettext_lazy("Tổng số tiêu chí"), lambda a: a.criteria_total),
    Column(gettext_lazy("Đạt chuẩn"), lambda a: _("Đạt chuẩn") if a.meets_standard else ""),
    Column(gettext_lazy("Trạng thái"), lambda a: a.state_label()),
    Column(gettext_lazy("Cập nhật"), lambda a: timezone.localtime(a.updated_at).date()),
]


class StatusBoardView(View):
    """Which communes are in which workflow state, for a district or the province."""

    template_name = "assessments/board.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        years = selectors.assessment_years(user=user)
        year = requested_year(request, years)
        filterset = AssessmentFilterSet(
            request.GET or None, queryset=selectors.board_files(user=user, year=year), user=user
        )
        sort = list_sort(request, BOARD_SORTS)
        rows = rows_sorted(filterset.qs, sort, BOARD_SORTS)
        download = list_download(
            request,
            name=f"ntm-bang-trang-thai-{year}",
            title=_("Bảng trạng thái"),
            columns=BOARD_COLUMNS,
            rows=rows,
        )
        if download is not None:
            return download
        page = Paginator(rows, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
        counts = selectors.files_per_state(files=filterset.qs)
        named: dict[str, list[Assessment]] = {state: [] for state in counts}
        for a in rows:
            if a.state in named and len(named[a.state]) < BOARD_COLUMN_ITEMS:
                named[a.state].append(a)
        # "… và N xã khác" opens the list below on that state, with the filters set here.
        kept = request.GET.copy()
        for name in ("state", "page", "format"):
            kept.pop(name, None)
        kept["year"] = str(year)
        columns = []
        for state, label in Assessment.State.choices:
            items = named.get(state, [])
            kept["state"] = state
            columns.append(
                {
                    "state": state,
                    "label": label,
                    "count": counts.get(state, 0),
                    "items": items,
                    "more": max(counts.get(state, 0) - len(items), 0),
                    "more_query": kept.urlencode(),
                }
            )
        scope = home_unit(user)
        missing = []
        if not request.GET.get("state") and not request.GET.get("q"):
            district = (
                filterset.form.cleaned_data.get("district") if filterset.form.is_valid() else None
            )
            missing = selectors.communes_without_file(user=user, year=year, within=district)
        role = user_role(user)
        context = {
            "filter": filterset,
            "year": year,
            "years": years,
            "bulk_actions": [
                {"action": a, "label": _bulk_label(a)}
                for a in workflow.BULK_ACTIONS
                if role in ROLE_ACTIONS[a]
            ],
            "rows": page.object_list,
            "page": page,
            "total": len(rows),
            **list_links(request, sort),
            "columns": columns,
            "missing": missing,
            "scope": scope,
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Bảng trạng thái"), "url": ""},
            ],
        }
        return render(request, self.template_name, context)


#: The worklist sorts its files by the board's columns it shows; the communes without a file
#: yet (a commune's "to enter") have only a name and a district to sort by.
WORKLIST_SORTS = {key: BOARD_SORTS[key] for key in ("commune", "district", "state", "criteria")}
UNOPENED_SORTS: dict[str, Any] = {
    "commune": lambda c: search_key(c.name),
    "district": lambda c: (search_key(c.parent.name) if c.parent else "", c.code),
}


def _worklist_rows(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every line of the worklist's parts, in the page's order, as the download's rows."""
    rows = []
    for part in parts:
        for a in part["files"]:
            rows.append({"part": part["label"], "unit": a.commune, "file": a})
        for commune in part["missing"]:
            rows.append({"part": part["label"], "unit": commune, "file": None})
    return rows


WORKLIST_COLUMNS: list[Column[dict[str, Any]]] = [
    Column(gettext_lazy("Việc"), lambda r: r["part"]),
    Column(gettext_lazy("Mã xã"), lambda r: r["unit"].code),
    Column(gettext_lazy("Xã"), lambda r: r["unit"].name),
    Column(gettext_lazy("Huyện"), lambda r: r["unit"].parent.name if r["unit"].parent else ""),
    Column(
        gettext_lazy("Trạng thái"),
        lambda r: r["file"].state_label() if r["file"] else _("Chưa mở hồ sơ"),
    ),
    Column(
        gettext_lazy("Số tiêu chí đạt"), lambda r: r["file"].criteria_met if r["file"] else None
    ),
    Column(
        gettext_lazy("Tổng số tiêu chí"), lambda r: r["file"].criteria_total if r["file"] else None
    ),
]


class WorklistView(View):
    """What waits for the officer (việc cần làm): files to enter, returned, to review, to
    appraise, to recognise, as their role sees them, for one year."""

    template_name = "assessments/worklist.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        years = selectors.assessment_years(user=user)
        year = requested_year(request, years, default=selectors.worklist_year(user=user))
        sort = list_sort(request, WORKLIST_SORTS)
        parts = selectors.worklist(user=user, year=year)
        for part in parts:
            part["files"] = rows_sorted(part["files"], sort, WORKLIST_SORTS)
            part["missing"] = rows_sorted(part["missing"], sort, UNOPENED_SORTS)
        download = list_download(
            request,
            name=f"ntm-viec-can-lam-{year}",
            title=_("Việc cần làm"),
            columns=WORKLIST_COLUMNS,
            rows=_worklist_rows(parts),
        )
        if download is not None:
            return download
        context = {
            "year": year,
            "years": years,
            "parts": parts,
            **list_links(request, sort),
            "deadline": selectors.worklist_deadline(user=user, year=year),
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Việc cần làm"), "url": ""},
            ],
        }
        return render(request, self.template_name, context)


class NotificationListView(View):
    """The officer's notifications; opening one marks it read and leads to the file."""

    template_name = "assessments/notifications.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "notifications": selectors.notifications_for(user=request.user),
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Thông báo"), "url": ""},
            ],
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        raw = request.POST.get("id", "")
        if raw == "all":
            notifications_mark_read(user=request.user)
            return redirect("assessments:notification_list")
        pk = param_int(raw)
        if pk is None:
            return redirect("assessments:notification_list")
        notifications_mark_read(user=request.user, ids=[pk])
        row = next(
            (n for n in selectors.notifications_for(user=request.user) if n["id"] == pk), None
        )
        if row is None:
            return redirect("assessments:notification_list")
        return redirect(commune_url(row["commune_id"], row["year"]))


def _deadlines_of(data: dict[str, Any]) -> Deadlines:
    return Deadlines(
        commune=data.get("commune_deadline"),
        district=data.get("district_deadline"),
        province=data.get("province_deadline"),
    )


class CampaignView(View):
    """Mở đợt đánh giá: the province officer opens a year and sets its deadlines.

    Shows the province's opened years with their deadlines and how many files
    were created and started from last year's values.
    """

    template_name = "assessments/campaign.html"

    def _province(self, request: HttpRequest) -> AdminUnit:
        asked = request.GET.get("province") or request.POST.get("province")
        pk = request_int(request, "province")
        if asked and pk is None:
            raise Http404("province")
        if pk is not None:
            province = unit_or_404(
                request.user, pk, AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE)
            )
        else:
            unit = home_unit(request.user)
            if unit is None or unit.province_id is None:
                raise Http404("no province")
            province = unit.province
        if not can(request.user, Action.CAMPAIGN_OPEN, province):
            raise PermissionDenied(_("Chỉ cán bộ tỉnh (hoặc trung ương) mở đợt đánh giá."))
        return province

    def _render(
        self,
        request: HttpRequest,
        province: AdminUnit,
        form: CampaignOpenForm | None = None,
    ) -> HttpResponse:
        campaigns = selectors.campaigns_of(province=province)
        opened = {c.year for c in campaigns}
        years = sorted(set(years_with_criteria_set(province=province)) - opened)
        if form is None:
            latest = max(opened) + 1 if opened else datetime.date.today().year
            form = CampaignOpenForm(
                years=years, initial={"year": latest if latest in years else None}
            )
        rows = [
            {
                "campaign": c,
                "quality": selectors.campaign_quality(campaign=c),
                "form": DeadlinesForm(
                    prefix=f"y{c.year}",
                    initial={
                        "commune_deadline": c.commune_deadline,
                        "district_deadline": c.district_deadline,
                        "province_deadline": c.province_deadline,
                    },
                ),
            }
            for c in campaigns
        ]
        context = {
            "province": province,
            "form": form if years else None,
            "rows": rows,
            "breadcrumbs": [
                {"label": str(province), "url": ""},
                {"label": _("Mở đợt đánh giá"), "url": ""},
            ],
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._province(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        province = self._province(request)
        back = reverse("assessments:campaign") + f"?province={province.pk}"
        if "year_opened" in request.POST:
            opened = request_int(request, "year_opened", low=YEAR_MIN, high=YEAR_MAX)
            campaign = (
                selectors.campaign_for(province_id=province.pk, year=opened) if opened else None
            )
            if campaign is None:
                raise Http404("no campaign")
            deadlines = DeadlinesForm(request.POST, prefix=f"y{campaign.year}")
            if not deadlines.is_valid():
                _form_errors_to_messages(request, deadlines)
                return redirect(back)
            if run_service(
                request,
                campaign_deadlines_set,
                campaign=campaign,
                deadlines=_deadlines_of(deadlines.cleaned_data),
                user=request.user,
            ):
                messages.success(
                    request,
                    _("Đã lưu thời hạn đợt đánh giá năm %(y)s.") % {"y": campaign.year},
                )
            return redirect(back)
        opened = {c.year for c in selectors.campaigns_of(province=province)}
        years = sorted(set(years_with_criteria_set(province=province)) - opened)
        form = CampaignOpenForm(request.POST, years=years)
        if not form.is_valid():
            return self._render(request, province, form)
        campaign = run_service(
            request,
            campaign_open,
            province=province,
            year=form.cleaned_data["year"],
            deadlines=_deadlines_of(form.cleaned_data),
            user=request.user,
        )
        if campaign is None:
            return self._render(request, province, form)
        messages.success(
            request,
            _(
                "Đã mở đợt đánh giá năm %(y)s: %(n)s hồ sơ mới, %(c)s hồ sơ có số liệu "
                "chuyển từ năm %(p)s."
            )
            % {
                "y": campaign.year,
                "n": campaign.files_created,
                "c": campaign.files_carried,
                "p": campaign.year - 1,
            },
        )
        return redirect(back)


# -- Districts (huyện nông thôn mới) -------------------------------------------------------------


def _district_years(district: AdminUnit | None = None) -> list[int]:
    """The years a set of the unit's level (a district's, or a province's completion) is in force
    for and the unit exists, up to this year."""
    this_year = timezone.localdate().year
    level = CriteriaSet.Level.of_unit(district.level) if district else CriteriaSet.Level.DISTRICT
    years = sorted(
        {
            y
            for start, end in CriteriaSet.objects.filter(level=level).values_list(
                "period_start", "period_end"
            )
            for y in range(start, min(end, this_year) + 1)
        }
    )
    if district is not None:
        years = [
            y
            for y in years
            if (district.valid_from is None or district.valid_from.year <= y)
            and (district.valid_to is None or district.valid_to > datetime.date(y, 1, 1))
        ]
    return years


class DistrictListView(View):
    """Huyện nông thôn mới: a province's districts and where each stands against its conditions."""

    template_name = "assessments/district_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        pk = request_int(request, "province")
        if request.GET.get("province") and pk is None:
            raise Http404("province")
        provinces = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE)
        own = home_unit(request.user)
        if pk is not None and not (own is not None and own.province_id == pk):
            province = unit_or_404(request.user, pk, provinces)
        else:
            # An officer's own province: a district officer sees the list with their district only.
            if own is None or own.province_id is None:
                raise Http404("no province")
            province = own.province
        years = _district_years()
        year = requested_year(request, years)
        rows = selectors.province_districts(user=request.user, province=province, year=year)
        context = {
            "province": province,
            "year": year,
            "years": years,
            "rows": rows,
            "keep": {"province": province.pk},
            "codes": [r.rule for r in rows[0].results] if rows and rows[0].results else [],
            "breadcrumbs": [
                {
                    "label": str(province),
                    "url": reverse("analytics:unit_dashboard", args=[province.pk])
                    if units_restrict(request.user).filter(pk=province.pk).exists()
                    else "",
                },
                {"label": _("Huyện nông thôn mới"), "url": ""},
            ],
        }
        return render(request, self.template_name, context)


class DistrictView(View):
    """A district's conditions for a year, and the form where its office records its results."""

    template_name = "assessments/district.html"

    def _district(self, request: HttpRequest, pk: int) -> AdminUnit:
        """A district-level unit, or a province (its completion of the programme's task)."""
        return unit_or_404(
            request.user,
            pk,
            AdminUnit.objects.filter(
                level__in=[AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT]
            ),
        )

    def _render(
        self,
        request: HttpRequest,
        district: AdminUnit,
        year: int,
        years: list[int],
        form: DistrictResultsForm | None = None,
    ) -> HttpResponse:
        standing = selectors.unit_standing(unit=district, year=year)
        editable = standing.criteria_set is not None and can(
            request.user, Action.DISTRICT_EDIT, district
        )
        if editable and form is None:
            state = district_results_state(district=district, year=year)
            form = DistrictResultsForm(
                criteria=list(standing.criteria_set.criteria.order_by("number")),  # type: ignore[union-attr]
                initial={
                    **DistrictResultsForm.initial_from(state),
                    "version": version_token(state),
                },
            )
        context = {
            "district": district,
            "year": year,
            "years": years,
            "standing": standing,
            "form": form if editable else None,
            "breadcrumbs": [
                *(
                    {"label": str(u), "url": reverse("analytics:unit_dashboard", args=[u.pk])}
                    for u in selectors.visible_ancestors(user=request.user, unit=district)
                ),
                {"label": str(district), "url": ""},
            ],
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        district = self._district(request, pk)
        years = _district_years(district)
        return self._render(request, district, requested_year(request, years), years)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        district = self._district(request, pk)
        years = _district_years(district)
        year = request_int(request, "year", low=YEAR_MIN, high=YEAR_MAX)
        if year not in years:
            raise Http404("year")
        cset = (
            selectors.province_set(province=district, year=year)
            if district.level == AdminUnit.Level.PROVINCE
            else selectors.district_set(district=district, year=year)
        )
        if cset is None:
            raise Http404("no set")
        form = DistrictResultsForm(request.POST, criteria=list(cset.criteria.order_by("number")))
        if not form.is_valid():
            return self._render(request, district, year, years, form)
        saved = run_service(
            request,
            district_results_save,
            user=request.user,
            district=district,
            year=year,
            satisfaction=form.cleaned_data["satisfaction"],
            towns_civilised=form.cleaned_data["towns_civilised"],
            source=form.cleaned_data["source"],
            criteria=form.declared(),
            version=form.cleaned_data["version"] or None,
        )
        if saved is None:
            return self._render(request, district, year, years)
        messages.success(
            request,
            _("Đã lưu kết quả của %(d)s năm %(y)s.") % {"d": district, "y": year},
        )
        return redirect(reverse("assessments:district", args=[district.pk]) + f"?year={year}")
