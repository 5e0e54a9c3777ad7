"""Loading boundary files (ntm loadmap): all features or none, each keyed to a unit on a list's map."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from ntm.core.audit import change_record
from ntm.core.errors import ApplicationError
from ntm.maps.geometry import Feature, MapFileError, bbox, features_read
from ntm.maps.models import Boundary, BoundarySet
from ntm.units.models import AdminUnit
from ntm.units.selectors import code_normal, unit_list, unit_on_map

#: The ``level`` property's words, and the widths official lists write codes with (04, 001, 00001).
LEVEL_WORDS = {
    "1": AdminUnit.Level.PROVINCE,
    "tinh": AdminUnit.Level.PROVINCE,
    "tỉnh": AdminUnit.Level.PROVINCE,
    "2": AdminUnit.Level.DISTRICT,
    "huyen": AdminUnit.Level.DISTRICT,
    "huyện": AdminUnit.Level.DISTRICT,
    "3": AdminUnit.Level.COMMUNE,
    "xa": AdminUnit.Level.COMMUNE,
    "xã": AdminUnit.Level.COMMUNE,
}
CODE_WIDTHS = {2: AdminUnit.Level.PROVINCE, 3: AdminUnit.Level.DISTRICT, 5: AdminUnit.Level.COMMUNE}
LEVELS_TRIED = (AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE)


@dataclass(frozen=True)
class MapLoad:
    """What a load did: the set, its boundaries by level, and whether it replaced an older load."""

    boundary_set: BoundarySet
    boundaries: int
    by_level: dict[int, int]
    replaced: bool


def _unit_of(feature: Feature, *, where: str, code_property: str, list_name: str) -> AdminUnit:
    """The unit a feature is of: its code on the list's map, at its level.

    The level is the feature's ``level`` property (1/2/3, tinh/huyen/xa) when
    it has one; else the width of a code written with its leading zeros (2
    digits: a province, 3: a district, 5: a commune, as the official lists
    write them); else each of province, district, commune is tried, and a code
    found at more than one level is refused (give ``level``).
    """
    raw = feature.properties.get(code_property)
    if raw is None or str(raw).strip() == "":
        raise ApplicationError(f"{where}:{code_property}: thiếu mã đơn vị.")
    try:
        code_normal(raw)
    except ApplicationError as exc:
        raise ApplicationError(f"{where}:{code_property}: {exc.message}") from exc
    word = feature.properties.get("level")
    if word is not None and str(word).strip():
        level = LEVEL_WORDS.get(str(word).strip().lower())
        if level is None:
            raise ApplicationError(
                f"{where}:level: cấp {word!r} không hợp lệ (1, 2, 3 hoặc tinh, huyen, xa)."
            )
        levels: tuple[int, ...] = (level,)
    else:
        text = str(raw).strip()
        by_width = CODE_WIDTHS.get(len(text)) if text.startswith("0") else None
        levels = (by_width,) if by_width is not None else LEVELS_TRIED
    found: list[AdminUnit] = []
    refusal = ""
    for level in levels:
        try:
            found.append(unit_on_map(code=raw, level=level, list_name=list_name))
        except ApplicationError as exc:
            refusal = exc.message
    if len(found) > 1:
        raise ApplicationError(
            f"{where}:{code_property}: mã {raw} có ở nhiều cấp "
            f"({', '.join(str(u) for u in found)}); ghi cấp trong thuộc tính level."
        )
    if not found:
        raise ApplicationError(f"{where}:{code_property}: {refusal}")
    return found[0]


@transaction.atomic
def boundaries_load(
    *,
    path: Path,
    list_name: str,
    licence: str,
    source: str,
    code_property: str = "code",
    name: str | None = None,
    user: Any = None,
) -> MapLoad:
    """Load a boundary file (GeoJSON or TopoJSON) as the set ``name`` (the file's name by default).

    Every feature must be of a unit on the map of ``list_name``; one refusal
    loads nothing, and names FILE:feature N:property. Loading a set of the same
    name again replaces its boundaries (the same file gives the same set),
    recording the change.
    """
    unit_list(list_name)
    licence, source = licence.strip(), source.strip()
    if not licence:
        raise ApplicationError(
            "Cần ghi giấy phép của bản đồ (--licence): NTM không dùng bản đồ không rõ giấy phép."
        )
    if not source:
        raise ApplicationError("Cần ghi nguồn của bản đồ (--source): một địa chỉ hoặc trích dẫn.")
    try:
        features = features_read(path.read_bytes(), file_name=path.name)
    except MapFileError as exc:
        raise ApplicationError(str(exc)) from exc
    units: dict[int, AdminUnit] = {}
    rows = []
    for feature in features:
        where = f"{path.name}:feature {feature.number}"
        unit = _unit_of(feature, where=where, code_property=code_property, list_name=list_name)
        if unit.pk in units:
            raise ApplicationError(
                f"{where}:{code_property}: {unit} đã có ranh giới ở feature trước."
            )
        units[unit.pk] = unit
        box = bbox(feature.geometry)
        rows.append((unit, feature.geometry, box))
    set_name = (name or path.name).strip()
    existing = BoundarySet.objects.select_for_update().filter(name=set_name).first()
    fields = ("list_name", "licence", "source", "file_name")
    before = None
    if existing is not None:
        before = {f: getattr(existing, f) for f in fields}
        before["boundaries"] = existing.boundaries.count()
        existing.boundaries.all().delete()
        boundary_set = existing
    else:
        boundary_set = BoundarySet(name=set_name)
    boundary_set.list_name = list_name
    boundary_set.licence = licence
    boundary_set.source = source
    boundary_set.file_name = path.name
    boundary_set.loaded_by = user if getattr(user, "is_authenticated", False) else None
    boundary_set.save()
    Boundary.objects.bulk_create(
        Boundary(
            boundary_set=boundary_set,
            unit=unit,
            geometry=geometry,
            min_lon=box[0],
            min_lat=box[1],
            max_lon=box[2],
            max_lat=box[3],
        )
        for unit, geometry, box in rows
    )
    after = {f: getattr(boundary_set, f) for f in fields}
    after["boundaries"] = len(rows)
    change_record(
        obj=boundary_set,
        action="update" if existing is not None else "create",
        user=user,
        before=before,
        after=after,
        reason=f"nạp từ {path.name}",
    )
    by_level: dict[int, int] = {}
    for unit, _geometry, _box in rows:
        by_level[unit.level] = by_level.get(unit.level, 0) + 1
    return MapLoad(boundary_set, len(rows), by_level, existing is not None)
