import pytest

from tests.analytics.builders import assess, first, province_with, recognise, target, target_commune


@pytest.fixture
def small_province(criteria_2016):
    """Two districts, seven communes, assessed in 2018 and 2019, with a plan for 2019 and 2020.

    2019: X1 19, X2 19, X3 15 | Y1 19, Y2 12, Y3 8, Y4 0.
    2018: X1 19, X2 16, X3 14 | Y1 10, Y2 10, Y3 7, Y4 5.
    Every file is appraised: both years are final.
    """
    u = province_with({"TP Cao": ["X1", "X2", "X3"], "Đồi": ["Y1", "Y2", "Y3", "Y4"]})
    cset = criteria_2016
    for name, k in {"X1": 19, "X2": 19, "X3": 15, "Y1": 19, "Y2": 12, "Y3": 8, "Y4": 0}.items():
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


@pytest.fixture
def campaign_opened(criteria_2016):
    """A province of 30 communes (3 districts of 10): 2019 final, 2020 just opened.

    2019: every file appraised; communes 1-3 of district A meet all 19 criteria,
    the others 10, and communes 1-3 hold decisions (2018, 2018, 2019). 2020:
    only two files, drafts: A1 meets 19, B1 meets 12. Plan 2020: 6 communes, 15
    criteria per commune.
    """
    districts = {name: [f"{name}{i}" for i in range(1, 11)] for name in ("A", "B", "C")}
    u = province_with(districts, code="98", name="Mở Đợt")
    cset = criteria_2016
    for name in [c for cs in districts.values() for c in cs]:
        assess(u[name], 2019, first(19 if name in ("A1", "A2", "A3") else 10), cset)
    for name, year in {"A1": 2018, "A2": 2018, "A3": 2019}.items():
        recognise(u[name], year)
    assess(u["A1"], 2020, first(19), cset, state="draft")
    assess(u["B1"], 2020, first(12), cset, state="draft")
    target(u["province"], 2020, "2.1", 6)
    target(u["province"], 2020, "1", 15)
    u["cset"] = cset
    return u
