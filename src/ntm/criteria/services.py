"""Loading criteria sets from their YAML data files, and correcting thresholds with a record.

The catalogue knows nothing of assessments: a caller that needs the statuses
derived again after a change (``assessments.services.evaluation``) is told
what changed (``CriteriaSetLoad.thresholds_changed``) and does it.
"""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Q

from ntm.core.audit import change_record, snapshot
from ntm.core.errors import ApplicationError
from ntm.criteria.models import (
    REGISTRY_SOURCES,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    CriterionLink,
    Indicator,
    Threshold,
)
from ntm.evaluation.district import CONDITION_CODES, SHARE_CONDITIONS
from ntm.evaluation.numbers import NumberError, as_decimal, decimal_text
from ntm.units.models import Region

CRITERIA_DIR = Path(__file__).resolve().parent.parent / "data" / "criteria"


CROSSWALK_PREFIX = "crosswalk-"


def criteria_files() -> list[Path]:
    """The shipped national sets' files (the crosswalks are ``crosswalk_files``), loaded by
    ``ntm loadcriteria`` without arguments. A province's own set (``provinces/``, e.g. Cao
    Bằng's village set) names its province, which must be loaded first: it is loaded by
    naming its file."""
    return sorted(p for p in CRITERIA_DIR.glob("*.yaml") if not p.name.startswith(CROSSWALK_PREFIX))


def crosswalk_files() -> list[Path]:
    """The shipped crosswalks, one per pair of periods (loaded after the sets they link)."""
    return sorted(CRITERIA_DIR.glob(f"{CROSSWALK_PREFIX}*.yaml"))


def is_crosswalk_file(path: Path) -> bool:
    """Whether ``path`` holds a crosswalk (its top-level key ``crosswalk``), not a set."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return False  # the set loader names the YAML error
    return isinstance(data, dict) and "crosswalk" in data


def _threshold_value(raw: Any) -> tuple[Decimal | None, str]:
    if raw is None:
        return None, ""
    if isinstance(raw, str):
        return None, raw
    return Decimal(str(raw)), ""


def _period(doc: dict[str, Any]) -> tuple[int, int]:
    code = doc["code"]
    years = [int(p) for p in code.split("-") if p.isdigit() and len(p) == 4]
    if len(years) != 2:
        raise ApplicationError(f"Không xác định được giai đoạn của bộ tiêu chí {code}")
    return years[0], years[1]


@dataclass(frozen=True)
class CriteriaSetLoad:
    """A loaded set, and whether any of its thresholds was added or changed by the load."""

    criteria_set: CriteriaSet
    thresholds_changed: bool


@transaction.atomic
def criteria_set_load(*, path: Path) -> CriteriaSetLoad:
    """Create or update a criteria set from its YAML file (idempotent; all or nothing).

    Thresholds already in the database are not overwritten when an officer has
    corrected them (a change record exists); new thresholds are added. The
    schema is the shipped files' (``docs/criteria/README.md``); a file that
    does not follow it is refused with the key that is wrong.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ApplicationError(f"{path.name}: không đọc được YAML ({exc})") from exc
    try:
        return _load(data, path)
    except KeyError as exc:
        raise ApplicationError(f"{path.name}: thiếu khoá {exc.args[0]}") from exc
    except (TypeError, AttributeError, ValueError) as exc:
        raise ApplicationError(f"{path.name}: không đúng cấu trúc bộ tiêu chí ({exc})") from exc


def _load(data: Any, path: Path) -> CriteriaSetLoad:
    if not isinstance(data, dict):
        raise ApplicationError(f"{path.name}: không đúng cấu trúc bộ tiêu chí (thiếu mục set)")
    doc = data["set"]
    start, end = doc.get("period_start"), doc.get("period_end")
    if start is None or end is None:
        start, end = _period(doc)
    level = doc.get("level", CriteriaSet.Level.COMMUNE)
    kind = doc.get("kind", CriteriaSet.SetKind.STANDARD)
    province = _province(doc.get("province"), path)
    _check_choices(path, level=level, kind=kind)
    overlapping = (
        CriteriaSet.objects.filter(
            level=level, kind=kind, province=province, period_start__lte=end, period_end__gte=start
        )
        .exclude(code=doc["code"])
        .first()
    )
    if overlapping is not None:
        raise ApplicationError(
            f"{path.name}: giai đoạn {start}-{end} trùng với bộ tiêu chí {overlapping.code} "
            f"({overlapping.period_start}-{overlapping.period_end}) cùng cấp và loại: "
            "mỗi năm chỉ thuộc một bộ tiêu chí."
        )
    cset, _ = CriteriaSet.objects.update_or_create(
        code=doc["code"],
        defaults={
            "level": level,
            "kind": kind,
            "province": province,
            "threshold_classification": doc.get("threshold_classification", ""),
            "classes": doc.get("commune_groups", []),
            "region_rules": doc.get("region_rules", []),
            "conditions": _conditions(doc.get("conditions", []), path),
            "name": doc["name_vi"],
            "name_en": doc.get("name_en", ""),
            "legal_basis": doc.get("legal_basis", ""),
            "issuer": doc.get("issuer", ""),
            "period_start": start,
            "period_end": end,
            "effective_from": doc.get("effective_from"),
            "notes": "\n".join(doc.get("notes", [])),
            "source_file": path.name,
        },
    )
    regions: dict[str, Region] = {}
    for reg in data.get("regions", []):
        region, _ = Region.objects.update_or_create(
            code=reg["code"], defaults={"name": reg["name_vi"], "name_en": reg.get("name_en", "")}
        )
        regions[reg["code"]] = region
    # A set whose decision groups no criteria (2026-2030) has one group per criterion.
    group_docs = data.get("groups") or [
        {"code": str(c["number"]), "name_vi": c["name_vi"], "name_en": c.get("name_en", "")}
        for c in data["criteria"]
    ]
    groups: dict[str, CriterionGroup] = {}
    for order, grp in enumerate(group_docs):
        groups[str(grp["code"])], _ = CriterionGroup.objects.update_or_create(
            criteria_set=cset,
            code=str(grp["code"]),
            defaults={"name": grp["name_vi"], "name_en": grp.get("name_en", ""), "order": order},
        )
    changed = False
    for crit in data["criteria"]:
        criterion, _ = Criterion.objects.update_or_create(
            criteria_set=cset,
            number=crit["number"],
            defaults={
                "group": groups[str(crit.get("group", crit["number"]))],
                "name": crit["name_vi"],
                "name_en": crit.get("name_en", ""),
                "short_name": crit.get("short_name_vi", crit["name_vi"]),
                "indicators_complete": crit.get("indicators_complete", True),
            },
        )
        for order, ind in enumerate(crit["indicators"]):
            changed = _load_indicator(criterion, ind, order, regions) or changed
    return CriteriaSetLoad(cset, changed)


def _load_indicator(
    criterion: Criterion, ind: dict[str, Any], order: int, regions: dict[str, Region]
) -> bool:
    """Create or update an indicator and its thresholds; True when a threshold changed."""
    secondary = ind.get("secondary") or {}
    indicator, _ = Indicator.objects.update_or_create(
        criterion=criterion,
        code=str(ind["code"]),
        defaults={
            "content": ind["content_vi"],
            "unit": ind.get("unit", ""),
            "kind": ind["kind"],
            "op": ind["op"],
            "secondary_label": secondary.get("label_vi", ""),
            "secondary_op": secondary.get("op", ""),
            "verified": not ind.get("unverified", False),
            "note": ind.get("note", ""),
            "sources": ", ".join(ind.get("sources", [])),
            "order": order,
            "registry": _registry(ind),
        },
    )
    unverified = {str(v) for v in ind.get("unverified_values", [])}
    changed = False
    # (region code, commune group, value, secondary value); the national value when given
    scopes: list[tuple[str | None, str, Any, Any]] = []
    if "national" in ind or not ind.get("by_group"):
        scopes.append((None, "", ind.get("national"), secondary.get("national")))
    for code, value in (ind.get("by_region") or {}).items():
        scopes.append((code, "", value, (secondary.get("by_region") or {}).get(code)))
    for code, value in (ind.get("by_group") or {}).items():
        scopes.append((None, str(code), value, (secondary.get("by_group") or {}).get(code)))
    for region_code, group, value, secondary_value in scopes:
        number, text = _threshold_value(value)
        sec_number, _ = _threshold_value(secondary_value)
        label = region_code or (f"group_{group}" if group else "national")
        verified = label not in unverified and value is not None
        region = _region(regions, region_code, indicator.code) if region_code else None
        existing = Threshold.objects.filter(
            indicator=indicator, region=region, province=None, commune_group=group
        ).first()
        values = {
            "value_number": number,
            "value_text": text,
            "secondary_number": sec_number,
            "verified": verified,
        }
        if existing is None:
            Threshold.objects.create(
                indicator=indicator, region=region, province=None, commune_group=group, **values
            )
            changed = True
        elif not _corrected(existing) and any(
            getattr(existing, key) != val for key, val in values.items()
        ):
            for key, val in values.items():
                setattr(existing, key, val)
            existing.save()
            changed = True
    return changed


def _registry(ind: dict[str, Any]) -> str:
    """An indicator's ``registry`` (the NTM register its value is taken from), checked."""
    registry = str(ind.get("registry") or "")
    known = [code for code, _ in REGISTRY_SOURCES]
    if registry and registry not in known:
        raise ApplicationError(
            f"chỉ tiêu {ind.get('code')}: registry: '{registry}' không hợp lệ "
            f"(một trong {', '.join(known)})."
        )
    return registry


def _region(regions: dict[str, Region], code: str, indicator: str) -> Region:
    """A region of the file's ``regions``, else one already known (another set declared it)."""
    if code not in regions:
        found = Region.objects.filter(code=code).first()
        if found is None:
            raise ApplicationError(
                f"chỉ tiêu {indicator}: vùng '{code}' không có trong mục regions của tệp "
                "và chưa được khai báo."
            )
        regions[code] = found
    return regions[code]


def _province(code: Any, path: Path) -> Any:
    """A province's own set names its province by code; it must be loaded (``ntm loadunits``)."""
    if code in (None, ""):
        return None
    from ntm.units.models import AdminUnit

    found = (
        AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, code=str(int(str(code))))
        .order_by("-valid_from")
        .first()
    )
    if found is None:
        raise ApplicationError(
            f"{path.name}: set.province: không có tỉnh mã {code} trong danh mục đã nạp "
            "(ntm loadunits --province <mã tỉnh>)."
        )
    return found


def _check_choices(path: Path, *, level: str, kind: str) -> None:
    if level not in CriteriaSet.Level.values:
        raise ApplicationError(
            f"{path.name}: set.level: '{level}' không hợp lệ "
            f"(một trong {', '.join(CriteriaSet.Level.values)})."
        )
    if kind not in CriteriaSet.SetKind.values:
        raise ApplicationError(
            f"{path.name}: set.kind: '{kind}' không hợp lệ "
            f"(một trong {', '.join(CriteriaSet.SetKind.values)})."
        )


def _conditions(raw: Any, path: Path) -> list[dict[str, Any]]:
    """A district set's conditions (``set.conditions``), checked: a known code, a percentage."""
    if not isinstance(raw, list):
        raise ApplicationError(f"{path.name}: set.conditions: cần một danh sách điều kiện.")
    out = []
    for i, item in enumerate(raw, start=1):
        where = f"{path.name}: set.conditions[{i}]"
        if not isinstance(item, dict) or not item.get("name_vi"):
            raise ApplicationError(f"{where}: cần mã (code) và tên (name_vi).")
        code = item.get("code")
        if code not in CONDITION_CODES:
            raise ApplicationError(
                f"{where}.code: '{code}' không hợp lệ (một trong {', '.join(CONDITION_CODES)})."
            )
        percent = item.get("percent")
        if code in SHARE_CONDITIONS:
            try:
                value = as_decimal(str(percent))
            except NumberError:
                raise ApplicationError(
                    f"{where}.percent: '{percent}' không phải một tỷ lệ phần trăm."
                ) from None
            if not 0 <= value <= 100:
                raise ApplicationError(f"{where}.percent: {percent} nằm ngoài 0-100.")
            percent = decimal_text(value)
        out.append(
            {
                "code": code,
                "name_vi": item["name_vi"],
                "name_en": item.get("name_en", ""),
                "percent": percent if code in SHARE_CONDITIONS else None,
                "verified": bool(item.get("verified", False)),
                "sources": [str(s) for s in item.get("sources", [])],
            }
        )
    return out


def _corrected(threshold: Threshold) -> bool:
    from ntm.core.models import ChangeRecord

    return ChangeRecord.objects.filter(
        object_type=threshold._meta.label_lower, object_id=str(threshold.pk)
    ).exists()


THRESHOLD_FIELDS = [
    "value_number",
    "value_text",
    "secondary_number",
    "verified",
    "region",
    "province",
    "commune_group",
]


@dataclass(frozen=True)
class ThresholdChange:
    """A saved threshold and whether it moved to another region or province."""

    threshold: Threshold
    moved: bool


@transaction.atomic
def threshold_save(*, threshold: Threshold, user: Any, reason: str = "") -> ThresholdChange:
    """Save a threshold an officer corrected, with a record of who changed what.

    ``assessments.services.evaluation.threshold_correct`` is the way officers
    do it: it also derives again the statuses the threshold decides.
    """
    before = None
    if threshold.pk:
        before = snapshot(Threshold.objects.get(pk=threshold.pk), THRESHOLD_FIELDS)
    threshold.save()
    change_record(
        obj=threshold,
        action="update" if before else "create",
        user=user,
        before=before,
        after=snapshot(threshold, THRESHOLD_FIELDS),
        reason=reason,
    )
    moved = before is not None and (
        before["region"],
        before["province"],
        before["commune_group"],
    ) != (threshold.region_id, threshold.province_id, threshold.commune_group)
    return ThresholdChange(threshold, moved)


def criteria_set_for_year(
    *,
    year: int,
    province: Any = None,
    level: str = CriteriaSet.Level.COMMUNE,
    kind: str = CriteriaSet.SetKind.STANDARD,
) -> CriteriaSet:
    """The set in force for ``year``: a province's own set if it has one, else the national set.

    One level and kind (the commune standard set by default): a year belongs
    to exactly one set of each.
    """
    # One read: the sets in force that year (the province's own and the national one) and the
    # national set of the next period, whose base year this may be.
    issuer = (
        Q(province__isnull=True)
        if province is None
        else Q(province__isnull=True) | Q(province=province)
    )
    candidates = list(
        CriteriaSet.objects.filter(issuer, level=level, kind=kind).filter(
            Q(period_start__lte=year, period_end__gte=year)
            | Q(period_start=year + 1, province__isnull=True)
        )
    )
    in_force = [c for c in candidates if c.period_start <= year <= c.period_end]
    own = [c for c in in_force if c.province_id is not None]
    national = [c for c in in_force if c.province_id is None]
    # The base year of a period (e.g. 2015) is assessed against the next period's set.
    found = (own or national or [c for c in candidates if c.period_start == year + 1] or [None])[0]
    if found is None:
        raise ApplicationError(f"Không có bộ tiêu chí áp dụng cho năm {year}.")
    return found


# --------------------------------------------------------------------------- crosswalks

LINK_FIELDS = ["criterion", "previous", "relation", "verified", "note", "sources"]


@dataclass(frozen=True)
class CrosswalkLoad:
    """A loaded crosswalk: its two sets and how many links were created, updated, kept."""

    old: CriteriaSet
    new: CriteriaSet
    created: int
    updated: int
    kept: int


@transaction.atomic
def crosswalk_load(*, path: Path) -> CrosswalkLoad:
    """Create or update the links of a crosswalk file (idempotent; all or nothing).

    Both sets must be loaded. A link an officer corrected (a change record
    exists) is kept as corrected; a link the file no longer lists is removed
    unless corrected. Errors name the file and the key.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ApplicationError(f"{path.name}: không đọc được YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("crosswalk"), dict):
        raise ApplicationError(f"{path.name}: thiếu mục crosswalk (from, to).")
    head = data["crosswalk"]
    old = _crosswalk_set(path, head, "from")
    new = _crosswalk_set(path, head, "to")
    if old.level != new.level or old.period_end >= new.period_start:
        raise ApplicationError(
            f"{path.name}: crosswalk: {old.code} phải là bộ tiêu chí cùng cấp "
            f"của giai đoạn trước {new.code}."
        )
    links = data.get("links")
    if not isinstance(links, list) or not links:
        raise ApplicationError(f"{path.name}: links: cần một danh sách tương ứng.")
    old_criteria = {c.number: c for c in old.criteria.all()}
    new_criteria = {c.number: c for c in new.criteria.all()}
    default_sources = [str(s) for s in head.get("sources", [])]
    wanted: dict[tuple[int, int | None], dict[str, Any]] = {}
    seen: set[int] = set()
    for i, item in enumerate(links, start=1):
        where = f"{path.name}: links[{i}]"
        if not isinstance(item, dict):
            raise ApplicationError(f"{where}: cần number, continues, relation.")
        number = item.get("number")
        if number not in new_criteria:
            raise ApplicationError(f"{where}.number: {new.code} không có tiêu chí {number!r}.")
        if number in seen:
            raise ApplicationError(f"{where}.number: tiêu chí {number} được khai báo hai lần.")
        seen.add(number)
        relation = item.get("relation")
        if relation not in CriterionLink.Relation.values:
            raise ApplicationError(
                f"{where}.relation: '{relation}' không hợp lệ "
                f"(một trong {', '.join(CriterionLink.Relation.values)})."
            )
        continues = item.get("continues", [])
        if not isinstance(continues, list):
            raise ApplicationError(f"{where}.continues: cần một danh sách số tiêu chí.")
        for old_number in continues:
            if old_number not in old_criteria:
                raise ApplicationError(
                    f"{where}.continues: {old.code} không có tiêu chí {old_number!r}."
                )
        expected = {"new": (0, 0), "merged": (2, None)}.get(relation, (1, 1))
        low, high = expected
        if len(continues) < low or (high is not None and len(continues) > high):
            raise ApplicationError(
                f"{where}.continues: quan hệ '{relation}' cần "
                + {"new": "danh sách rỗng", "merged": "ít nhất hai tiêu chí"}.get(
                    relation, "đúng một tiêu chí"
                )
                + f" (có {len(continues)})."
            )
        verified = item.get("verified", False)
        if not isinstance(verified, bool):
            raise ApplicationError(f"{where}.verified: cần true hoặc false.")
        values = {
            "relation": relation,
            "verified": verified,
            "note": str(item.get("note", "")),
            "sources": ", ".join(str(s) for s in item.get("sources", default_sources)),
            "source_file": path.name,
        }
        for old_number in continues or [None]:
            wanted[(number, old_number)] = values
    created = updated = kept = 0
    existing = {
        (link.criterion.number, link.previous.number if link.previous else None): link
        for link in CriterionLink.objects.filter(criterion__criteria_set=new).select_related(
            "criterion", "previous"
        )
        if link.previous is None or link.previous.criteria_set_id == old.pk
    }
    for key, link in existing.items():
        if key not in wanted and not _link_corrected(link):
            link.delete()
    for (number, old_number), values in wanted.items():
        link = existing.get((number, old_number))
        if link is None:
            CriterionLink.objects.create(
                criterion=new_criteria[number],
                previous=old_criteria[old_number] if old_number is not None else None,
                **values,
            )
            created += 1
        elif _link_corrected(link) or all(getattr(link, k) == v for k, v in values.items()):
            kept += 1
        else:
            for k, v in values.items():
                setattr(link, k, v)
            link.save()
            updated += 1
    return CrosswalkLoad(old, new, created, updated, kept)


def _crosswalk_set(path: Path, head: dict[str, Any], key: str) -> CriteriaSet:
    code = head.get(key)
    if not code:
        raise ApplicationError(f"{path.name}: crosswalk.{key}: thiếu mã bộ tiêu chí.")
    found = CriteriaSet.objects.filter(code=str(code)).first()
    if found is None:
        raise ApplicationError(
            f"{path.name}: crosswalk.{key}: chưa nạp bộ tiêu chí '{code}' (ntm loadcriteria)."
        )
    return found


def _link_corrected(link: CriterionLink) -> bool:
    from ntm.core.models import ChangeRecord

    return ChangeRecord.objects.filter(
        object_type=link._meta.label_lower, object_id=str(link.pk)
    ).exists()


@transaction.atomic
def criterion_link_save(*, link: CriterionLink, user: Any, reason: str = "") -> CriterionLink:
    """Save a crosswalk link an officer corrected, with a record of who changed what."""
    before = None
    if link.pk:
        before = snapshot(CriterionLink.objects.get(pk=link.pk), LINK_FIELDS)
    link.save()
    change_record(
        obj=link,
        action="update" if before else "create",
        user=user,
        before=before,
        after=snapshot(link, LINK_FIELDS),
        reason=reason,
    )
    return link
