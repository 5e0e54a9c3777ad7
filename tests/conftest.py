import pytest


@pytest.fixture
def criteria_2016(db):
    """The shipped 2016-2020 commune criteria set, loaded into the test database."""
    from ntm.criteria.services import CRITERIA_DIR, criteria_set_load

    return criteria_set_load(path=CRITERIA_DIR / "xa-ntm-2016-2020.yaml").criteria_set
