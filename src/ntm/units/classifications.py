"""The kinds of dated unit classification NTM knows, and which one is in force in a year (pure).

A classification chooses thresholds: the commune group of the 2026-2030 set
(xã nhóm 1, 2, 3 of QĐ 51/2025/QĐ-TTg), or a status that makes a commune
apply another region's thresholds (QĐ 318/QĐ-TTg: extremely disadvantaged
communes and safe-zone communes apply those of the Northern Midlands and
Mountains). Each row carries its source decision; the criteria set says which
kinds it uses.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

# code → (Vietnamese name, English name)
KINDS: dict[str, tuple[str, str]] = {
    "nhom_xa": ("Nhóm xã (bộ tiêu chí 2026-2030)", "Commune group (2026-2030 set)"),
    "xa_dbkk": ("Xã đặc biệt khó khăn", "Extremely disadvantaged commune"),
    "bien_gioi": ("Xã biên giới", "Border commune"),
    "an_toan_khu": ("Xã an toàn khu (ATK)", "Safe-zone (ATK) commune"),
    "khu_vuc_dtts": (
        "Khu vực (I, II, III) vùng đồng bào dân tộc thiểu số và miền núi",
        "Area (I, II, III) of ethnic-minority and mountainous regions",
    ),
}


@dataclass(frozen=True)
class UnitClass:
    """One classification of a unit: kind, class, its source and dates (``valid_to`` excluded)."""

    code: str
    value: str
    legal_basis: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def in_force(self, year: int) -> bool:
        """In force on 31/12 of ``year``, the reference date of that year's assessment."""
        day = datetime.date(year, 12, 31)
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to > day
        )


def in_force(classes: Iterable[UnitClass], year: int) -> tuple[UnitClass, ...]:
    """The classifications in force in ``year``, one per kind (the latest start wins), by code."""
    chosen: dict[str, UnitClass] = {}
    for c in classes:
        if not c.in_force(year):
            continue
        held = chosen.get(c.code)
        if held is None or (c.valid_from or datetime.date.min) >= (
            held.valid_from or datetime.date.min
        ):
            chosen[c.code] = c
    return tuple(chosen[k] for k in sorted(chosen))


# How one class of a kind is named, where it reads better than "kind value".
_CLASS_NAMES = {"nhom_xa": "Xã nhóm {value}", "khu_vuc_dtts": "Xã khu vực {value}"}


def class_name(code: str, value: str) -> str:
    """ "Xã nhóm 3", "Xã đặc biệt khó khăn", "Xã an toàn khu (ATK) huyen_ngheo"."""
    if value and code in _CLASS_NAMES:
        return _CLASS_NAMES[code].format(value=value)
    return kind_name(code) + (f" {value}" if value else "")


def kind_name(code: str, *, en: bool = False) -> str:
    names = KINDS.get(code)
    if names is None:
        return code
    return names[1] if en else names[0]
