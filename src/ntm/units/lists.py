"""The official lists of administrative units NTM ships, in the order they apply.

A list is a snapshot of the map on one day (``day``): the units in force that
day form the *map* of the list. ``effective`` is the day a list's changes took
effect (None for the first list, whose units are in force since before it).
Loading a list ends the units it no longer holds on that day and records, for
each new unit, its predecessors (``units.models.UnitLineage``).
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitList:
    """An official list shipped with NTM, the day it takes effect (None: the first list) and the
    day whose map it is."""

    name: str
    file: str
    effective: datetime.date | None
    day: datetime.date
    #: the conversion table of the change (``data/units/``): each new unit's predecessors
    lineage: str = ""
    #: the legal basis of the change of provinces, as the list's source gives it
    resolution: str = ""


UNIT_LISTS = {
    "2019": UnitList("2019", "vn-2019.csv", None, datetime.date(2019, 12, 31)),
    "2025-01": UnitList(
        "2025-01", "vn-2025-01.csv", datetime.date(2025, 1, 1), datetime.date(2025, 1, 1)
    ),
    "2025-10": UnitList(
        "2025-10",
        "vn-2025-10.csv",
        datetime.date(2025, 7, 1),
        datetime.date(2025, 7, 1),
        lineage="lineage-2025-10.csv",
        resolution=(
            "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị "
            "hành chính cấp tỉnh"
        ),
    ),
}
