"""The OpenAPI schema is generated from the code, valid, and names every endpoint."""

import pytest
from drf_spectacular.validation import validate_schema

from tests.factories import CaoBang

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_and_documents_every_endpoint(cao_bang: CaoBang, api) -> None:
    response = api("xa").get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/v1/units/",
        "/api/v1/units/{id}/figures/",
        "/api/v1/units/{id}/appendix/",
        "/api/v1/criteria-sets/{id}/",
        "/api/v1/assessments/",
        "/api/v1/assessments/{id}/values/",
        "/api/v1/recognitions/",
        "/api/v1/targets/",
        "/api/v1/target-communes/",
        "/api/v1/ocop-products/",
        "/api/v1/funds/",
        "/api/v1/supports/",
    } <= paths
    write = schema["paths"]["/api/v1/assessments/{id}/values/"]["patch"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in write["parameters"])
    assert "knoxApiToken" in schema["components"]["securitySchemes"]
    assert "cookieAuth" in schema["components"]["securitySchemes"]


def test_the_yaml_schema_is_served_too(cao_bang: CaoBang, api) -> None:
    response = api("xa").get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")
