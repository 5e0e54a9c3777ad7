"""The web tests read Cao Bằng (the ``cao_bang`` fixture) and keep their files in a temporary folder."""

import pytest


@pytest.fixture(autouse=True)
def _files_kept_aside(private_files):
    """Evidence, job results and uploads of every web test go to a temporary folder."""
