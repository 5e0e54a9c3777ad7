import pytest

from tests.analytics.builders import assess, first, province_with, recognise, target, target_commune


@pytest.fixture
def small_province(criteria_2016):
    """Two districts, seven communes, assessed in 2018 and 2019, with a plan for 2019 and 2020.

    2019: X1 19, X2 19, X3 15 | Y1 19, Y2 12, Y3 8, Y4 not assessed (counts as 0).
    2018: X1 19, X2 16, X3 14 | Y1 10, Y2 10, Y3 7, Y4 5.
    """
    u = province_with({"TP Cao": ["X1", "X2", "X3"], "Đồi": ["Y1", "Y2", "Y3", "Y4"]})
    cset = criteria_2016
    for name, k in {"X1": 19, "X2": 19, "X3": 15, "Y1": 19, "Y2": 12, "Y3": 8}.items():
        assess(u[name], 2019, first(k), cset)
    for name, k in {"X1": 19, "X2": 16, "X3": 14, "Y1": 10, "Y2": 10, "Y3": 7, "Y4": 5}.items():
        assess(u[name], 2018, first(k), cset)
    p = u["province"]
    recognise(u["X1"], 2017)
    recognise(u["X2"], 2019)
    recognise(u["Y1"], 2016, revoked_on=__import__("datetime").date(2019, 6, 1))
    target(p, 2019, "2.1", 4)
    target(p, 2019, "1", 14)
    target(p, 2019, "3.2", 7)
    target(p, 2020, "2.1", 5)
    target(p, 2020, "1", 15.5)
    target_commune(p, 2019, u["X2"])
    target_commune(p, 2019, u["Y2"])
    target_commune(p, 2020, u["X3"])
    u["cset"] = cset
    return u
