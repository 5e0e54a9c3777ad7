"""The ways NTM is started: the ``ntm`` command and the WSGI application a web server loads."""

import sys

from django.core.handlers.wsgi import WSGIHandler


def test_the_ntm_command_runs_django_s_checks_without_issues(monkeypatch, capsys):
    from ntm.manage import main

    monkeypatch.setattr(sys, "argv", ["ntm", "check"])
    main()
    assert "System check identified no issues" in capsys.readouterr().out


def test_the_wsgi_application_loads():
    from ntm.config.wsgi import application

    assert isinstance(application, WSGIHandler)
