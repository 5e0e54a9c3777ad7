"""API tokens: created and revoked by their owner (the account's page) or an administrator
(the admin); stored hashed, shown once, each step in the change log."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from ntm.api.services import api_token_create, api_token_revoke
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from tests.factories import CaoBang

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"


def _works(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/units/").status_code


def test_an_officer_creates_a_token_on_the_account_page_shown_once(
    cao_bang: CaoBang, login
) -> None:
    client = login("huyen")
    page = client.get(PAGE).content.decode()
    assert "sau chữ “Token” và một dấu cách" in page and "/api/v1/docs/" in page
    response = client.post(PAGE, {"days": "30"})
    text = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = text.split('<code id="new-token">', 1)[1].split("</code>", 1)[0]
    assert _works(token) == 200
    row = AuthToken.objects.get(user__username="huyen")
    assert token not in (row.digest, row.token_key) and token.startswith(row.token_key)
    assert token not in client.get(PAGE).content.decode()  # never shown again
    record = ChangeRecord.objects.get(object_type="knox.authtoken", action="create")
    assert record.user.username == "huyen" and record.object_id == row.token_key
    assert row.digest not in str(record.after)


def test_an_officer_revokes_a_token_and_it_stops_working(cao_bang: CaoBang, login) -> None:
    owner = User.objects.get(username="huyen")
    row, token = api_token_create(owner=owner, user=owner, days=90)
    client = login("huyen")
    assert row.token_key in client.get(PAGE).content.decode()
    response = client.post(f"{PAGE}{row.token_key}/revoke/")
    assert response.status_code == 302
    assert _works(token) == 401
    assert ChangeRecord.objects.filter(object_id=row.token_key, action="delete").exists()


def test_nobody_revokes_anothers_token_on_the_page(cao_bang: CaoBang, login) -> None:
    owner = User.objects.get(username="huyen")
    row, token = api_token_create(owner=owner, user=owner, days=90)
    assert login("huyen2").post(f"{PAGE}{row.token_key}/revoke/").status_code == 404
    assert _works(token) == 200


def test_only_the_owner_or_a_superuser_manages_a_token(cao_bang: CaoBang) -> None:
    owner, other = User.objects.get(username="huyen"), User.objects.get(username="tinh")
    with pytest.raises(ApplicationError):
        api_token_create(owner=owner, user=other)
    row, _token = api_token_create(owner=owner, user=User.objects.get(username="admin"), days=None)
    assert row.expiry is None
    with pytest.raises(ApplicationError):
        api_token_revoke(token=row, user=other)
    with pytest.raises(ApplicationError):
        api_token_create(owner=owner, user=owner, days=7)


def test_an_anonymous_visitor_is_sent_to_the_login_page(cao_bang: CaoBang) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_administrator_creates_and_revokes_a_token_in_the_admin(
    cao_bang: CaoBang, login
) -> None:
    client = login("admin")
    officer = User.objects.get(username="xa")
    response = client.post(
        "/admin/knox/authtoken/add/", {"user": officer.pk, "days": "365"}, follow=True
    )
    assert response.status_code == 200
    message = next(str(m) for m in response.context["messages"] if "chỉ hiện một lần" in str(m))
    token = message.rsplit(": ", 1)[1]
    assert _works(token) == 200
    row = AuthToken.objects.get(user=officer)
    record = ChangeRecord.objects.get(object_id=row.token_key, action="create")
    assert record.user.username == "admin"
    assert client.get(f"/admin/knox/authtoken/{row.pk}/change/").status_code == 200
    deleted = client.post(f"/admin/knox/authtoken/{row.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert _works(token) == 401
    assert ChangeRecord.objects.filter(object_id=row.token_key, action="delete").exists()


def test_a_user_holds_at_most_the_tokens_the_settings_allow(cao_bang: CaoBang, settings) -> None:
    owner = User.objects.get(username="xa")
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    api_token_create(owner=owner, user=owner)
    api_token_create(owner=owner, user=owner)
    with pytest.raises(ApplicationError):
        api_token_create(owner=owner, user=owner)


def test_a_deactivated_officers_token_stops_working(cao_bang: CaoBang) -> None:
    owner = User.objects.get(username="xa")
    _row, token = api_token_create(owner=owner, user=owner)
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert _works(token) == 401
