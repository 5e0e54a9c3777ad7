import pytest
from django.contrib.auth.models import User

from tests.logins import login_request as _login_request


@pytest.mark.django_db
def test_admin_is_in_vietnamese_with_diacritics(client, criteria_2016):
    User.objects.create_superuser("admin", password="pw")
    client.login(request=_login_request(), username="admin", password="pw")
    page = client.get("/admin/criteria/indicator/").content.decode()
    assert "Chọn chỉ tiêu để thay đổi" in page or "chỉ tiêu" in page
    assert "Quản trị" in client.get("/admin/").content.decode()
