"""Safe by default: the settings a laptop gets, and those production refuses to start without."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEF"


def _settings(
    env: dict[str, str], expr: str = "settings.DEBUG"
) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh process with ``env`` (nothing of this process's NTM_*)."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("NTM_") and k != "DATABASE_URL"
    }
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','ntm.config.settings');"
        f"from django.conf import settings; print({expr})"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, cwd=ROOT
    )


def test_a_laptop_runs_without_debug_and_with_a_key_of_its_own(tmp_path):
    env = {"NTM_DATA_DIR": str(tmp_path)}
    first = _settings(env, "settings.DEBUG, settings.SECRET_KEY")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("False")
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text()) >= 50
    again = _settings(env, "settings.SECRET_KEY")
    assert again.stdout.strip() == first.stdout.split(" ", 1)[1].strip()


@pytest.mark.parametrize(
    ("env", "refusal"),
    [
        ({}, "cần NTM_SECRET_KEY"),
        ({"NTM_SECRET_KEY": "ntm-dev-only-not-secret"}, "khoá công khai"),
        ({"NTM_SECRET_KEY": "short"}, "quá ngắn"),
        ({"NTM_SECRET_KEY": KEY}, "cần NTM_ALLOWED_HOSTS"),
        ({"NTM_SECRET_KEY": KEY, "NTM_ALLOWED_HOSTS": "*"}, "không được là “*”"),
        ({"NTM_SECRET_KEY": KEY, "NTM_ALLOWED_HOSTS": "ntm.example.vn"}, "cần DATABASE_URL"),
    ],
)
def test_production_refuses_to_start_without_safe_settings(env, refusal, tmp_path):
    done = _settings({"NTM_PRODUCTION": "1", "NTM_DATA_DIR": str(tmp_path), **env})
    assert done.returncode != 0
    assert refusal in done.stderr


def test_the_public_key_is_refused_on_a_laptop_too(tmp_path):
    done = _settings({"NTM_DATA_DIR": str(tmp_path), "NTM_SECRET_KEY": "ntm-dev-only-not-secret"})
    assert done.returncode != 0 and "khoá công khai" in done.stderr


def test_behind_tls_cookies_are_secure_and_hsts_is_sent(tmp_path):
    env = {
        "NTM_PRODUCTION": "1",
        "NTM_HTTPS": "1",
        "NTM_SECRET_KEY": KEY,
        "NTM_ALLOWED_HOSTS": "ntm.example.vn",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
        "NTM_DATA_DIR": str(tmp_path),
    }
    done = _settings(
        env,
        "settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS > 0, settings.SECURE_PROXY_SSL_HEADER[0]",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False True True True HTTP_X_FORWARDED_PROTO"


@pytest.mark.django_db
def test_every_page_sends_the_security_headers():
    response = Client().get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_static_files_are_served_by_the_app_with_debug_off(settings):
    assert settings.DEBUG is False
    response = Client().get("/static/ntm/ntm.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)


@pytest.mark.django_db
def test_no_url_serves_the_private_files_folder(django_user_model):
    user = django_user_model.objects.create_superuser("admin", password="x")
    client = Client()
    client.force_login(user)
    for path in ("/media/evidence/2019/x.pdf", "/private/evidence/2019/x.pdf", "/media/"):
        assert client.get(path).status_code == 404


def test_the_health_check_answers_without_login(db):
    assert Client().get("/healthz").content == b"ok"


def test_the_api_rates_have_defaults_are_read_from_the_environment_and_checked(tmp_path):
    base = {"NTM_DATA_DIR": str(tmp_path)}
    expr = "settings.NTM_API_RATE_USER, settings.NTM_API_RATE_WRITE, settings.NTM_API_RATE_ANON"
    defaults = _settings(base, expr)
    assert defaults.returncode == 0, defaults.stderr
    assert defaults.stdout.strip() == "3000/hour 600/hour 60/minute"
    given = _settings({**base, "NTM_API_RATE_WRITE": "10/minute", "NTM_API_RATE_ANON": "off"}, expr)
    assert given.stdout.strip() == "3000/hour 10/minute None"
    bad = _settings({**base, "NTM_API_RATE_USER": "lots"}, expr)
    assert bad.returncode != 0 and "NTM_API_RATE_USER" in bad.stderr
