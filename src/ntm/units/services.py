"""Loading official lists of administrative units, keeping earlier versions valid.

A list is a snapshot. Loading it compares each unit with the version now in
force (same level and code): an identical unit is kept; a renamed or moved unit
gets a new version (the old one ends the day the list takes effect); a unit
missing from the new list ends that day too. Loading the same list twice
changes nothing.
"""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ntm.core.audit import change_record, snapshot
from ntm.core.errors import ApplicationError
from ntm.units.classifications import KINDS, class_name
from ntm.units.lists import UNIT_LISTS, UnitList
from ntm.units.models import AdminUnit, Classification, Region, UnitLineage, UnitListLoad

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "units"


_DISTRICT_PREFIXES = [
    ("Thành phố ", AdminUnit.Kind.PROVINCIAL_CITY),
    ("Thành Phố ", AdminUnit.Kind.PROVINCIAL_CITY),
    ("Thị xã ", AdminUnit.Kind.TOWN),
    ("Thị Xã ", AdminUnit.Kind.TOWN),
    ("Quận ", AdminUnit.Kind.URBAN_DISTRICT),
    ("Huyện ", AdminUnit.Kind.DISTRICT),
]
_COMMUNE_KINDS = {
    "xã": (AdminUnit.Kind.COMMUNE, "Xã "),
    "phường": (AdminUnit.Kind.WARD, "Phường "),
    "thị trấn": (AdminUnit.Kind.TOWNSHIP, "Thị trấn "),
    "đặc khu": (AdminUnit.Kind.SPECIAL_ZONE, "Đặc khu "),
}


def _split_province(name: str) -> tuple[str, str]:
    if name.startswith("Thành phố "):
        return AdminUnit.Kind.CITY, name.removeprefix("Thành phố ")
    return AdminUnit.Kind.PROVINCE, name.removeprefix("Tỉnh ")


def _split_district(name: str) -> tuple[str, str]:
    for prefix, kind in _DISTRICT_PREFIXES:
        if name.startswith(prefix):
            return kind, name.removeprefix(prefix)
    return AdminUnit.Kind.DISTRICT, name


def _split_commune(name: str, type_: str) -> tuple[str, str]:
    try:
        kind, prefix = _COMMUNE_KINDS[type_.strip().lower()]
    except KeyError as exc:
        raise ApplicationError(f"Loại đơn vị không rõ: {type_!r} ({name})") from exc
    return kind, name.removeprefix(prefix)


@dataclass
class LoadSummary:
    created: int = 0
    kept: int = 0
    ended: int = 0
    provinces: list[str] = field(default_factory=list)
    #: lineage links recorded, and predecessors of the table not found among the units in force
    linked: int = 0
    unlinked: int = 0
    #: provinces merged into a loaded one, whose units the load ended
    merged: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Link:
    """A row of a list's conversion table: a new unit and one of its predecessors."""

    code: str
    old_province: str
    old_code: str
    whole: bool
    note: str


def _read_lineage(unit_list: UnitList) -> dict[str, list[_Link]]:
    """The conversion table of ``unit_list`` by new province code (empty without a table)."""
    if not unit_list.lineage:
        return {}
    out: dict[str, list[_Link]] = {}
    with (DATA_DIR / unit_list.lineage).open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            out.setdefault(rec["province_code"], []).append(
                _Link(
                    rec["code"],
                    rec["old_province_code"],
                    rec["old_code"],
                    rec["whole"] == "1",
                    rec["note"],
                )
            )
    return out


@dataclass
class _Row:
    level: int
    code: str
    name: str
    kind: str
    parent_key: tuple[int, str] | None


def _read_rows(path: Path, province_code: str | None) -> dict[str, list[_Row]]:
    """Rows of the list grouped by province code, parents before children."""
    by_province: dict[str, dict[tuple[int, str], _Row]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            pcode = rec["province_code"].strip()
            if province_code is not None and pcode != province_code:
                continue
            rows = by_province.setdefault(pcode, {})
            pkind, pname = _split_province(rec["province"].strip())
            rows.setdefault((1, pcode), _Row(1, pcode, pname, pkind, None))
            parent_key = (1, pcode)
            dcode = (rec.get("district_code") or "").strip()
            if dcode:
                dkind, dname = _split_district(rec["district"].strip())
                rows.setdefault((2, dcode), _Row(2, dcode, dname, dkind, (1, pcode)))
                parent_key = (2, dcode)
            ckind, cname = _split_commune(rec["name"].strip(), rec["type"])
            ccode = rec["code"].strip()
            rows[(3, ccode)] = _Row(3, ccode, cname, ckind, parent_key)
    return {p: sorted(rows.values(), key=lambda r: r.level) for p, rows in by_province.items()}


def regions_load() -> dict[str, Region]:
    """The socio-economic regions (from the criteria data) by code, created if missing."""
    with (DATA_DIR / "regions-2019.csv").open(encoding="utf-8") as fh:
        recs = list(csv.DictReader(fh))
    regions: dict[str, Region] = {}
    for rec in recs:
        code = rec["region_code"]
        if code not in regions:
            regions[code], _ = Region.objects.get_or_create(
                code=code, defaults={"name": rec["region"]}
            )
    return regions


def _province_regions() -> dict[str, str]:
    with (DATA_DIR / "regions-2019.csv").open(encoding="utf-8") as fh:
        return {rec["province_code"]: rec["region_code"] for rec in csv.DictReader(fh)}


@transaction.atomic
def units_load(*, list_name: str = "2019", province_code: str | None = None) -> LoadSummary:
    """Load an official list (all provinces, or one) idempotently."""
    try:
        unit_list = UNIT_LISTS[list_name]
    except KeyError as exc:
        raise ApplicationError(
            f"Không có danh mục {list_name!r}; có: {', '.join(UNIT_LISTS)}"
        ) from exc
    grouped = _read_rows(DATA_DIR / unit_list.file, province_code)
    if not grouped:
        raise ApplicationError(
            f"Không tìm thấy tỉnh mã {province_code} trong danh mục {list_name}."
        )
    regions = regions_load()
    province_regions = _province_regions() if list_name == "2019" else {}
    lineage = _read_lineage(unit_list)
    # where each former province went: whole into one new province, or split
    destinations: dict[str, set[str]] = {}
    for new_code, links in lineage.items():
        for link in links:
            destinations.setdefault(link.old_province, set()).add(new_code)
    summary = LoadSummary()
    for pcode, rows in grouped.items():
        links = lineage.get(pcode, [])
        if _list_applies(pcode, unit_list, summary, len(rows)):
            merged = _load_province(
                rows, unit_list, summary, regions, province_regions.get(pcode), links, destinations
            )
            summary.merged += merged
            for code in (pcode, *merged):
                UnitListLoad.objects.get_or_create(province_code=code, list_name=unit_list.name)
        summary.provinces.append(pcode)
    return summary


def _list_applies(pcode: str, unit_list: UnitList, summary: LoadSummary, rows: int) -> bool:
    """Whether ``unit_list`` is to be compared with the province's units now.

    Lists are applied in their order (``UNIT_LISTS``). Loading again a list that
    a newer one has followed changes nothing; loading for the first time a list
    older than one already applied is refused, since it would undo mergers.
    """
    order = list(UNIT_LISTS)
    loaded = set(
        UnitListLoad.objects.filter(province_code=pcode).values_list("list_name", flat=True)
    )
    newer = [name for name in loaded if order.index(name) > order.index(unit_list.name)]
    if not newer:
        return True
    if unit_list.name in loaded:
        summary.kept += rows
        return False
    raise ApplicationError(
        f"Tỉnh mã {pcode} đã nạp danh mục {max(newer, key=order.index)}, mới hơn danh mục "
        f"{unit_list.name}; không thể nạp danh mục cũ hơn."
    )


def _load_province(
    rows: list[_Row],
    unit_list: UnitList,
    summary: LoadSummary,
    regions: dict[str, Region],
    region_code: str | None,
    links: list[_Link],
    destinations: dict[str, set[str]],
) -> list[str]:
    """Compare the province's rows with its units in force, and with those of the provinces the
    conversion table merges into it; return the codes of those merged provinces."""
    pcode = rows[0].code
    in_force: dict[tuple[int, str], AdminUnit] = {}
    # provinces wholly merged into this one (their units end here), and provinces of which the
    # table moves only some communes here (those are linked; the rest waits for its own list)
    sources = {link.old_province for link in links} - {pcode}
    merged = sorted((c for c in sources if destinations.get(c) == {pcode}), key=int)
    for code in (pcode, *merged):
        province = AdminUnit.objects.filter(level=1, code=code, valid_to__isnull=True).first()
        if province is None:
            continue
        for unit in AdminUnit.objects.filter(path__startswith=province.path, valid_to__isnull=True):
            in_force[(unit.level, unit.code)] = unit
    merged = [code for code in merged if (1, code) in in_force]
    partly = {link.old_code for link in links if link.old_province in sources - set(merged)}
    foreign = {
        (unit.level, unit.code): unit
        for unit in AdminUnit.objects.filter(
            level=AdminUnit.Level.COMMUNE, code__in=partly, valid_to__isnull=True
        )
    }
    # a unit that takes in another one still in force is a new unit, even with the same name
    absorbing = {(1, pcode)} if merged else set()
    absorbing |= {
        (3, link.code)
        for link in links
        if link.old_code != link.code
        and (3, link.old_code) in (in_force | foreign)
        and (in_force | foreign)[(3, link.old_code)].source_list != unit_list.name
    }
    resolved: dict[tuple[int, str], AdminUnit] = {}
    seen: set[int] = set()
    to_create: list[tuple[_Row, AdminUnit | None]] = []

    for row in rows:
        key = (row.level, row.code)
        parent = resolved.get(row.parent_key) if row.parent_key else None
        existing = in_force.get(key)
        if (
            key not in absorbing
            and existing is not None
            and existing.name == row.name
            and existing.kind == row.kind
            and (existing.parent_id == (parent.pk if parent else None))
        ):
            resolved[key] = existing
            seen.add(existing.pk)
            summary.kept += 1
            continue
        if parent is None and row.level > 1:
            raise ApplicationError(f"Đơn vị {row.code} không có đơn vị cấp trên trong danh mục.")
        if row.level < 3:
            # Provinces and districts are few: create one by one so children can point to them.
            unit = _create(row, parent, existing, unit_list)
            resolved[key] = unit
            summary.created += 1
        else:
            to_create.append((row, existing))
            resolved[key] = parent  # placeholder; communes have no children here

    new_by_key = {k: u for k, u in resolved.items() if k[0] < 3 and u.pk not in seen}
    if to_create:
        new_units = [
            _build(row, resolved[row.parent_key] if row.parent_key else None, existing, unit_list)
            for row, existing in to_create
        ]
        created = AdminUnit.objects.bulk_create(new_units)
        for unit in created:
            unit.path = f"{unit.parent.path}{unit.pk}/"
        AdminUnit.objects.bulk_update(created, ["path"])
        summary.created += len(created)
        new_by_key |= {(u.level, u.code): u for u in created}

    if unit_list.effective is not None:
        stale = [u.pk for u in in_force.values() if u.pk not in seen]
        summary.ended += AdminUnit.objects.filter(pk__in=stale).update(valid_to=unit_list.effective)
        _record_lineage(
            unit_list, summary, pcode, merged, links, destinations, in_force | foreign, new_by_key
        )

    province = resolved[(1, pcode)]
    if province.region_id is None and region_code and region_code in regions:
        province.region = regions[region_code]
        province.save(update_fields=["region"])
    if province.province_id != province.pk:
        province.province = province
        province.save(update_fields=["province"])
    return merged


def _record_lineage(
    unit_list: UnitList,
    summary: LoadSummary,
    pcode: str,
    merged: list[str],
    links: list[_Link],
    destinations: dict[str, set[str]],
    in_force: dict[tuple[int, str], AdminUnit],
    new_by_key: dict[tuple[int, str], AdminUnit],
) -> None:
    """Record each new unit's predecessors: from the list's conversion table where it has one,
    else the unit's own earlier version (same code: renamed or moved), whole."""
    assert unit_list.effective is not None
    found: dict[tuple[int, int], UnitLineage] = {}

    def link(pred: AdminUnit, succ: AdminUnit, whole: bool, resolution: str, note: str) -> None:
        found.setdefault(
            (pred.pk, succ.pk),
            UnitLineage(
                predecessor=pred,
                successor=succ,
                whole=whole,
                effective=unit_list.effective,
                resolution=resolution,
                list_name=unit_list.name,
                note=note,
            ),
        )

    province = new_by_key.get((1, pcode))
    if province is not None:
        for code in (pcode, *merged):
            old = in_force.get((1, code))
            if old is not None:
                whole = destinations.get(code, {pcode}) == {pcode}
                link(old, province, whole, unit_list.resolution, "")
    for row in links:
        succ = new_by_key.get((3, row.code))
        if succ is None:
            continue
        pred = in_force.get((3, row.old_code))
        if pred is None:
            summary.unlinked += 1
            continue
        link(pred, succ, row.whole, "", row.note)
    covered = {s for _, s in found}
    for unit in new_by_key.values():
        if unit.previous_id is not None and unit.pk not in covered:
            link(unit.previous, unit, True, "", "cùng mã")
    UnitLineage.objects.bulk_create(found.values(), ignore_conflicts=True)
    summary.linked += len(found)


def _build(
    row: _Row, parent: AdminUnit | None, previous: AdminUnit | None, unit_list: UnitList
) -> AdminUnit:
    return AdminUnit(
        code=row.code,
        name=row.name,
        level=row.level,
        kind=row.kind,
        parent=parent,
        province=parent.province if parent is not None else None,
        valid_from=unit_list.effective,
        previous=previous,
        source_list=unit_list.name,
        region=None,
        path="",
    )


def _create(
    row: _Row, parent: AdminUnit | None, previous: AdminUnit | None, unit_list: UnitList
) -> AdminUnit:
    unit = _build(row, parent, previous, unit_list)
    if row.level == 1 and previous is not None:
        unit.region = previous.region
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    if row.level == 1:
        unit.province = unit
    unit.save(update_fields=["path", "province"])
    return unit


LINEAGE_FIELDS = ("resolution", "note")


@transaction.atomic
def unit_lineage_save(*, link: UnitLineage, user: object = None, reason: str = "") -> UnitLineage:
    """Save a lineage link whose basis or note an officer completed, with a change record.

    Which units took in which is the conversion table's; only the resolution
    (the Standing Committee's resolution of a province's communes, which the
    table does not give) and the note are completed by hand.
    """
    before = snapshot(UnitLineage.objects.get(pk=link.pk), LINEAGE_FIELDS)
    UnitLineage.objects.filter(pk=link.pk).update(resolution=link.resolution, note=link.note)
    change_record(
        obj=link,
        action="update",
        user=user,
        before=before,
        after=snapshot(link, LINEAGE_FIELDS),
        reason=reason,
    )
    return link


@transaction.atomic
def unit_region_set(
    *, unit: AdminUnit, region: Region | None, user: object = None, reason: str = ""
) -> AdminUnit:
    """Set the region whose thresholds apply to a province, or a commune's own override.

    Recorded in the change log. The statuses of the communes within the unit
    depend on it: ``assessments.services.evaluation.unit_region_change`` sets
    it and derives them again.
    """
    before = {"region": unit.region_id}
    unit.region = region
    unit.save(update_fields=["region"])
    change_record(
        obj=unit,
        action="update",
        user=user,
        before=before,
        after={"region": unit.region_id},
        reason=reason,
    )
    return unit


# --- dated classifications ---------------------------------------------------------

CLASSIFICATION_HEADER = (
    "unit_code",
    "classification",
    "value",
    "valid_from",
    "valid_to",
    "legal_basis",
)


def _class_date(text: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"ngày '{text}' không hợp lệ (dd/mm/yyyy)")


@dataclass(frozen=True)
class ClassificationLoad:
    """What a classification file changed, and the units whose thresholds may have moved."""

    created: int
    updated: int
    unit_ids: list[int]


@transaction.atomic
def classifications_load(*, path: Path, user: object = None) -> ClassificationLoad:
    """Load dated unit classifications from a CSV file: all rows or none.

    Columns: ``unit_code,classification,value,valid_from,valid_to,legal_basis``
    (``valid_to`` excluded and optional; dates dd/mm/yyyy or yyyy-mm-dd). The
    unit is the version of that code in force on ``valid_from`` (else its latest
    version). A row with the same unit, classification and start replaces the
    one loaded before. Every error is reported as FILE:ROW:COLUMN.
    """
    errors: list[str] = []
    rows: list[tuple[AdminUnit, str, str, datetime.date | None, datetime.date | None, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        missing = [c for c in CLASSIFICATION_HEADER if c not in header]
        if missing:
            raise ApplicationError(
                f"{path.name}:1: thiếu cột {', '.join(missing)} "
                f"(tiêu đề cần có: {','.join(CLASSIFICATION_HEADER)})"
            )
        for number, rec in enumerate(reader, start=2):
            where = f"{path.name}:{number}"
            code = (rec.get("classification") or "").strip()
            if code not in KINDS:
                errors.append(
                    f"{where}:classification: '{code}' không phải phân loại đã biết "
                    f"({', '.join(KINDS)})"
                )
                continue
            try:
                start = _class_date(rec.get("valid_from") or "")
            except ValueError as exc:
                errors.append(f"{where}:valid_from: {exc}")
                continue
            try:
                end = _class_date(rec.get("valid_to") or "")
            except ValueError as exc:
                errors.append(f"{where}:valid_to: {exc}")
                continue
            if start and end and end <= start:
                errors.append(f"{where}:valid_to: phải sau ngày hiệu lực {start:%d/%m/%Y}")
                continue
            basis = (rec.get("legal_basis") or "").strip()
            if not basis:
                errors.append(f"{where}:legal_basis: cần ghi quyết định phân loại")
                continue
            unit_code = (rec.get("unit_code") or "").strip().lstrip("0") or "0"
            versions = AdminUnit.objects.filter(code=unit_code).exclude(
                level=AdminUnit.Level.PROVINCE
            )
            unit = (versions.valid_on(start) if start else versions).order_by("-valid_from").first()
            if unit is None:
                unit = versions.order_by("-valid_from").first()
            if unit is None:
                errors.append(
                    f"{where}:unit_code: không có đơn vị mã {rec.get('unit_code')} trong danh mục "
                    "đã nạp (ntm loadunits --province <mã tỉnh>)"
                )
                continue
            value = (rec.get("value") or "").strip()
            rows.append((unit, code, value, start, end, basis))
    if errors:
        shown = errors[:50]
        more = f"\n… và {len(errors) - 50} lỗi khác" if len(errors) > 50 else ""
        raise ApplicationError("Không nạp gì: \n" + "\n".join(shown) + more)
    created = updated = 0
    for unit, code, value, start, end, basis in rows:
        name = class_name(code, value)
        obj, made = Classification.objects.update_or_create(
            unit=unit,
            code=code,
            valid_from=start,
            defaults={"value": value, "valid_to": end, "legal_basis": basis, "name": name},
        )
        created += made
        updated += not made
        change_record(
            obj=obj,
            action="create" if made else "update",
            user=user,
            after={"code": code, "value": value, "legal_basis": basis},
            reason=f"nạp từ {path.name}",
        )
    return ClassificationLoad(created, updated, sorted({u.pk for u, *_ in rows}))


# --- villages from a province's file ------------------------------------------------

VILLAGE_HEADER = ("commune_code", "village_code", "village_name", "valid_from")
VILLAGE_CODE_SEPARATOR = "."


def village_code(commune_code: str, local_code: str) -> str:
    """The stored code of a village: its commune's code, a dot, the code the province gives it.

    Village codes are not national (each commune numbers its own villages), so
    ``1267.05`` cannot collide with village ``05`` of another commune.
    """
    return f"{commune_code}{VILLAGE_CODE_SEPARATOR}{local_code}"


@dataclass(frozen=True)
class VillageLoad:
    """What a village file changed."""

    created: int
    kept: int
    ended: int


@dataclass(frozen=True)
class _VillageRow:
    commune: AdminUnit
    code: str
    name: str
    valid_from: datetime.date | None


def _village_rows(path: Path) -> list[_VillageRow]:
    errors: list[str] = []
    rows: list[_VillageRow] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        missing = [c for c in VILLAGE_HEADER if c not in header and c != "valid_from"]
        if missing:
            raise ApplicationError(
                f"{path.name}:1: thiếu cột {', '.join(missing)} "
                f"(tiêu đề cần có: {','.join(VILLAGE_HEADER)})"
            )
        for number, rec in enumerate(reader, start=2):
            where = f"{path.name}:{number}"
            try:
                start = _class_date(rec.get("valid_from") or "")
            except ValueError as exc:
                errors.append(f"{where}:valid_from: {exc}")
                continue
            raw_commune = (rec.get("commune_code") or "").strip()
            if not raw_commune.isdigit():
                errors.append(f"{where}:commune_code: mã xã '{raw_commune}' phải là số")
                continue
            commune_code = raw_commune.lstrip("0") or "0"
            local = (rec.get("village_code") or "").strip()
            if not local or VILLAGE_CODE_SEPARATOR in local or len(local) > 8:
                errors.append(
                    f"{where}:village_code: mã thôn '{local}' cần có, tối đa 8 ký tự, "
                    f"không chứa '{VILLAGE_CODE_SEPARATOR}'"
                )
                continue
            name = (rec.get("village_name") or "").strip()
            if not name:
                errors.append(f"{where}:village_name: cần ghi tên thôn")
                continue
            communes = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, code=commune_code)
            commune = (
                communes.valid_on(start) if start else communes.filter(valid_to__isnull=True)
            ).first()
            if commune is None:
                errors.append(
                    f"{where}:commune_code: không có xã mã {raw_commune} còn hiệu lực "
                    f"{'ngày ' + format(start, '%d/%m/%Y') if start else 'hiện nay'} trong danh mục "
                    "đã nạp (ntm loadunits --province <mã tỉnh>)"
                )
                continue
            code = village_code(commune_code, local)
            if code in seen:
                errors.append(f"{where}:village_code: thôn {code} đã có ở dòng {seen[code]}")
                continue
            seen[code] = number
            rows.append(_VillageRow(commune, code, name, start))
    if errors:
        shown = errors[:50]
        more = f"\n… và {len(errors) - 50} lỗi khác" if len(errors) > 50 else ""
        raise ApplicationError("Không nạp gì: \n" + "\n".join(shown) + more)
    return rows


@transaction.atomic
def villages_load(*, path: Path, user: object = None) -> VillageLoad:
    """Load a province's villages (thôn, xóm, bản) from a CSV file: all rows or none.

    Columns: ``commune_code,village_code,village_name,valid_from`` (``valid_from``
    optional, dd/mm/yyyy or yyyy-mm-dd). Each village becomes a level-4 unit
    under the commune version in force on ``valid_from`` (today's when empty),
    coded ``<commune_code>.<village_code>``. A village already in force with the
    same name and commune is kept; a renamed or moved one gets a new version
    (the old one ends on ``valid_from``). Villages missing from the file are
    left as they are (a file may cover some communes only). Errors name
    FILE:ROW:COLUMN.
    """
    rows = _village_rows(path)
    in_force = {
        u.code: u
        for u in AdminUnit.objects.filter(
            level=AdminUnit.Level.VILLAGE, code__in=[r.code for r in rows], valid_to__isnull=True
        )
    }
    created = kept = ended = 0
    for row in rows:
        existing = in_force.get(row.code)
        if (
            existing is not None
            and existing.name == row.name
            and existing.parent_id == row.commune.pk
        ):
            kept += 1
            continue
        source = f"thon {row.valid_from:%Y-%m-%d}" if row.valid_from else "thon"
        if existing is not None and existing.source_list == source:
            raise ApplicationError(
                f"{path.name}: thôn {row.code} đã nạp với hiệu lực từ cùng ngày; đổi tên hoặc "
                "chuyển xã cần ghi ngày hiệu lực mới (valid_from)."
            )
        if existing is not None:
            existing.valid_to = row.valid_from or datetime.date.today()
            existing.save(update_fields=["valid_to"])
            ended += 1
        unit = AdminUnit.objects.create(
            code=row.code,
            name=row.name,
            level=AdminUnit.Level.VILLAGE,
            kind=AdminUnit.Kind.VILLAGE,
            parent=row.commune,
            province=row.commune.province,
            valid_from=row.valid_from,
            previous=existing,
            source_list=source,
            path="",
        )
        unit.path = f"{row.commune.path}{unit.pk}/"
        unit.save(update_fields=["path"])
        change_record(
            obj=unit,
            action="create",
            user=user,
            after={"code": unit.code, "name": unit.name},
            reason=f"nạp từ {path.name}",
        )
        created += 1
    return VillageLoad(created, kept, ended)
