"""Signing in: guessing is throttled and recorded, weak passwords are refused, an officer can
change their password."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import User
from django.test import Client

LOGIN = "/accounts/login/"
GOOD = "Mat-khau-rat-kho-2026"


@pytest.fixture
def officer(db):
    return User.objects.create_user("tinh", password=GOOD)


def _try(client: Client, password: str, ip: str = "10.0.0.7"):
    return client.post(LOGIN, {"username": "tinh", "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_for_that_address_with_a_clear_message(officer):
    client = Client()
    for _ in range(4):
        assert _try(client, "sai").status_code == 200
    locked = _try(client, "sai")
    assert locked.status_code == 429
    assert "Tạm khoá đăng nhập" in locked.content.decode()
    # Even the right password is refused while locked, before any password is checked.
    again = _try(client, GOOD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessFailureLog.objects.filter(username="tinh").count() >= 5
    # The same officer from another address is not locked out.
    other = Client()
    assert _try(other, GOOD, ip="10.0.0.8").status_code == 302


def test_a_successful_login_resets_the_count(officer):
    client = Client()
    for _ in range(3):
        _try(client, "sai")
    assert _try(client, GOOD).status_code == 302
    assert not AccessAttempt.objects.filter(username="tinh").exists()


@pytest.mark.parametrize(
    "weak", ["12345678", "1234567890", "password123", "matkhau", "tinh12345", "qwertyuiop"]
)
def test_weak_passwords_are_refused_on_the_password_page(officer, weak):
    client = Client()
    client.force_login(officer)
    page = client.post(
        "/accounts/password/",
        {"old_password": GOOD, "new_password1": weak, "new_password2": weak},
    )
    assert page.status_code == 200
    assert "errorlist" in page.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(GOOD)


def test_an_officer_changes_their_password(officer):
    client = Client()
    client.force_login(officer)
    new = "Mot-mat-khau-moi-Cao-Bang"
    page = client.post(
        "/accounts/password/", {"old_password": GOOD, "new_password1": new, "new_password2": new}
    )
    assert page.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(new)


def test_without_mail_the_login_page_sends_officers_to_their_administrator(db):
    page = Client().get(LOGIN).content.decode()
    assert "liên hệ quản trị viên" in page
    assert Client().get("/accounts/password-reset/").status_code in (302, 404)
