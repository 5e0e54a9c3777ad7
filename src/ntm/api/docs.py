"""The API's documentation page: Swagger UI from the vendored sidecar files, no CDN.

The page and its start script are separate files (no inline script: the
site's Content-Security-Policy). A visitor not signed in is sent to the login
page, as for every page; the schema itself answers 401 like the API.
"""

from typing import Any

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.response import Response

from ntm.api.throttles import RefusalsCounted


class SchemaView(RefusalsCounted, SpectacularAPIView):
    """The OpenAPI schema; a request without a valid token counts as the API's do."""


class DocsView(RefusalsCounted, SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"

    def handle_exception(self, exc: Exception) -> Response | Any:
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
