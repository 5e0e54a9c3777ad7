"""A synthetic province for the activities' tests (numeric codes, as the files write them)."""

import pytest

from tests.factories import province_make, user_make


@pytest.fixture
def land(db):
    """Tỉnh Thử Nghiệm (99): huyện Núi (9901: Đông 9901001, Tây 9901002), huyện Sông (9902: Nam
    9902003); officers of the province and of huyện Núi, and one of another province."""
    u = province_make({"Núi": ["Đông", "Tây"], "Sông": ["Nam"]})
    other = province_make({"Biển": ["Bắc"]}, code="98", name="Khác")
    u["other"] = other["province"]
    u["tinh"] = user_make("tinh", "province", u["province"])
    u["huyen"] = user_make("huyen", "district", u["Núi"])
    u["tinh_khac"] = user_make("tinh_khac", "province", other["province"])
    u["xa"] = user_make("xa", "commune", u["Đông"])
    return u
