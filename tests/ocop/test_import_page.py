"""The Nhập tệp page takes an OCOP file like any other: checked first, then confirmed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.ocop.models import Rating
from tests.factories import CaoBang

from .conftest import HEADER, csv_text

pytestmark = pytest.mark.django_db


def _upload(client, cb: CaoBang, rows_for):
    code = cb.unit("commune").code
    data = csv_text(HEADER, rows_for(code)).encode()
    return client.post(
        reverse("interchange:import"),
        {"files": [SimpleUploadedFile("ocop.csv", data, content_type="text/csv")], "reason": ""},
    )


def test_the_province_checks_then_imports_an_ocop_file(cao_bang, login, private_files):
    client = login("tinh")
    page = _upload(client, cao_bang, lambda c: [f"2024,CB-1,Miến dong,{c},thuc_pham,30,15,25"])
    text = page.content.decode()
    assert page.status_code == 200 and "CB-1" in text
    assert not Rating.objects.exists()  # a check: nothing kept
    token = page.context["token"]
    client.post(reverse("interchange:import_confirm", args=[token]))
    assert Rating.objects.get(product__code="CB-1").stars == 4


def test_a_commune_officers_ocop_file_is_refused_naming_row_and_column(
    cao_bang, login, private_files
):
    page = _upload(login("xa"), cao_bang, lambda c: [f"2024,CB-1,Miến dong,{c},thuc_pham,30,15,25"])
    [error] = page.context["errors"]
    assert str(error).startswith("ocop.csv:2:commune_code:")
    assert "Không nhập được" in page.content.decode()
    assert not Rating.objects.exists()
