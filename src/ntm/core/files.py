"""Private files (evidence, reports): sent only by a view that has checked the user's scope.

No URL serves the files folder (``MEDIA_ROOT``); stored names carry a random
part, so a path seen once tells nothing about another file. A view that has
found the file within the user's units answers with :func:`protected_file_response`:
the app sends the bytes itself, or, behind a proxy that serves files better
(``NTM_FILES_ACCEL``), it only tells the proxy which file to send: nginx's
``X-Accel-Redirect`` to an internal location, or ``X-Sendfile`` (Apache,
Caddy, lighttpd). docs/deploy.md shows the proxy configuration.
"""

import mimetypes
import secrets
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.text import get_valid_filename


def private_name(folder: str, filename: str) -> str:
    """``folder/<random>/<safe name>``: a stored name nobody can guess from another one."""
    name = get_valid_filename(PurePosixPath(filename or "tep").name) or "tep"
    return f"{folder.strip('/')}/{secrets.token_urlsafe(16)}/{name[-100:]}"


def protected_file_response(
    stored: FieldFile, *, filename: str | None = None, as_attachment: bool = False
) -> HttpResponse:
    """The response that delivers ``stored`` to a user the caller has checked (404 if it is gone)."""
    if not stored:
        raise Http404("no file")
    name = filename or PurePosixPath(stored.name).name
    accel = getattr(settings, "NTM_FILES_ACCEL", "")
    if accel:
        if not stored.storage.exists(stored.name):
            raise Http404("file missing")
        response = HttpResponse()
        if accel == "nginx":
            internal = settings.NTM_FILES_INTERNAL_URL.rstrip("/") + "/"
            response["X-Accel-Redirect"] = internal + quote(stored.name)
        else:
            response["X-Sendfile"] = stored.path
        content_type, _ = mimetypes.guess_type(name)
        response["Content-Type"] = content_type or "application/octet-stream"
        disposition = "attachment" if as_attachment else "inline"
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    else:
        try:
            handle = stored.open("rb")
        except FileNotFoundError as exc:
            raise Http404("file missing") from exc
        response = FileResponse(handle, as_attachment=as_attachment, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


def referenced_files() -> set[str]:
    """The stored names every file field of every model points to."""
    from django.apps import apps
    from django.db.models import FileField

    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField):
                names.update(
                    n
                    for n in model._default_manager.exclude(**{field.name: ""}).values_list(
                        field.name, flat=True
                    )
                    if n
                )
    return names


def orphan_files(*, media_root: Path, older_than: float = 3600.0) -> list[Path]:
    """Files under ``media_root`` that no record points to, untouched for ``older_than`` seconds.

    A file written by a transaction that later rolled back, or left by a
    removal that failed half-way. Recent files are left alone: their
    transaction may still be running.
    """
    import time

    if not media_root.exists():
        return []
    known = referenced_files()
    limit = time.time() - older_than
    return sorted(
        p
        for p in media_root.rglob("*")
        if p.is_file()
        and p.relative_to(media_root).as_posix() not in known
        and p.stat().st_mtime < limit
    )
