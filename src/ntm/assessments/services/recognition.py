"""Recognition decisions (quyết định công nhận xã đạt chuẩn nông thôn mới) and who holds a title.

Under Quyết định 2540/QĐ-TTg the chairman of the province people's committee
recognises a commune as meeting the standard (đạt chuẩn) after the province has
appraised its file; the later titles (nâng cao, kiểu mẫu) build on it. A
recognised commune keeps its title in the following years until the decision
is revoked (thu hồi); the appendix row "Trong đó số xã đã có QĐ công nhận"
counts the communes holding the title in a year (:func:`recognised_communes`).

Rules applied when a decision is recorded (docs/workflow.md):

* **Đạt chuẩn** with a file in the system for that commune and year: the file
  must be appraised (tỉnh đã thẩm định) and meet the standard (every criterion
  of the set met, as evaluated); the file then moves to “đã công nhận”.
* **Đạt chuẩn** without a file for that year: a decision issued before the
  system was used; it is recorded as it stands (province or central only), and
  the change log says so.
* A commune that already holds a title that has not been revoked cannot get
  the same title again.
* **Nâng cao** needs the commune to hold đạt chuẩn in that year, **kiểu mẫu**
  needs nâng cao; these titles do not move the đạt chuẩn file.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ntm.accounts.services import Action, ensure_can
from ntm.assessments.models import Assessment, Recognition
from ntm.assessments.services.workflow import transition_apply
from ntm.core.audit import change_record, snapshot
from ntm.core.concurrency import ensure_current
from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet
from ntm.units.models import AdminUnit, UnitLineage

Title = Recognition.Title

#: The title a commune must already hold before it can be recognised for another.
PREREQUISITE: dict[str, str] = {Title.ADVANCED: Title.STANDARD, Title.MODEL: Title.ADVANCED}

#: The kind of criteria set whose file a title recognises.
TITLE_KINDS: dict[str, str] = {
    Title.STANDARD: CriteriaSet.SetKind.STANDARD,
    Title.ADVANCED: CriteriaSet.SetKind.ADVANCED,
    Title.MODEL: CriteriaSet.SetKind.MODEL,
}

RECOGNITION_FIELDS = [
    "commune",
    "title",
    "year",
    "number",
    "date",
    "issuer",
    "revoked_on",
    "revoked_reason",
]


def _title_label(title: str) -> str:
    return str(Title(title).label)


# --- selectors -------------------------------------------------------------------------


def recognised_communes(
    *, unit: AdminUnit | None, year: int, title: str = Title.STANDARD
) -> QuerySet[Any]:
    """Ids of the communes within ``unit`` (None: the whole country) holding ``title`` in ``year``.

    A lazy queryset of ``commune_id`` values, usable as a subquery
    (``commune_id__in=recognised_communes(...)``) or counted with ``.count()``.
    """
    qs = Recognition.objects.filter(Recognition.holding(year), title=title)
    if unit is not None:
        qs = qs.filter(commune__path__startswith=unit.path)
    return qs.values_list("commune_id", flat=True).distinct()


def recognition_in_force(
    *, commune: AdminUnit, year: int, title: str = Title.STANDARD
) -> Recognition | None:
    """The decision that gives ``commune`` its ``title`` in ``year`` (the earliest one), if any."""
    return (
        Recognition.objects.filter(Recognition.holding(year), commune=commune, title=title)
        .order_by("year", "date")
        .first()
    )


def recognitions_list(
    *, unit: AdminUnit | None, year: int | None = None, title: str | None = None
) -> list[dict[str, Any]]:
    """Decisions on communes within ``unit`` (all years, or those taken in ``year``) as plain rows."""
    qs = Recognition.objects.select_related("commune", "commune__parent")
    if unit is not None:
        qs = qs.filter(commune__path__startswith=unit.path)
    if year is not None:
        qs = qs.filter(year=year)
    if title is not None:
        qs = qs.filter(title=title)
    return [
        {
            "id": r.pk,
            "commune_id": r.commune_id,
            "commune_code": r.commune.code,
            "commune": str(r.commune),
            "parent": str(r.commune.parent) if r.commune.parent_id else "",
            "title": r.title,
            "title_label": _title_label(r.title),
            "year": r.year,
            "number": r.number,
            "date": r.date,
            "issuer": r.issuer,
            "revoked_on": r.revoked_on,
            "revoked_reason": r.revoked_reason,
        }
        for r in qs.order_by("year", "commune__code", "title")
    ]


# --- services --------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return (text or "").strip()


@transaction.atomic
def recognition_record(
    *,
    assessment: Assessment | None = None,
    commune: AdminUnit | None = None,
    year: int | None = None,
    number: str,
    date: datetime.date,
    issuer: str,
    title: str = Title.STANDARD,
    kind: str = Recognition.Kind.RECOGNISED,
    user: Any,
    version: str | None = None,
) -> Recognition:
    """Record a recognition decision; for đạt chuẩn, move the year's file to “đã công nhận”.

    ``kind`` "thừa nhận" is the province's decision that a commune formed by a merger holds a
    title its predecessors did not all hold (``merger_recognition``).

    Pass either the ``assessment`` (the usual way, after appraisal) or the
    ``commune`` and ``year`` (a decision taken before the system was used; if a
    file exists for that year, the same rules as with ``assessment`` apply).
    ``version``: the file as the caller read it (the API's ETag; ``transition_apply``).
    """
    if assessment is not None:
        if commune is not None and commune.pk != assessment.commune_id:
            raise ApplicationError(_("Xã của quyết định khác với xã của hồ sơ đánh giá."))
        if year is not None and year != assessment.year:
            raise ApplicationError(_("Năm đạt chuẩn khác với năm của hồ sơ đánh giá."))
        commune, year = assessment.commune, assessment.year
    elif commune is None or year is None:
        raise ApplicationError(_("Cần chọn hồ sơ đánh giá, hoặc xã và năm đạt chuẩn."))
    ensure_can(user, Action.RECOGNISE, commune)
    if title not in Title.values:
        raise ApplicationError(_("Danh hiệu không hợp lệ: %(t)s.") % {"t": title})
    number, issuer = _clean(number), _clean(issuer)
    if not number:
        raise ApplicationError(_("Cần ghi số quyết định công nhận."))
    if not issuer:
        raise ApplicationError(_("Cần ghi cơ quan ban hành quyết định."))
    if not isinstance(date, datetime.date):
        raise ApplicationError(_("Cần ghi ngày ban hành quyết định."))
    if date.year < year:
        raise ApplicationError(
            _("Quyết định ngày %(d)s không thể công nhận đạt chuẩn năm %(y)s.")
            % {"d": date.strftime("%d/%m/%Y"), "y": year}
        )
    if commune.level != AdminUnit.Level.COMMUNE:
        raise ApplicationError(
            _("Chỉ công nhận được đơn vị cấp xã; %(u)s không phải xã.") % {"u": commune}
        )

    # Serialise decisions on the same commune (PostgreSQL row lock).
    AdminUnit.objects.select_for_update().filter(pk=commune.pk).first()
    held = Recognition.objects.filter(commune=commune, title=title, revoked_on__isnull=True).first()
    if held is not None:
        raise ApplicationError(
            _(
                "%(c)s đã được công nhận %(t)s theo quyết định số %(n)s ngày %(d)s (năm %(y)s), chưa bị thu hồi."
            )
            % {
                "c": commune,
                "t": _title_label(title).lower(),
                "n": held.number,
                "d": held.date.strftime("%d/%m/%Y"),
                "y": held.year,
            }
        )
    if Recognition.objects.filter(commune=commune, title=title, year=year).exists():
        raise ApplicationError(
            _("%(c)s đã có quyết định công nhận %(t)s năm %(y)s.")
            % {"c": commune, "t": _title_label(title).lower(), "y": year}
        )
    needed = PREREQUISITE.get(title)
    if needed and recognition_in_force(commune=commune, year=year, title=needed) is None:
        raise ApplicationError(
            _("Để công nhận %(t)s, %(c)s phải đang giữ danh hiệu %(n)s năm %(y)s.")
            % {
                "t": _title_label(title).lower(),
                "c": commune,
                "n": _title_label(needed).lower(),
                "y": year,
            }
        )

    note = ""
    # Each title has its set's file: đạt chuẩn the standard, nâng cao the advanced, kiểu mẫu the model.
    if assessment is None:
        assessment = Assessment.objects.filter(
            commune=commune, year=year, kind=TITLE_KINDS[title]
        ).first()
    elif assessment.kind != TITLE_KINDS[title]:
        raise ApplicationError(
            _("Hồ sơ %(a)s theo bộ tiêu chí %(k)s không dùng để công nhận %(t)s.")
            % {
                "a": assessment,
                "k": assessment.get_kind_display().lower(),
                "t": _title_label(title).lower(),
            }
        )
    if assessment is None:
        if title == Title.STANDARD:
            note = _(
                "Quyết định ghi nhận khi hệ thống chưa có hồ sơ đánh giá của xã năm %(y)s."
            ) % {"y": year}
        else:
            note = _("Quyết định ghi nhận khi hệ thống chưa có hồ sơ %(t)s của xã năm %(y)s.") % {
                "t": _title_label(title).lower(),
                "y": year,
            }
    else:
        fresh = Assessment.objects.get(pk=assessment.pk)
        if fresh.state == Assessment.State.APPRAISED and not fresh.meets_standard:
            raise ApplicationError(
                _("%(a)s mới đạt %(m)s/%(t)s tiêu chí, chưa đủ điều kiện công nhận %(title)s.")
                % {
                    "a": fresh,
                    "m": fresh.criteria_met,
                    "t": fresh.criteria_total,
                    "title": _title_label(title).lower(),
                }
            )
        decision = _("Quyết định số %(n)s ngày %(d)s của %(i)s") % {
            "n": number,
            "d": date.strftime("%d/%m/%Y"),
            "i": issuer,
        }
        transition_apply(
            assessment=assessment,
            action=Action.RECOGNISE,
            user=user,
            reason=decision,
            version=version,
        )

    recognition = Recognition.objects.create(
        commune=commune,
        title=title,
        year=year,
        number=number,
        date=date,
        issuer=issuer,
        kind=kind if kind in Recognition.Kind.values else Recognition.Kind.RECOGNISED,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    change_record(
        obj=recognition,
        action="create",
        user=user,
        after=snapshot(recognition, RECOGNITION_FIELDS),
        reason=note,
    )
    return recognition


# --- titles across a merger --------------------------------------------------------------

MERGER_RULE_FILE = (
    Path(__file__).resolve().parents[2] / "data" / "units" / ("recognition-across-mergers.yaml")
)


@dataclass(frozen=True)
class MergerRule:
    """How a merged commune holds its predecessors' titles (data/units/recognition-across-mergers.yaml)."""

    rule: str  # "all_predecessors" | "none"
    titles: tuple[str, ...]
    verified: bool
    source: str


def merger_rule() -> MergerRule:
    data = yaml.safe_load(MERGER_RULE_FILE.read_text(encoding="utf-8"))
    rule = str(data.get("rule", "none"))
    if rule not in ("all_predecessors", "none"):
        raise ApplicationError(f"{MERGER_RULE_FILE.name}: quy tắc '{rule}' không rõ.")
    return MergerRule(
        rule, tuple(data.get("titles") or ()), bool(data.get("verified")), str(data.get("source"))
    )


@dataclass(frozen=True)
class PredecessorTitle:
    """A predecessor commune of a merged one and the decision it held on the eve of the change."""

    link: UnitLineage
    decision: Recognition | None


@dataclass(frozen=True)
class MergerTitle:
    """Whether a merged commune holds ``title`` from the change: carried, or awaiting thừa nhận."""

    title: str
    effective: datetime.date
    predecessors: tuple[PredecessorTitle, ...]
    carried: bool  # every predecessor commune held it, and the rule carries it
    decision: Recognition | None  # the carried row, or the province's decision of thừa nhận

    @property
    def label(self) -> str:
        return _title_label(self.title)

    @property
    def needs_decision(self) -> bool:
        return self.decision is None and any(p.decision for p in self.predecessors)


def _eve_holding(effective: datetime.date) -> Q:
    """Decisions in force on the eve of a change: taken in a year before it or in it up to it,
    not revoked by then."""
    return Q(date__lt=effective) & (Q(revoked_on__isnull=True) | Q(revoked_on__gte=effective))


def merger_titles(*, commune: AdminUnit) -> list[MergerTitle]:
    """For a commune formed by a merger: each title any predecessor commune held, whether the
    rule carries it, and the decision by which the commune holds it (if any). Empty for a
    commune that took in nothing. Three queries."""
    return merger_titles_of([commune]).get(commune.pk, [])


def merger_titles_of(communes: Iterable[AdminUnit]) -> dict[int, list[MergerTitle]]:
    """``merger_titles`` of many communes, read together: three queries, whatever their number
    (a whole country's load reads its lineage once)."""
    ids = [c.pk for c in communes]
    links: dict[int, list[UnitLineage]] = {}
    for link in (
        UnitLineage.objects.filter(successor_id__in=ids, predecessor__kind=AdminUnit.Kind.COMMUNE)
        .select_related("predecessor__parent")
        .order_by("successor_id", "predecessor__code")
    ):
        if link.predecessor_id != link.successor_id:
            links.setdefault(link.successor_id, []).append(link)
    if not links:
        return {}
    rule = merger_rule()
    eves = Q(pk__in=[])
    for effective in {ls[0].effective for ls in links.values()}:
        preds = [
            lk.predecessor_id for ls in links.values() if ls[0].effective == effective for lk in ls
        ]
        eves |= _eve_holding(effective) & Q(commune__in=preds)
    held: dict[tuple[int, str], Recognition] = {}
    for r in Recognition.objects.filter(eves).order_by("date"):
        held.setdefault((r.commune_id, r.title), r)
    own: dict[int, dict[str, Recognition]] = {}
    for r in Recognition.objects.filter(
        commune__in=list(links), kind__in=[Recognition.Kind.CARRIED, Recognition.Kind.ACKNOWLEDGED]
    ):
        own.setdefault(r.commune_id, {})[r.title] = r
    out: dict[int, list[MergerTitle]] = {}
    for commune_id, commune_links in links.items():
        effective = commune_links[0].effective
        mine = own.get(commune_id, {})
        titles = []
        for title in rule.titles:
            preds = tuple(
                PredecessorTitle(link, held.get((link.predecessor_id, title)))
                for link in commune_links
            )
            if not any(p.decision for p in preds) and title not in mine:
                continue
            carried = rule.rule == "all_predecessors" and all(p.decision for p in preds)
            titles.append(MergerTitle(title, effective, preds, carried, mine.get(title)))
        out[commune_id] = titles
    return out


@dataclass(frozen=True)
class CarrySummary:
    carried: int
    awaiting: int


@transaction.atomic
def recognitions_carry(*, list_name: str, user: Any = None) -> CarrySummary:
    """Apply the merger rule to the communes a list's load formed: a title every predecessor
    commune held on the eve of the change is carried (a decision row of kind "kế thừa" from
    the change's day, citing the predecessors' decisions); the others await the province's
    decision of thừa nhận. Idempotent."""
    carried = awaiting = 0
    successors = (
        UnitLineage.objects.filter(list_name=list_name, successor__kind=AdminUnit.Kind.COMMUNE)
        .values_list("successor_id", flat=True)
        .distinct()
    )
    communes = list(AdminUnit.objects.filter(pk__in=successors).order_by("code"))
    titles_of = merger_titles_of(communes)
    for commune in communes:
        for title in titles_of.get(commune.pk, []):
            if title.decision is not None:
                continue
            if not title.carried:
                awaiting += 1
                continue
            cited = "; ".join(
                f"xã {p.link.predecessor.name}: QĐ số {p.decision.number} ngày "
                f"{p.decision.date:%d/%m/%Y}"
                for p in title.predecessors
                if p.decision
            )
            row = Recognition.objects.create(
                commune=commune,
                title=title.title,
                year=title.effective.year,
                number=(title.predecessors[0].link.resolution or "—")[:50],
                date=title.effective,
                issuer=_("Kế thừa khi sắp xếp đơn vị hành chính"),
                kind=Recognition.Kind.CARRIED,
                note=_("Mọi xã trước đều đạt danh hiệu: %(c)s.") % {"c": cited},
            )
            change_record(
                obj=row,
                action="create",
                user=user,
                after=snapshot(row, RECOGNITION_FIELDS),
                reason=f"danh mục {list_name}",
            )
            carried += 1
    return CarrySummary(carried, awaiting)


def recognition_state(*, recognition: Recognition) -> dict[str, str]:
    """A decision as stored now: its version (the API's ETag, ``core.concurrency``)."""
    return {
        f: "" if getattr(recognition, f) is None else str(getattr(recognition, f))
        for f in ("number", "date", "issuer", "title", "year", "revoked_on", "revoked_reason")
    }


@transaction.atomic
def recognition_revoke(
    *,
    recognition: Recognition,
    user: Any,
    on: datetime.date,
    reason: str,
    version: str | None = None,
) -> Recognition:
    """Revoke a decision (thu hồi quyết định công nhận) from ``on``; the title ends that day.

    The commune no longer holds the title in any year whose end is after
    ``on``. The file of the recognition year keeps its history. ``version``:
    the decision as the caller read it (the API's ETag, ``recognition_state``).
    """
    fresh = (
        Recognition.objects.select_for_update(of=("self",))
        .select_related("commune")
        .get(pk=recognition.pk)
    )
    ensure_can(user, Action.REVOKE, fresh)
    ensure_current(token=version, now=recognition_state(recognition=fresh))
    reason = _clean(reason)
    if not reason:
        raise ApplicationError(
            _("Cần ghi rõ lý do thu hồi quyết định công nhận."), {"field": "reason"}
        )
    if fresh.revoked_on is not None:
        raise ApplicationError(
            _("Quyết định số %(n)s đã bị thu hồi ngày %(d)s.")
            % {"n": fresh.number, "d": fresh.revoked_on.strftime("%d/%m/%Y")}
        )
    if not isinstance(on, datetime.date) or on < fresh.date:
        raise ApplicationError(
            _("Ngày thu hồi phải từ ngày ban hành quyết định (%(d)s) trở đi.")
            % {"d": fresh.date.strftime("%d/%m/%Y")},
            {"field": "on"},
        )
    before = snapshot(fresh, RECOGNITION_FIELDS)
    fresh.revoked_on = on
    fresh.revoked_reason = reason
    fresh.save(update_fields=["revoked_on", "revoked_reason"])
    change_record(
        obj=fresh,
        action="update",
        user=user,
        before=before,
        after=snapshot(fresh, RECOGNITION_FIELDS),
        reason=reason,
    )
    recognition.revoked_on, recognition.revoked_reason = fresh.revoked_on, fresh.revoked_reason
    return fresh
