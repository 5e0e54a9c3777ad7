"""Uploaded files waiting for the officer's confirmation (the import page).

Files wait in a private folder (``DATA_DIR/uploads/<token>``, never served)
until the same user confirms or cancels, or a day has passed. The dry run and
the confirmation both read them from there, so both import the same bytes.
"""

import json
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404

from ntm.interchange.records import Source

TOKEN_TTL_SECONDS = 24 * 3600


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def _clean_old_uploads() -> None:
    root = uploads_dir()
    if not root.exists():
        return
    limit = time.time() - TOKEN_TTL_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def upload_store(*, files: list[Any], user: Any, reason: str) -> str:
    """Keep uploaded files (written chunk by chunk) until confirmation; the token that names them."""
    _clean_old_uploads()
    token = secrets.token_urlsafe(18)
    folder = uploads_dir() / token
    folder.mkdir(parents=True)
    names = []
    for index, upload in enumerate(files):
        name = Path(upload.name or f"tep-{index}").name
        # Stored under its number and kind only: the name the officer gave is shown, never a path.
        stored = folder / f"{index:03d}{Path(name).suffix.lower()[:8]}"
        with stored.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        names.append((stored.name, name))
    meta = {"user": user.pk, "files": names, "reason": reason, "created": time.time()}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return token


def upload_load(*, token: str, user: Any) -> tuple[list[Source], str]:
    """The stored files of ``token`` and the reason given, if the same user uploaded them; 404 otherwise."""
    if not token.replace("-", "").replace("_", "").isalnum():
        raise Http404("bad token")
    folder = uploads_dir() / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Http404("expired") from exc
    if meta.get("user") != user.pk:
        raise Http404("not yours")
    sources = [
        Source(name=shown, data=(folder / stored).read_bytes()) for stored, shown in meta["files"]
    ]
    return sources, str(meta.get("reason", ""))


def upload_discard(token: str) -> None:
    shutil.rmtree(uploads_dir() / token, ignore_errors=True)
