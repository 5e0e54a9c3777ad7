from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LoginRequiredMiddleware:
    """No page outside the login: every request but the public paths needs a user.

    It also settles the language. NTM is in Vietnamese by default: the
    browser's preferred language (which Django's LocaleMiddleware reads from
    ``Accept-Language``) is not consulted, because office computers are often
    set up in English; only an explicit choice (the language switch, stored in
    the language cookie) turns the interface to English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        if not request.user.is_authenticated and not request.path.startswith(
            settings.NTM_PUBLIC_PATHS
        ):
            response = redirect_to_login(request.get_full_path())
            if request.headers.get("HX-Request") == "true":
                # A fragment asked for after the session ended: send the whole page to the login.
                redirect = HttpResponse(status=204)
                redirect["HX-Redirect"] = response["Location"]
                return redirect
            return response
        return self.get_response(request)
