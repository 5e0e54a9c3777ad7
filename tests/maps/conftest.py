import datetime

import pytest

from ntm.units.models import AdminUnit
from tests.factories import unit_make


@pytest.fixture
def small_map_units(db):
    """A province "7" with districts "71" and "72" and communes "2001"-"2003" (2003 of 72), and a
    district "2003" too (a code at two levels), and a commune "2009" that ended in June 2019."""
    province = unit_make("7", "Thử Bản Đồ", level=1, kind=AdminUnit.Kind.PROVINCE)
    d71 = unit_make("71", "Đông", level=2, kind=AdminUnit.Kind.DISTRICT, parent=province)
    d72 = unit_make("72", "Tây", level=2, kind=AdminUnit.Kind.DISTRICT, parent=province)
    out = {"province": province, "71": d71, "72": d72}
    for code, parent in (("2001", d71), ("2002", d71), ("2003", d72)):
        out[code] = unit_make(
            code, f"Xã {code}", level=3, kind=AdminUnit.Kind.COMMUNE, parent=parent
        )
    out["district 2003"] = unit_make(
        "2003", "Trùng Mã", level=2, kind=AdminUnit.Kind.DISTRICT, parent=province
    )
    out["2009"] = unit_make(
        "2009",
        "Đã Nhập",
        level=3,
        kind=AdminUnit.Kind.COMMUNE,
        parent=d72,
        valid_to=datetime.date(2019, 6, 1),
    )
    return out
