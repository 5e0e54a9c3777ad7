from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API (docs/api.md): reads and writes through the pages' selectors and services."""

    name = "ntm.api"
    label = "ntm_api"
    verbose_name = "API"
