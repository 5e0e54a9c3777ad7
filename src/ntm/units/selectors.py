"""Finding administrative units by their official code: the one look-up every command,
page and import uses.

An official code is a number; lists write it with leading zeros ("04" for Cao
Bằng, "01267" for a commune), files and people often without: both are the
same unit. A code names several *versions* of a unit when a list renamed or
moved it (``AdminUnit.valid_from``/``valid_to``); the version a year's data
belong to is the one in force at the end of that year, or, for a unit that
ended during the year, the last version in force in it.
"""

import datetime
import re
from collections.abc import Iterable

from django.db.models import Q

from ntm.core.errors import ApplicationError
from ntm.units.lists import UNIT_LISTS, UnitList
from ntm.units.models import AdminUnit, UnitLineage, UnitQuerySet

LEVEL_WORDS = {
    AdminUnit.Level.PROVINCE: "tỉnh",
    AdminUnit.Level.DISTRICT: "huyện",
    AdminUnit.Level.COMMUNE: "xã",
    AdminUnit.Level.VILLAGE: "thôn",
}

_CODE = re.compile(r"\d{1,10}")


def code_normal(code: object) -> str:
    """An official code as stored: digits without leading zeros ("04" → "4", "01267" → "1267").

    Raises ApplicationError for anything that is not a code.
    """
    text = str(code).strip()
    if not _CODE.fullmatch(text):
        raise ApplicationError(
            f"Mã đơn vị hành chính không hợp lệ: “{text}” (cần một số, ví dụ 04)."
        )
    return str(int(text))


def valid_in_year(unit: AdminUnit, year: int) -> bool:
    """Whether the version was in force at some time during ``year``."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (unit.valid_from is None or unit.valid_from <= end) and (
        unit.valid_to is None or unit.valid_to > start
    )


def subtrees(roots: Iterable[AdminUnit | str], field: str = "") -> Q:
    """The filter of rows within any of ``roots`` (units or their paths): one OR of path prefixes.

    ``field`` is the relation to the unit ("commune", "rating__product__commune"); empty for
    units themselves. No root matches nothing.
    """
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(**{lookup: root if isinstance(root, str) else root.path})
    return q


def before_in_force(unit: AdminUnit, year: int) -> bool:
    """Whether ``year`` ended before the version came into force: its figures that year are
    those of the units it later took in (a trend marks the change)."""
    return unit.valid_from is not None and year < unit.valid_from.year


def version_for_year(
    versions: Iterable[AdminUnit], year: int, *, prefer: Iterable[int] = ()
) -> AdminUnit | None:
    """Of a unit's versions (oldest first), the one ``year``'s data belong to.

    A version in ``prefer`` (ids: e.g. those that already hold that year's
    assessment) wins; else the version in force at the end of the year; else
    the last one in force during it. None when no version was in force.
    """
    in_year = [u for u in versions if valid_in_year(u, year)]
    if not in_year:
        return None
    preferred = set(prefer)
    chosen = [u for u in in_year if u.pk in preferred]
    end = datetime.date(year, 12, 31)
    at_end = [u for u in in_year if u.valid_to is None or u.valid_to > end]
    return (chosen or at_end or in_year)[-1]


def unit_versions(*, level: int, codes: Iterable[str]) -> dict[str, list[AdminUnit]]:
    """Every version of the units of ``level`` with these (normalised) codes, oldest first, by code."""
    wanted = sorted(set(codes))
    found: dict[str, list[AdminUnit]] = {}
    for start in range(0, len(wanted), 5000):
        batch = wanted[start : start + 5000]
        qs = AdminUnit.objects.filter(level=level, code__in=batch).select_related(
            "parent", "province"
        )
        for unit in qs.order_by("valid_from", "id"):
            found.setdefault(unit.code, []).append(unit)
    for versions in found.values():
        versions.sort(key=lambda u: (u.valid_from or datetime.date.min, u.pk))
    return found


def unit_not_found(*, level: int, code: str, year: int, versions: list[AdminUnit]) -> str:
    """Why no version of the unit is in force in ``year`` (for a message naming the code)."""
    word = LEVEL_WORDS.get(AdminUnit.Level(level), "đơn vị")
    if not AdminUnit.objects.exists():
        return (
            f"không có {word} mã {code}: chưa nạp danh mục đơn vị hành chính "
            "(chạy: ntm loadunits --province <mã tỉnh>)"
        )
    if not versions:
        return (
            f"không có {word} mã {code} trong danh mục đơn vị hành chính đã nạp "
            f"(mã sai, hoặc chưa nạp tỉnh này: ntm loadunits --province <mã tỉnh>)"
        )
    return f"{word} mã {code} ({versions[-1].name}) không có hiệu lực trong năm {year}"


def _refusal(*, level: int, code: object, year: int, versions: list[AdminUnit]) -> ApplicationError:
    message = unit_not_found(level=level, code=str(code).strip(), year=year, versions=versions)
    return ApplicationError(message[:1].upper() + message[1:] + ".")


def unit_by_code(*, code: object, year: int, level: int) -> AdminUnit:
    """The version of the unit with this official code (leading zeros or not) in force in ``year``."""
    normal = code_normal(code)
    versions = unit_versions(level=level, codes=[normal]).get(normal, [])
    unit = version_for_year(versions, year)
    if unit is None:
        raise _refusal(level=level, code=code, year=year, versions=versions)
    return unit


def all_versions(*, code: object, level: int) -> list[AdminUnit]:
    """Every version of one unit (older years' data point to older versions), oldest first."""
    normal = code_normal(code)
    versions = unit_versions(level=level, codes=[normal]).get(normal, [])
    if not versions:
        raise _refusal(level=level, code=code, year=0, versions=versions)
    return versions


def unit_list(name: str) -> UnitList:
    """The official list named ``name`` ("2019", "2025-10"), or a refusal naming those there are."""
    try:
        return UNIT_LISTS[name]
    except KeyError as exc:
        raise ApplicationError(f"Không có danh mục {name!r}; có: {', '.join(UNIT_LISTS)}.") from exc


def on_map(list_name: str) -> UnitQuerySet:
    """The units of the map of an official list: the versions in force on the list's day."""
    return AdminUnit.objects.valid_on(unit_list(list_name).day)


def unit_on_map(*, code: object, level: int, list_name: str) -> AdminUnit:
    """The version of the unit with this official code on the map of list ``list_name``."""
    normal = code_normal(code)
    unit = on_map(list_name).filter(level=level, code=normal).order_by("-valid_from").first()
    if unit is None:
        word = LEVEL_WORDS.get(AdminUnit.Level(level), "đơn vị")
        raise ApplicationError(
            f"Không có {word} mã {code} trên bản đồ của danh mục {list_name} "
            f"(ngày {unit_list(list_name).day:%d/%m/%Y}) trong danh mục đã nạp."
        )
    return unit


# --------------------------------------------------------------------------- territory


def _walk_back(start: set[int]) -> tuple[set[int], bool]:
    """``start`` and every unit it took territory from, following lineage links back.

    A province or district that took only part of another is not followed
    (the part is not a unit); its communes are (``territory``). The second
    value says whether such a part was met. One query per step back.
    """
    seen = set(start)
    frontier = set(start)
    partial = False
    while frontier:
        step: set[int] = set()
        for pred, whole, level in UnitLineage.objects.filter(successor_id__in=frontier).values_list(
            "predecessor_id", "whole", "successor__level"
        ):
            if not whole and level < AdminUnit.Level.COMMUNE:
                partial = True
                continue
            if pred not in seen:
                seen.add(pred)
                step.add(pred)
        frontier = step
    return seen, partial


def territory(*, unit: AdminUnit) -> list[AdminUnit]:
    """The units whose subtrees make up ``unit``'s territory in any year: the unit and, back
    through the lineage of every list loaded, each unit it took in (whole, or for a commune in
    part). A year's figures on a later map count the communes of that year within them.

    A commune taken in part counts, in that past year, in each unit that took a part of it.
    """
    ids, partial = _walk_back({unit.pk})
    if partial:
        communes = set(
            AdminUnit.objects.within(unit)
            .filter(level=AdminUnit.Level.COMMUNE)
            .values_list("id", flat=True)
        )
        ids |= _walk_back(communes)[0]
    roots = sorted(AdminUnit.objects.filter(pk__in=ids).only("id", "path"), key=lambda u: u.path)
    out: list[AdminUnit] = []
    for root in roots:
        if not any(root.path.startswith(kept.path) for kept in out):
            out.append(root)
    return out


def in_territory(*, unit: AdminUnit, year: int) -> Q:
    """The filter of the units within ``unit`` in ``year``: its subtree when the unit was in force
    that year (the map in force), else its territory back through the lineage (a later map)."""
    return territory_filters(unit=unit, years=[year])[year]


def predecessors(*, unit: AdminUnit) -> list[UnitLineage]:
    """The unit's direct predecessors (whole or in part), with the change's date and basis."""
    return list(
        UnitLineage.objects.filter(successor=unit)
        .select_related("predecessor__parent")
        .order_by("predecessor__level", "predecessor__code")
    )


def successors(*, unit: AdminUnit) -> list[UnitLineage]:
    """The units that took in ``unit``'s territory (whole or in part)."""
    return list(
        UnitLineage.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("successor__code")
    )


def territory_filters(*, unit: AdminUnit, years: Iterable[int]) -> dict[int, Q]:
    """``in_territory`` for several years, reading the lineage once."""
    roots: list[AdminUnit] | None = None
    out: dict[int, Q] = {}
    for year in years:
        if valid_in_year(unit, year):
            out[year] = Q(path__startswith=unit.path)
            continue
        if roots is None:
            roots = territory(unit=unit)
        out[year] = subtrees(roots)
    return out


def unit_for_map(*, unit: AdminUnit, year: int, list_name: str = "") -> AdminUnit:
    """The version of ``unit``'s code whose figures of ``year`` are stated: the one on the map
    of list ``list_name``, or by default the one in force that year (the map of the year; the
    unit itself when its code had no version then, as for a unit formed later)."""
    if list_name:
        return unit_on_map(code=unit.code, level=unit.level, list_name=list_name)
    versions = unit_versions(level=unit.level, codes=[unit.code]).get(unit.code, [])
    return version_for_year(versions, year) or unit
