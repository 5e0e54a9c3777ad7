"""The ways NTM is started: the ``ntm`` command and the WSGI application a web server loads."""

import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler


def test_the_ntm_command_runs_django_s_checks_without_issues(monkeypatch, capsys):
    from ntm.manage import main

    monkeypatch.setattr(sys, "argv", ["ntm", "check"])
    main()
    assert "System check identified no issues" in capsys.readouterr().out


def test_the_wsgi_application_loads():
    from ntm.config.wsgi import application

    assert isinstance(application, WSGIHandler)


@pytest.mark.parametrize(
    ("action", "option"), [("export", "--format"), ("import", "--dry-run"), ("mapping", "--year")]
)
def test_ntm_dhis2_offers_export_import_and_mapping(action, option, capsys):
    from django.core.management import call_command, get_commands

    assert get_commands()["dhis2"] == "ntm.interchange"
    with pytest.raises(SystemExit):
        call_command("dhis2", action, "--help")
    assert option in capsys.readouterr().out
