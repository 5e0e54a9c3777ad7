"""Read helpers for a commune's criterion statuses and their explanations (plain rows)."""

from __future__ import annotations

from typing import Any

from ntm.assessments.models import Assessment, CriterionStatus


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
