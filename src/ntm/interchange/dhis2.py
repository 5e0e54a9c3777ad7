"""DHIS2 exchange (docs/dhis2.md): indicator values and criterion statuses as DHIS2
``dataValueSets`` JSON or ADX XML, with codes as identifiers (``idScheme=CODE``).

Pure Python (no Django): it turns the rows of the interchange files (the
``values`` and ``statuses`` tables of docs/formats.md, as
``interchange.selectors`` gives them to ``ntm export``) into DHIS2 payloads,
and DHIS2 payloads back into the same rows, which ``ntm import`` then checks,
plans and writes. Identifiers:

* ``orgUnit``: the commune's official code (Quyết định 124/2004/QĐ-TTg, five
  digits, ``01267``);
* ``dataElement``: the indicator's code (``17.1``), ``<code>_PHU`` for the
  secondary part of an indicator that has one, ``TC_<n>`` for criterion ``n``'s
  status;
* ``period``: the ISO year (``2019``); in ADX the ISO 8601 interval
  ``2019-01-01/P1Y`` (ADX, IHE QRPH, "period" attribute).

Values: numbers as the export writes them (a ratio indicator as its percentage,
``ntm export``'s ``value``), a verdict or a status as DHIS2's BOOLEAN
``true``/``false``. A mapping file (``mapping_read``) translates NTM's codes to
an instance's own codes, both ways.

Problems are ``Problem(position, field, message)``: ``position`` is the n-th
``dataValue`` of the payload (1 for the payload as a whole), ``field`` the
DHIS2 attribute (``orgUnit``, ``period``…): shown as ``FILE:POSITION:FIELD``.
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from ntm.evaluation.numbers import NumberError, parse_verdict, verdict_text

Row = dict[str, str]

ADX_NS = "urn:ihe:qrph:adx:2015"
JSON = "json"
ADX = "adx"
FORMATS = (JSON, ADX)
#: The prefix of a criterion's status (tiêu chí) as a data element: ``TC_1`` … ``TC_19``.
STATUS_PREFIX = "TC_"
#: The suffix of an indicator's secondary part (chỉ tiêu phụ) as a data element: ``17.1_PHU``.
SECONDARY_SUFFIX = "_PHU"
DATA_ELEMENT = "dataElement"
ORG_UNIT = "orgUnit"
CATEGORY_COMBO = "categoryOptionCombo"
ATTRIBUTE_COMBO = "attributeOptionCombo"
#: A value of no disaggregation: DHIS2's default combination, by its code or name.
DEFAULT_COMBOS = frozenset({"default"})
MAPPING_KINDS = (DATA_ELEMENT, ORG_UNIT)
MAPPING_HEADER = ("kind", "ntm_code", "dhis2_code")
#: The width of a commune's official code (mã xã: five digits, leading zeros kept).
COMMUNE_CODE_WIDTH = 5
MAX_VALUES = 200_000

#: For error messages: the interchange column a DHIS2 attribute stands for.
FIELD_OF_COLUMN = {
    "year": "period",
    "commune_code": ORG_UNIT,
    "criterion": DATA_ELEMENT,
    "indicator": DATA_ELEMENT,
    "met": "value",
    "value": "value",
    "secondary_value": "value",
}


@dataclass(frozen=True)
class Problem:
    """One problem of a payload: at the ``position``-th data value, in ``field``, why."""

    position: int | None
    field: str | None
    message: str


@dataclass(frozen=True)
class Mapping:
    """NTM codes → an instance's codes (and back), by kind (data element, org unit)."""

    data_elements: dict[str, str] = field(default_factory=dict)
    org_units: dict[str, str] = field(default_factory=dict)
    _back_elements: dict[str, str] = field(init=False, repr=False, compare=False)
    _back_units: dict[str, str] = field(init=False, repr=False, compare=False)

    def out(self, kind: str, code: str) -> str:
        table = self.data_elements if kind == DATA_ELEMENT else self.org_units
        return table.get(code, code)

    def back(self, kind: str, code: str) -> str:
        table = self._back_elements if kind == DATA_ELEMENT else self._back_units
        return table.get(code, code)

    def __post_init__(self) -> None:
        # read backwards once: a payload looks up each of its values
        object.__setattr__(self, "_back_elements", {v: k for k, v in self.data_elements.items()})
        object.__setattr__(self, "_back_units", {v: k for k, v in self.org_units.items()})


@dataclass
class Parsed:
    """A payload read back: the rows of a statuses and a values table, with their positions."""

    statuses: list[tuple[int, Row]] = field(default_factory=list)
    values: list[tuple[int, Row]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    with_secondary: bool = False


class DHIS2Error(Exception):
    """A payload or mapping file that cannot be read at all; ``problems`` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


# --- mapping ------------------------------------------------------------------


def mapping_read(data: bytes) -> Mapping:
    """A mapping file: CSV ``kind,ntm_code,dhis2_code`` (kind ``dataElement`` or ``orgUnit``),
    or JSON ``{"dataElement": {ntm: dhis2}, "orgUnit": {ntm: dhis2}}``."""
    text = data.decode("utf-8-sig", errors="replace").strip()
    if text.startswith("{"):
        return _mapping_json(text)
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    if tuple(header) != MAPPING_HEADER:
        raise DHIS2Error(
            [Problem(1, None, f"tiêu đề tệp ánh xạ phải là {','.join(MAPPING_HEADER)}")]
        )
    tables: dict[str, dict[str, str]] = {k: {} for k in MAPPING_KINDS}
    problems = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != 3:
            problems.append(Problem(number, None, "dòng cần đúng 3 ô"))
            continue
        kind, ntm, dhis2 = (c.strip() for c in cells)
        problems += _mapping_entry(tables, number, kind, ntm, dhis2)
    if problems:
        raise DHIS2Error(problems)
    return Mapping(tables[DATA_ELEMENT], tables[ORG_UNIT])


def _mapping_json(text: str) -> Mapping:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DHIS2Error([Problem(1, None, f"JSON không đọc được ({exc})")]) from exc
    tables: dict[str, dict[str, str]] = {k: {} for k in MAPPING_KINDS}
    problems = []
    if not isinstance(data, dict) or set(data) - set(MAPPING_KINDS):
        raise DHIS2Error([Problem(1, None, "tệp ánh xạ JSON chỉ có dataElement và orgUnit")])
    for kind, entries in data.items():
        if not isinstance(entries, dict):
            problems.append(Problem(1, kind, "cần một đối tượng {mã NTM: mã DHIS2}"))
            continue
        for ntm, dhis2 in entries.items():
            problems += _mapping_entry(tables, 1, kind, str(ntm), str(dhis2))
    if problems:
        raise DHIS2Error(problems)
    return Mapping(tables[DATA_ELEMENT], tables[ORG_UNIT])


def _mapping_entry(
    tables: dict[str, dict[str, str]], number: int, kind: str, ntm: str, dhis2: str
) -> list[Problem]:
    if kind not in MAPPING_KINDS:
        return [Problem(number, "kind", f"loại không rõ “{kind}” (có: dataElement, orgUnit)")]
    if not ntm or not dhis2:
        return [Problem(number, None, "thiếu mã NTM hoặc mã DHIS2")]
    table = tables[kind]
    if ntm in table or dhis2 in table.values():
        return [Problem(number, None, f"mã “{ntm}” hoặc “{dhis2}” đã được ánh xạ")]
    table[ntm] = dhis2
    return []


def mapping_csv(*, data_elements: Iterable[str], org_units: Iterable[str]) -> bytes:
    """The mapping file NTM uses, each code mapped to itself (for an instance to fill in)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MAPPING_HEADER)
    for code in data_elements:
        writer.writerow((DATA_ELEMENT, code, code))
    for code in org_units:
        writer.writerow((ORG_UNIT, code, code))
    return out.getvalue().encode("utf-8")


def org_unit_code(commune_code: str) -> str:
    """A commune's official code, as the official list writes it (``1267`` → ``01267``)."""
    return commune_code.zfill(COMMUNE_CODE_WIDTH) if commune_code.isdigit() else commune_code


def status_element(criterion: str) -> str:
    return f"{STATUS_PREFIX}{criterion}"


def secondary_element(indicator: str) -> str:
    return f"{indicator}{SECONDARY_SUFFIX}"


# --- out ----------------------------------------------------------------------


def data_values(
    *, statuses: Iterable[Row], values: Iterable[Row], mapping: Mapping | None = None
) -> list[dict[str, str]]:
    """The interchange rows as DHIS2 data values (dataElement, period, orgUnit, value)."""
    mapping = mapping or Mapping()
    out: list[dict[str, str]] = []

    def add(element: str, row: Row, value: str) -> None:
        out.append(
            {
                DATA_ELEMENT: mapping.out(DATA_ELEMENT, element),
                "period": row["year"],
                ORG_UNIT: mapping.out(ORG_UNIT, org_unit_code(row["commune_code"])),
                "value": value,
            }
        )

    for row in statuses:
        add(status_element(row["criterion"]), row, "true" if row["met"] == "1" else "false")
    for row in values:
        add(row["indicator"], row, _value_out(row["value"]))
        if row.get("secondary_value"):
            add(secondary_element(row["indicator"]), row, row["secondary_value"])
    return out


def _value_out(text: str) -> str:
    """A number as it is; a verdict (Đạt / Không đạt) as DHIS2's boolean."""
    try:
        return "true" if parse_verdict(text) else "false"
    except NumberError:
        return text


def data_value_set(
    *,
    statuses: Iterable[Row],
    values: Iterable[Row],
    mapping: Mapping | None = None,
    data_set: str | None = None,
) -> dict[str, Any]:
    """A DHIS2 ``dataValueSets`` payload (JSON, ``idScheme=CODE``).

    ``period`` (and ``orgUnit``) stand at the top when every data value shares
    them, as DHIS2 accepts; each data value names its own anyway.
    """
    items = data_values(statuses=statuses, values=values, mapping=mapping)
    payload: dict[str, Any] = {}
    if data_set:
        payload["dataSet"] = data_set
    for key in ("period", ORG_UNIT):
        shared = {v[key] for v in items}
        if len(shared) == 1:
            payload[key] = shared.pop()
    payload["dataValues"] = items
    return payload


def data_value_set_json(**kwargs: Any) -> bytes:
    return json.dumps(data_value_set(**kwargs), ensure_ascii=False, indent=1).encode("utf-8")


def adx_xml(
    *,
    statuses: Iterable[Row],
    values: Iterable[Row],
    mapping: Mapping | None = None,
    data_set: str | None = None,
    exported: str = "",
) -> bytes:
    """The same data values as ADX XML: one ``group`` per org unit and period.

    ``exported``: when the payload was made (ISO 8601 date-time, UTC), the root's
    attribute that the ADX schema requires; ``data_set``: the data set's code, which
    DHIS2 needs on each group to import it.
    """
    items = data_values(statuses=statuses, values=values, mapping=mapping)
    ElementTree.register_namespace("", ADX_NS)
    root = ElementTree.Element(f"{{{ADX_NS}}}adx", {"exported": exported} if exported else {})
    groups: dict[tuple[str, str], ElementTree.Element] = {}
    for item in items:
        key = (item[ORG_UNIT], item["period"])
        group = groups.get(key)
        if group is None:
            attrs = {ORG_UNIT: key[0], "period": f"{key[1]}-01-01/P1Y"}
            if data_set:
                attrs["dataSet"] = data_set
            group = groups[key] = ElementTree.SubElement(root, f"{{{ADX_NS}}}group", attrs)
        ElementTree.SubElement(
            group,
            f"{{{ADX_NS}}}dataValue",
            {DATA_ELEMENT: item[DATA_ELEMENT], "value": item["value"]},
        )
    ElementTree.indent(root)
    data: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


# --- back ---------------------------------------------------------------------


def payload_parse(data: bytes, *, mapping: Mapping | None = None) -> Parsed:
    """A DHIS2 payload (dataValueSets JSON or ADX XML, told by its first character) as rows.

    Raises ``DHIS2Error`` when the payload as a whole cannot be read; problems
    of single data values are in ``Parsed.problems``.
    """
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return adx_parse(data, mapping=mapping)
    return json_parse(data, mapping=mapping)


def json_parse(data: bytes, *, mapping: Mapping | None = None) -> Parsed:
    """A ``dataValueSets`` JSON payload as the rows of the interchange tables."""
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DHIS2Error([Problem(1, None, f"JSON không đọc được ({exc})")]) from exc
    except RecursionError as exc:  # arrays nested past any payload's need
        raise DHIS2Error([Problem(1, None, "JSON lồng nhau quá sâu")]) from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("dataValues"), list):
        raise DHIS2Error([Problem(1, "dataValues", "cần một đối tượng có mảng dataValues")])
    shared = {k: payload.get(k) for k in ("period", ORG_UNIT)}
    items = []
    problems = []
    for position, item in enumerate(payload["dataValues"], start=1):
        if not isinstance(item, dict):
            problems.append(Problem(position, None, "mỗi giá trị phải là một đối tượng"))
            continue
        merged = {k: item.get(k, shared.get(k)) for k in (DATA_ELEMENT, "period", ORG_UNIT)}
        merged["value"] = item.get("value")
        for key in (CATEGORY_COMBO, ATTRIBUTE_COMBO):
            merged[key] = item.get(key, payload.get(key) if key == ATTRIBUTE_COMBO else None)
        merged["deleted"] = item.get("deleted")
        items.append((position, merged))
    return _rows(items, problems, mapping or Mapping(), adx=False)


def _refuse_doctype(text: bytes) -> None:
    """XML with a document type (and so entities) is refused before it is parsed: the
    standard library's parser would expand internal entities (billion laughs)."""
    try:
        text.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # another encoding would hide a DOCTYPE from the check
        raise DHIS2Error([Problem(1, None, "tệp XML phải mã hoá UTF-8")]) from exc
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise DHIS2Error([Problem(1, None, "tệp XML có DOCTYPE hoặc ENTITY: không được nhận")])


def adx_parse(data: bytes, *, mapping: Mapping | None = None) -> Parsed:
    """An ADX XML payload (``urn:ihe:qrph:adx:2015``) as the rows of the interchange tables."""
    _refuse_doctype(data)
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise DHIS2Error([Problem(exc.position[0], None, f"XML không đọc được ({exc})")]) from exc
    if root.tag != f"{{{ADX_NS}}}adx":
        raise DHIS2Error([Problem(1, None, f"phần tử gốc phải là adx của {ADX_NS}")])
    items: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    position = 0
    for group in root:
        if group.tag != f"{{{ADX_NS}}}group":
            continue
        # ADX names a disaggregation by further attributes of a group or a value
        group_extra = sorted(set(group.attrib) - {ORG_UNIT, "period", "dataSet", "completeDate"})
        for value in group:
            if value.tag != f"{{{ADX_NS}}}dataValue":
                continue
            position += 1
            extra = group_extra + sorted(set(value.attrib) - {DATA_ELEMENT, "value"})
            items.append(
                (
                    position,
                    {
                        DATA_ELEMENT: value.get(DATA_ELEMENT),
                        "period": group.get("period"),
                        ORG_UNIT: group.get(ORG_UNIT),
                        "value": value.get("value"),
                        CATEGORY_COMBO: extra[0] if extra else None,
                    },
                )
            )
    return _rows(items, problems, mapping or Mapping(), adx=True)


def _period(text: str, adx: bool) -> str | None:
    match = re.fullmatch(r"(\d{4})-01-01/P1Y", text) if adx else None
    if match:
        return match.group(1)
    if re.fullmatch(r"\d{4}", text):
        return text
    return None


def _rows(
    items: list[tuple[int, dict[str, Any]]], problems: list[Problem], mapping: Mapping, adx: bool
) -> Parsed:
    if len(items) > MAX_VALUES:
        raise DHIS2Error([Problem(1, None, f"quá {MAX_VALUES} giá trị trong một tệp")])
    parsed = Parsed(problems=problems)
    values: dict[tuple[str, str, str], tuple[int, Row]] = {}
    secondaries: list[tuple[int, tuple[str, str, str], str]] = []
    for position, item in items:
        missing = [k for k in (DATA_ELEMENT, "period", ORG_UNIT, "value") if item.get(k) is None]
        if missing:
            for key in missing:
                parsed.problems.append(Problem(position, key, f"thiếu {key}"))
            continue
        combo = next(
            (
                k
                for k in (CATEGORY_COMBO, ATTRIBUTE_COMBO)
                if str(item.get(k) or "").strip()
                and str(item.get(k)).strip().lower() not in DEFAULT_COMBOS
            ),
            None,
        )
        if combo is not None:
            parsed.problems.append(
                Problem(
                    position,
                    combo,
                    f"NTM không nhận giá trị chia theo nhóm (“{item[combo]}”): "
                    "mỗi chỉ tiêu chỉ có một giá trị của xã trong năm",
                )
            )
            continue
        if item.get("deleted") in (True, "true", "True"):
            parsed.problems.append(
                Problem(position, "deleted", "giá trị đánh dấu đã xoá (deleted) không được nhập")
            )
            continue
        text = {
            k: str(v).strip()
            for k, v in item.items()
            if k in (DATA_ELEMENT, "period", ORG_UNIT, "value")
        }
        year = _period(text["period"], adx)
        if year is None:
            expected = "2019-01-01/P1Y" if adx else "2019"
            parsed.problems.append(
                Problem(
                    position,
                    "period",
                    f"kỳ không hợp lệ “{text['period']}” (cần một năm, ví dụ {expected})",
                )
            )
            continue
        element = mapping.back(DATA_ELEMENT, text[DATA_ELEMENT])
        unit = mapping.back(ORG_UNIT, text[ORG_UNIT])
        if element.startswith(STATUS_PREFIX):
            met = {"true": "1", "false": "0", "1": "1", "0": "0"}.get(text["value"].lower())
            if met is None:
                parsed.problems.append(
                    Problem(
                        position,
                        "value",
                        f"trạng thái tiêu chí phải là true hoặc false, không phải “{text['value']}”",
                    )
                )
                continue
            row = {
                "year": year,
                "commune_code": unit,
                "criterion": element.removeprefix(STATUS_PREFIX),
                "met": met,
            }
            parsed.statuses.append((position, row))
        elif element.endswith(SECONDARY_SUFFIX):
            secondaries.append(
                (position, (year, unit, element.removesuffix(SECONDARY_SUFFIX)), text["value"])
            )
        else:
            value = text["value"]
            if value.lower() in ("true", "false"):
                value = verdict_text(value.lower() == "true")
            row = {"year": year, "commune_code": unit, "indicator": element, "value": value}
            if (year, unit, element) in values:
                parsed.problems.append(
                    Problem(
                        position,
                        DATA_ELEMENT,
                        f"{text[DATA_ELEMENT]} của {text[ORG_UNIT]} năm {year} "
                        f"đã có ở giá trị {values[(year, unit, element)][0]}",
                    )
                )
                continue
            values[(year, unit, element)] = (position, row)
            parsed.values.append((position, row))
    for position, triple, secondary in secondaries:
        found = values.get(triple)
        if found is None:
            parsed.problems.append(
                Problem(
                    position,
                    DATA_ELEMENT,
                    f"phần phụ {secondary_element(triple[2])} không có giá trị chính {triple[2]}",
                )
            )
            continue
        found[1]["secondary_value"] = secondary
        parsed.with_secondary = True
    if parsed.with_secondary:
        for _position, row in parsed.values:
            row.setdefault("secondary_value", "")
    return parsed


# --- the import's answer ---------------------------------------------------------


def import_summary(
    *,
    imported: int,
    updated: int,
    ignored: int,
    dry_run: bool,
    conflicts: Iterable[tuple[str, str]] = (),
    description: str = "",
) -> dict[str, Any]:
    """An import's answer as DHIS2's ``ImportSummary`` (``status``, ``importCount``,
    ``conflicts`` of ``object``/``value``); ``status`` ``ERROR`` when anything conflicts
    (then nothing was imported: NTM's imports are all or nothing)."""
    listed = [{"object": o, "value": v} for o, v in conflicts]
    return {
        "responseType": "ImportSummary",
        "status": "ERROR" if listed else "SUCCESS",
        "description": description,
        "dryRun": dry_run,
        "importCount": {
            "imported": 0 if listed else imported,
            "updated": 0 if listed else updated,
            "ignored": ignored,
            "deleted": 0,
        },
        "conflicts": listed,
    }


__all__ = [
    "ADX",
    "ADX_NS",
    "FORMATS",
    "JSON",
    "DHIS2Error",
    "Mapping",
    "Parsed",
    "Problem",
    "adx_parse",
    "adx_xml",
    "data_value_set",
    "data_value_set_json",
    "import_summary",
    "json_parse",
    "mapping_csv",
    "mapping_read",
    "payload_parse",
]
