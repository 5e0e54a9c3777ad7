"""A list a page shows, the same way on every page: sortable columns and its download.

The query string says it: ``?sort=key`` sorts by a column ascending, ``?sort=-key``
descending (an unknown key keeps the page's own order); ``?format=xlsx`` or
``?format=csv`` downloads every row of the list as filtered and sorted on the page
(never one page of it), built by ``core.exports``. The column heads are
``templates/includes/sort_th.html``, which take ``sort`` and ``keep_unsorted`` from
:func:`list_links`.

A page declares its sorts (key → function of a row) and its download columns
(:class:`Column`); the rows are those the page's selector gives, so a download holds
exactly what the page may show.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.http import HttpRequest, HttpResponse

from ntm.core.exports import Cell, list_csv, list_xlsx

R = TypeVar("R")

#: The formats a list downloads as (``?format=``).
FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column(Generic[R]):
    """A column of a downloaded list: its heading and its cell for a row."""

    header: Any  # a str, or a lazy translation read in the language of the request
    cell: Callable[[R], Cell]


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without ``names`` (for pagination, sorting and download links)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def list_sort(request: HttpRequest, sorts: Mapping[str, Any]) -> str:
    """The ``?sort=`` asked for if it names one of ``sorts`` (``-`` in front: descending), else ''."""
    sort = request.GET.get("sort", "")
    return sort if sort.lstrip("-") in sorts else ""


def rows_sorted(rows: Iterable[R], sort: str, sorts: Mapping[str, Callable[[R], Any]]) -> list[R]:
    """The rows in the order asked for; without a known sort, in the order they came."""
    rows = list(rows)
    key = sorts.get(sort.lstrip("-"))
    if key is None:
        return rows
    return sorted(rows, key=key, reverse=sort.startswith("-"))


def list_links(request: HttpRequest, sort: str) -> dict[str, str]:
    """What the list's template needs: ``sort``, ``keep`` (the query for download and page
    links, without the page) and ``keep_unsorted`` (for the sortable column heads)."""
    return {
        "sort": sort,
        "keep": query_without(request, "page", "format"),
        "keep_unsorted": query_without(request, "page", "sort", "format"),
    }


def download_format(request: HttpRequest) -> str | None:
    """``xlsx`` or ``csv`` when the list is asked for as a file, else None (the page)."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None


def list_download(
    request: HttpRequest, *, name: str, title: Any, columns: Sequence[Column[R]], rows: Iterable[R]
) -> HttpResponse | None:
    """The list as a file when the page is asked for one (``?format=``), else None.

    The attachment ``name.xlsx`` or ``name.csv`` holds every column's heading, then a
    line per row, in the order given (the page's order)."""
    fmt = download_format(request)
    if fmt is None:
        return None
    headers = [str(c.header) for c in columns]
    table = [[c.cell(row) for c in columns] for row in rows]
    if fmt == "csv":
        response = HttpResponse(list_csv(headers, table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(list_xlsx(str(title), headers, table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
