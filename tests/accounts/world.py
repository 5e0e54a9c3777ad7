"""A small hand-made world for permission and workflow tests.

Two provinces: P (districts D1 with communes C1, C2, and D2 with commune C3) and
Q (district QD with commune QC); a three-criterion set in force 2016-2020 (so
that nothing can rely on a set having 19 criteria); one officer of each role
inside P's scope and one outside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from ntm.accounts.services import profile_set
from ntm.assessments.models import Assessment
from ntm.criteria.models import CriteriaSet, Criterion, CriterionGroup
from ntm.units.models import AdminUnit

ROLES = ("central", "province", "district", "commune", "viewer")


def unit_make(code: str, name: str, parent: AdminUnit | None, level: int, kind: str) -> AdminUnit:
    unit = AdminUnit.objects.create(
        code=code,
        name=name,
        level=level,
        kind=kind,
        parent=parent,
        province=parent.province if parent is not None else None,
        source_list="test",
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    if parent is None:
        unit.province = unit
    unit.save(update_fields=["path", "province"])
    return unit


def criteria_set_make(*, n: int = 3, code: str = "xa-thu-2016-2020") -> CriteriaSet:
    cset = CriteriaSet.objects.create(
        code=code, name="Bộ tiêu chí thử", legal_basis="thử", period_start=2016, period_end=2020
    )
    group = CriterionGroup.objects.create(criteria_set=cset, code="I", name="Nhóm thử")
    for number in range(1, n + 1):
        Criterion.objects.create(
            criteria_set=cset,
            group=group,
            number=number,
            name=f"Tiêu chí {number}",
            short_name=f"TC{number}",
        )
    return cset


def user_make(username: str, role: str | None, unit: AdminUnit | None) -> User:
    user = User.objects.create_user(username=username, password=None)
    if role is not None:
        profile_set(user=user, role=role, unit=unit)
    return user


@dataclass
class World:
    criteria_set: CriteriaSet
    province: AdminUnit
    d1: AdminUnit
    d2: AdminUnit
    c1: AdminUnit
    c2: AdminUnit
    c3: AdminUnit
    other_province: AdminUnit
    other_district: AdminUnit
    other_commune: AdminUnit
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: str, *, in_scope: bool = True) -> User:
        """An officer of ``role`` whose unit contains C1 (in scope) or does not (out of scope)."""
        return self.users[role if in_scope or role == "central" else f"{role}_out"]

    def assessment(
        self,
        *,
        commune: AdminUnit | None = None,
        year: int = 2019,
        state: str = Assessment.State.DRAFT,
        locked: bool | None = None,
        meets_standard: bool = True,
    ) -> Assessment:
        total = self.criteria_set.criteria.count()
        if locked is None:
            locked = state in (Assessment.State.APPRAISED, Assessment.State.RECOGNISED)
        return Assessment.objects.create(
            commune=commune or self.c1,
            year=year,
            criteria_set=self.criteria_set,
            state=state,
            locked=locked,
            criteria_total=total,
            criteria_met=total if meets_standard else total - 1,
            meets_standard=meets_standard,
        )


def world_build(*, criteria_set: CriteriaSet | None = None, **kwargs: Any) -> World:
    cset = criteria_set or criteria_set_make()
    p = unit_make("P1", "Thử Nhất", None, 1, AdminUnit.Kind.PROVINCE)
    d1 = unit_make("D11", "Một", p, 2, AdminUnit.Kind.DISTRICT)
    d2 = unit_make("D12", "Hai", p, 2, AdminUnit.Kind.DISTRICT)
    c1 = unit_make("C111", "An", d1, 3, AdminUnit.Kind.COMMUNE)
    c2 = unit_make("C112", "Bình", d1, 3, AdminUnit.Kind.COMMUNE)
    c3 = unit_make("C121", "Cường", d2, 3, AdminUnit.Kind.COMMUNE)
    q = unit_make("P2", "Thử Hai", None, 1, AdminUnit.Kind.PROVINCE)
    qd = unit_make("D21", "Ba", q, 2, AdminUnit.Kind.DISTRICT)
    qc = unit_make("C211", "Đông", qd, 3, AdminUnit.Kind.COMMUNE)
    w = World(cset, p, d1, d2, c1, c2, c3, q, qd, qc)
    w.users = {
        "central": user_make("trung_uong", "central", None),
        "province": user_make("tinh", "province", p),
        "district": user_make("huyen", "district", d1),
        "commune": user_make("xa", "commune", c1),
        "viewer": user_make("lanh_dao", "viewer", p),
        "province_out": user_make("tinh_khac", "province", q),
        "district_out": user_make("huyen_khac", "district", d2),
        "commune_out": user_make("xa_khac", "commune", c2),
        "viewer_out": user_make("lanh_dao_khac", "viewer", q),
        "none": user_make("chua_phan_quyen", None, None),
        "none_out": user_make("chua_phan_quyen_2", None, None),
    }
    return w
