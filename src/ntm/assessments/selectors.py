"""Read helpers for a commune's criterion statuses and their explanations (plain rows)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from ntm.accounts.services import role_label
from ntm.assessments.models import Assessment, CriterionStatus


def declaration_label(*, role: str, username: str, full_name: str, file: str, at: Any) -> str:
    """Who declared a status, as the pages say it: "cán bộ tỉnh Nguyễn Văn A, từ tệp x.csv, 01/12/2026"."""
    who = role_label(role).lower() if role else _("hệ thống (nhập không qua tài khoản)")
    name = full_name or username
    text = f"{who} {name}".strip() if name else who
    if file:
        text += ", " + _("từ tệp %(f)s") % {"f": file}
    if at is not None:
        text += ", " + date_format(localtime(at), "d/m/Y")
    return text


def assessment_status_rows(*, assessment: Assessment | int) -> list[dict[str, Any]]:
    """One row per criterion of the assessment, in the set's order, for a commune's page.

    Each row: ``number``, ``name``, ``short_name``, ``met`` (what counts),
    ``computed_met``, ``declared_met``, ``source`` ("computed"/"declared"),
    ``disagrees`` (a declaration the indicator values contradict),
    ``status`` (met / not_met / not_assessed, computed), ``reason_vi``,
    ``reason_en`` and ``indicators`` (per indicator: code, content, status,
    value, threshold with its scope label, gap, reasons; see
    ``assessments.mappers.indicator_explanation``).
    """
    assessment_id = assessment if isinstance(assessment, int) else assessment.pk
    rows = (
        CriterionStatus.objects.filter(assessment_id=assessment_id)
        .order_by("criterion__number")
        .values(
            "criterion__number",
            "criterion__name",
            "criterion__short_name",
            "met",
            "computed_met",
            "declared_met",
            "source",
            "explanation",
            "declared_role",
            "declared_file",
            "declared_at",
            "declared_by__username",
            "declared_by__first_name",
            "declared_by__last_name",
        )
    )
    out = []
    for r in rows:
        explanation = r["explanation"] or {}
        computed, declared = r["computed_met"], r["declared_met"]
        out.append(
            {
                "number": r["criterion__number"],
                "name": r["criterion__name"],
                "short_name": r["criterion__short_name"],
                "met": r["met"],
                "computed_met": computed,
                "declared_met": declared,
                "source": r["source"],
                "disagrees": declared is not None and computed is not None and declared != computed,
                "declared_by": declaration_label(
                    role=r["declared_role"],
                    username=r["declared_by__username"] or "",
                    full_name=" ".join(
                        p for p in (r["declared_by__last_name"], r["declared_by__first_name"]) if p
                    ),
                    file=r["declared_file"],
                    at=r["declared_at"],
                )
                if declared is not None
                else "",
                "status": explanation.get("status", "not_assessed"),
                "reason_vi": explanation.get("reason_vi", ""),
                "reason_en": explanation.get("reason_en", ""),
                "indicators": explanation.get("indicators", []),
            }
        )
    return out


def assessment_disagreements(*, assessment: Assessment | int) -> list[int]:
    """Numbers of the criteria whose declaration the indicator values contradict."""
    return [r["number"] for r in assessment_status_rows(assessment=assessment) if r["disagrees"]]
