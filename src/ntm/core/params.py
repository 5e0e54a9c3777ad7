"""Numbers read from query strings and forms: the one parser, and the bounds of years and ids.

Pure (no Django): a year or an id from a hostile URL must never reach a date or
a database column it does not fit, so every page reads them through
:func:`param_int` (``core.views.request_int`` for a request's parameter).
"""

import re

#: The years a page or a form may ask for (a file, a plan, a report): wider than any real one.
YEAR_MIN, YEAR_MAX = 2000, 2100
#: The largest primary key the databases store (a 32-bit signed integer).
ID_MAX = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def param_int(value: object, *, low: int = 0, high: int = ID_MAX) -> int | None:
    """A whole number written in a parameter, or None if it is not one.

    Plain ASCII digits only (``int()`` would also take ``" 7 "``, ``"1_0"`` or
    ``"٣"``, and ``str.isdigit`` passes ``"²"``, which ``int()`` refuses), and
    within ``low``..``high``.
    """
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if low <= number <= high else None
