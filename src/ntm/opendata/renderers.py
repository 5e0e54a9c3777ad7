"""The downloads of a published year (pure): JSON and CSV, each with its licence.

Numbers are written as files write them (a decimal point, no thousands
separator); every CSV ends with a ``giay_phep`` line, as the appendix's CSV
ends with its ``ghi_chu`` notes, so that a file passed on keeps its licence.
"""

import csv
import io
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ntm.opendata.data import CommuneLine, Number, OpenYear, figure_rows
from ntm.reports.renderers.csv import appendix_csv


def _number(value: Number) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def _json_number(value: Number) -> int | str | None:
    """JSON keeps a decimal as text (``"34.46"``): no float rounding on the way."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def licence_line(data: OpenYear) -> str:
    return f"{data.licence}; NTM, {data.province_name}, {data.year}, {data.published_at:%d/%m/%Y}"


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _cell(value: Any) -> Any:
    """A name a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) is
    written as text (a leading apostrophe); numbers, negative ones too, stay numbers."""
    formula = isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")
    return "'" + value if formula and not _NUMBER.fullmatch(value) else value


def _csv(header: list[str], rows: list[list[str]], data: OpenYear) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    writer.writerow(["giay_phep", licence_line(data), *([""] * (len(header) - 2))])
    return out.getvalue()


def figures_csv(data: OpenYear, labels: Mapping[str, str]) -> str:
    """``key,label,value,unit``: the province's figures (``data.figure_rows``)."""
    rows = [
        [r.key, labels.get(r.key, r.key), _number(r.value), r.unit]
        for r in figure_rows(data.figures)
    ]
    return _csv(["key", "label", "value", "unit"], rows, data)


def _commune(c: CommuneLine) -> list[str]:
    return [
        c.code,
        c.name,
        c.district,
        c.state,
        _number(c.criteria_met),
        _number(c.criteria_total),
        "1" if c.recognised else "0",
    ]


COMMUNE_HEADER = [
    "commune_code",
    "commune",
    "district",
    "state",
    "criteria_met",
    "criteria_total",
    "recognised",
]


def communes_csv(data: OpenYear) -> str:
    """One line per commune: its file's state, criteria met of the total, its decision."""
    return _csv(COMMUNE_HEADER, [_commune(c) for c in data.communes], data)


OCOP_HEADER = [
    "product_code",
    "name",
    "group",
    "producer",
    "commune_code",
    "commune",
    "district",
    "stars",
    "year",
    "certificate_no",
    "issued_on",
    "valid_until",
]


def ocop_csv(data: OpenYear) -> str:
    """The certified OCOP products (certificate in force at the end of the year)."""
    rows = [
        [
            p["code"],
            p["name"],
            str(p["group"]),
            p["producer"],
            p["commune_code"],
            p["commune"],
            p["district"],
            str(p["stars"]),
            str(p["year"]),
            p["certificate"],
            p["issued_on"].isoformat(),
            p["valid_until"].isoformat(),
        ]
        for p in data.products
    ]
    return _csv(OCOP_HEADER, rows, data)


def appendix_open_csv(data: OpenYear) -> str:
    """The report's appendix as ``ntm report appendix --format csv`` writes it, and the licence."""
    assert data.appendix is not None  # the view offers it only then
    columns = len(data.appendix.columns) + 3
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        ["giay_phep", licence_line(data), *([""] * (columns - 2))]
    )
    return appendix_csv(data.appendix) + out.getvalue()


def open_json(data: OpenYear, labels: Mapping[str, str]) -> str:
    """Everything of the year in one JSON document, with its licence fields."""
    doc: dict[str, Any] = {
        "licence": data.licence,
        "attribution": licence_line(data),
        "source": "NTM",
        "province": {"code": data.province_code, "name": data.province_name},
        "year": data.year,
        "published_at": data.published_at.isoformat(),
        "figures": [
            {
                "key": r.key,
                "label": labels.get(r.key, r.key),
                "value": _json_number(r.value),
                "unit": r.unit,
            }
            for r in figure_rows(data.figures)
        ],
        "communes": [
            dict(zip(COMMUNE_HEADER, _commune_json(c), strict=True)) for c in data.communes
        ],
        "ocop_products": [
            {
                **{k: p[k] for k in ("code", "name", "producer", "commune_code", "commune")},
                "group": str(p["group"]),
                "district": p["district"],
                "stars": p["stars"],
                "year": p["year"],
                "certificate_no": p["certificate"],
                "issued_on": p["issued_on"].isoformat(),
                "valid_until": p["valid_until"].isoformat(),
            }
            for p in data.products
        ],
        "appendix": None
        if data.appendix is None
        else {
            "columns": list(data.appendix.columns),
            "rows": [
                {
                    "row_id": row.row_id,
                    "label": row.label,
                    "unit": row.unit,
                    "values": [_json_number(v) for v in row.values],
                }
                for row in data.appendix.rows
            ],
            "notes": list(data.appendix.notes),
        },
        "appendix_waits_for": list(data.appendix_waits_for),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _commune_json(c: CommuneLine) -> list[Any]:
    return [
        c.code,
        c.name,
        c.district,
        c.state,
        c.criteria_met,
        c.criteria_total,
        c.recognised,
    ]
