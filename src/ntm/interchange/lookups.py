"""What the importer looks up in the database, fetched once for a whole call.

Thousands of rows must import in seconds, so units, criteria sets, their
criteria and indicators, and existing assessments are read in a few queries
up front and resolved from dictionaries.

The rows an import will write are locked here, inside the import's transaction
and before anything is checked or planned (docs/formats.md, "Concurrent
changes"): first the units the files name (``AdminUnit``, by id: the lock that
``plans.services`` and ``assessments.services.recognition`` take, and that
serialises the creation of a commune's assessment), then the stored
assessments (by id, as ``workflow`` locks them). The assessments are read by
that locking query, so the state and lock the import plans against are the
ones committed last; an appraisal, an entry save or another import of the same
file waits for the import to end, or the import waits for them.
"""

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ntm.accounts.scope import unit_in_scope
from ntm.assessments.models import Assessment
from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet, Criterion, Indicator
from ntm.criteria.services import criteria_set_for_year
from ntm.interchange.formats import UNIT_COLUMN_LEVELS, CellError, parse_unit_code
from ntm.interchange.records import Record
from ntm.plans.rows import CriterionName, Row, target_rows
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_not_found, unit_versions, version_for_year

CHUNK = 5000  # ids per IN (...) query: well under SQLite's and PostgreSQL's parameter limits


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """``items`` in lists of at most ``size`` (a national file names tens of thousands of ids)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class SetInfo:
    """A criteria set with its criteria by number and indicators by code."""

    criteria_set: CriteriaSet
    criteria: dict[int, Criterion] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)

    @cached_property
    def rows(self) -> dict[str, Row]:
        """The appendix rows a target can be set for, by id (``plans.rows``)."""
        names = [CriterionName(n, c.short_name or c.name) for n, c in sorted(self.criteria.items())]
        return {r.row_id: r for r in target_rows(names)}

    @cached_property
    def row_ids(self) -> frozenset[str]:
        return frozenset(self.rows)

    @property
    def numbers(self) -> str:
        found = sorted(self.criteria)
        return f"{found[0]} đến {found[-1]}" if found else "(không có)"


class Lookups:
    """Units, criteria sets and assessments needed to check and write ``records``."""

    def __init__(self, records: list[Record], *, user: Any = None) -> None:
        self.user = user
        codes: dict[int, set[str]] = {1: set(), 2: set(), 3: set(), 4: set()}
        years: set[int] = set()
        for rec in records:
            column = rec.fmt.unit_column
            with contextlib.suppress(CellError):
                codes[UNIT_COLUMN_LEVELS[column]].add(
                    parse_unit_code(rec.cells.get(column, ""), column)
                )
            if rec.cells.get("year", "").isdigit():
                years.add(int(rec.cells["year"]))
        self.has_criteria = CriteriaSet.objects.exists()
        self.units: dict[tuple[int, str], list[AdminUnit]] = {}
        for level, level_codes in codes.items():
            if not level_codes:
                continue
            for code, versions in unit_versions(level=level, codes=level_codes).items():
                self.units[(level, code)] = versions
        self._lock_units()
        # communes' and villages' files
        commune_ids = [u.pk for (level, _), us in self.units.items() if level >= 2 for u in us]
        # stored files by (commune id, year, kind of set)
        self.assessments: dict[tuple[int, int, str], Assessment] = {}
        self._with_file: set[tuple[int, int]] = set()
        if commune_ids and years:
            self._lock_assessments(commune_ids, years)
        self.sets: dict[int, SetInfo] = {}
        if self.has_criteria:
            for cset in CriteriaSet.objects.all():
                self.sets[cset.pk] = SetInfo(cset)
            for crit in Criterion.objects.all():
                self.sets[crit.criteria_set_id].criteria[crit.number] = crit
            for ind in Indicator.objects.select_related("criterion"):
                self.sets[ind.criterion.criteria_set_id].indicators[ind.code] = ind
        self._set_for: dict[tuple[int, int | None, str, str], SetInfo | str] = {}
        self._by_code = {info.criteria_set.code: info for info in self.sets.values()}
        self._communes: dict[tuple[int, int], int] = {}

    # --- locks ---------------------------------------------------------------

    def _lock_units(self) -> None:
        """Lock every version of the units the files name, in id order (PostgreSQL: FOR UPDATE).

        A commune's unit row is what a writer that creates its assessment, and a
        plan's writer, hold; in one order everywhere, two imports never deadlock.
        """
        ids = sorted({u.pk for versions in self.units.values() for u in versions})
        for batch in chunks(ids):
            list(
                AdminUnit.objects.select_for_update()
                .filter(pk__in=batch)
                .order_by("pk")
                .values_list("pk", flat=True)
            )

    def _lock_assessments(self, commune_ids: list[int], years: set[int]) -> None:
        """Read the stored assessments of these communes and years, each row locked, in id order.

        The ids are found first and then locked in one order; no other writer can
        add an assessment for these communes meanwhile (their units are locked).
        """
        ids: list[int] = []
        for batch in chunks(commune_ids):
            ids += Assessment.objects.filter(commune_id__in=batch, year__in=years).values_list(
                "pk", flat=True
            )
        for batch in chunks(sorted(ids)):
            for a in (
                Assessment.objects.select_for_update(of=("self",))
                .filter(pk__in=batch)
                .order_by("pk")
            ):
                self.assessments[(a.commune_id, a.year, a.kind)] = a
                self._with_file.add((a.commune_id, a.year))

    # --- units ---------------------------------------------------------------

    def unit(self, level: int, code: str, year: int) -> AdminUnit | str:
        """The version of unit ``code`` in force in ``year``, or why there is none."""
        versions = self.units.get((level, code), [])
        # A version that already has that year's assessment, else the one in force at the year's end.
        unit = version_for_year(
            versions, year, prefer=[u.pk for u in versions if (u.pk, year) in self._with_file]
        )
        if unit is None:
            return unit_not_found(level=level, code=code, year=year, versions=versions)
        if self.user is not None and not unit_in_scope(self.user, unit):
            return f"{unit} nằm ngoài phạm vi quản lý của bạn"
        return unit

    def communes_count(self, unit: AdminUnit, year: int) -> int:
        """How many xã ``unit`` has in ``year`` (a count target may not exceed it)."""
        key = (unit.pk, year)
        if key not in self._communes:
            self._communes[key] = (
                AdminUnit.objects.within(unit).communes().valid_in_year(year).count()
            )
        return self._communes[key]

    def commune(self, code: str, year: int) -> AdminUnit | str:
        """A rural commune (xã): wards and townships are not assessed by the programme."""
        unit = self.unit(3, code, year)
        if isinstance(unit, str):
            return unit
        if unit.kind != AdminUnit.Kind.COMMUNE:
            kind = unit.get_kind_display().lower()
            return f"mã {code} là {kind} {unit.name}, không phải xã (chỉ xã được đánh giá nông thôn mới)"
        return unit

    def district(self, code: str, year: int) -> AdminUnit | str:
        """A district-level unit (huyện, thị xã, thành phố thuộc tỉnh), for its own criteria."""
        return self.unit(2, code, year)

    def village(self, code: str, year: int) -> AdminUnit | str:
        """A village (thôn) loaded with ``ntm loadvillages``."""
        unit = self.unit(4, code, year)
        if isinstance(unit, str) and not self.units.get((4, code)):
            return f"không có thôn mã {code} (nạp danh sách thôn: ntm loadvillages)"
        return unit

    # --- criteria ------------------------------------------------------------------

    def set_for(
        self,
        year: int,
        unit: AdminUnit,
        kind: str = CriteriaSet.SetKind.STANDARD,
        level: str | None = None,
    ) -> SetInfo | str:
        """The criteria set of a unit's file that year (existing one's, else the set in force).

        ``level`` is the level of the set: a village's or a district's own file
        uses its level's set; a plan's targets (rows of the commune set's
        appendix) pass the commune level whatever their unit.
        """
        if not self.has_criteria:
            return "chưa nạp bộ tiêu chí (chạy: ntm loadcriteria)"
        if level is None:
            level = CriteriaSet.Level.of_unit(unit.level)
        existing = self.assessments.get((unit.pk, year, kind))
        if existing is not None and existing.level == level:
            return self.sets[existing.criteria_set_id]
        province_id = unit.province_id
        key = (year, province_id, level, kind)
        if key not in self._set_for:
            try:
                cset = criteria_set_for_year(
                    year=year, province=province_id, level=level, kind=kind
                )
                self._set_for[key] = self.sets[cset.pk]
            except ApplicationError as exc:
                self._set_for[key] = exc.message
        return self._set_for[key]

    def set_named(self, code: str, year: int, unit: AdminUnit) -> SetInfo | str:
        """The set a row names (``criteria_set``): it must be the one of its kind the commune
        applies that year."""
        named = self._by_code.get(code)
        if named is None:
            known = ", ".join(sorted(self._by_code))
            return f"không có bộ tiêu chí mã “{code}” (các bộ đã nạp: {known})"
        found = self.set_for(year, unit, named.criteria_set.kind)
        if isinstance(found, str):
            return found
        if found.criteria_set.code != code:
            return f"năm {year} xã áp dụng bộ tiêu chí {found.criteria_set.code}, không phải {code}"
        return found
