"""Backup and restore: the database and the private files in one archive (docs/deploy.md).

``ntm backup -o FILE`` writes a gzip'd tar archive holding

* ``database.sqlite3`` (SQLite's online backup API: a consistent copy while
  NTM runs) or ``database.pgdump`` (``pg_dump --format=custom``);
* ``files/…``: every file under ``MEDIA_ROOT`` (evidence, report results);
* ``manifest.json``: the format, when, which database engine, the migrations
  applied, the row count of every table, and each member's size and SHA-256.

``ntm restore FILE`` checks every checksum, refuses a database that already
holds data (restore goes into an empty database, as after a disaster or onto
a new server) and a files folder that holds other files, then restores both.
Native dumps keep every value as stored, timestamps to the microsecond (the
JSON of ``dumpdata`` does not).
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from ntm.core.errors import ApplicationError

FORMAT = "ntm-backup-1"
MANIFEST = "manifest.json"
FILES = "files"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    tables: int
    rows: int
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise ApplicationError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    return vendor


def _pg_env(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments of pg_dump / pg_restore, the password in the environment."""
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows of every table of the database (the manifest records them, restore checks them)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _dump_database(alias: str, target: Path) -> str:
    engine = _engine(alias)
    connection = connections[alias]
    if engine == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return "database.sqlite3"
    settings = connection.settings_dict
    args, env = _pg_env(settings)
    result = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
        + args
        + [str(settings["NAME"])],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ApplicationError(f"pg_dump không chạy được: {result.stderr.strip()}")
    return "database.pgdump"


def backup_write(*, output: Path, media_root: Path, alias: str = "default") -> BackupResult:
    """Write the archive of the database ``alias`` and the files under ``media_root``."""
    output = Path(output)
    media_root = Path(media_root)
    if not output.parent.is_dir():
        raise ApplicationError(f"Không có thư mục {output.parent} để ghi bản sao lưu.")
    with tempfile.TemporaryDirectory(prefix="ntm-backup-") as tmp:
        dump = Path(tmp) / "database"
        name = _dump_database(alias, dump)
        members: list[dict[str, Any]] = [
            {"path": name, "bytes": dump.stat().st_size, "sha256": _sha256(dump)}
        ]
        files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        )
        for path in files:
            members.append(
                {
                    "path": f"{FILES}/{path.relative_to(media_root).as_posix()}",
                    "bytes": path.stat().st_size,
                    "sha256": _sha256(path),
                }
            )
        counts = table_counts(alias)
        applied = sorted(
            f"{app}.{name}"
            for app, name in MigrationRecorder(connections[alias]).applied_migrations()
        )
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": _engine(alias),
            "migrations": applied,
            "tables": counts,
            "members": members,
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=name, recursive=False)
            for path in files:
                arcname = f"{FILES}/{path.relative_to(media_root).as_posix()}"
                tar.add(path, arcname=arcname, recursive=False)
        partial.replace(output)
    return BackupResult(
        path=output,
        engine=manifest["engine"],
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(files),
        bytes=output.stat().st_size,
    )


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError as exc:
        raise ApplicationError("Tệp không phải bản sao lưu NTM (thiếu manifest.json).") from exc
    if member is None:
        raise ApplicationError("Tệp không phải bản sao lưu NTM (manifest.json hỏng).")
    manifest = json.loads(member.read().decode("utf-8"))
    if manifest.get("format") != FORMAT:
        raise ApplicationError(f"Định dạng sao lưu không rõ: {manifest.get('format')!r}.")
    return manifest


def _safe_member(name: str) -> bool:
    path = Path(name)
    return not path.is_absolute() and ".." not in path.parts


#: Tables that ``migrate`` fills by itself: a database just migrated is still empty.
_SELF_FILLED = {"django_migrations", "django_content_type", "auth_permission"}


def _database_is_empty(alias: str) -> bool:
    """No table holds a row but those ``migrate`` fills by itself."""
    counts = table_counts(alias)
    return all(n == 0 for table, n in counts.items() if table not in _SELF_FILLED)


def backup_restore(*, archive: Path, media_root: Path, alias: str = "default") -> dict[str, Any]:
    """Restore an archive into the empty database ``alias`` and the files folder; the manifest."""
    archive = Path(archive)
    media_root = Path(media_root)
    engine = _engine(alias)
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as tmp:
        manifest = _read_manifest(tar)
        if manifest["engine"] != engine:
            raise ApplicationError(
                f"Bản sao lưu của {manifest['engine']} không khôi phục được vào {engine}."
            )
        for member in manifest["members"]:
            if not _safe_member(member["path"]):
                raise ApplicationError(
                    f"Đường dẫn không hợp lệ trong bản sao lưu: {member['path']}"
                )
            target = Path(tmp) / member["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member["path"])
            if source is None:
                raise ApplicationError(f"Thiếu {member['path']} trong bản sao lưu.")
            with target.open("wb") as fh:
                shutil.copyfileobj(source, fh)
            if _sha256(target) != member["sha256"]:
                raise ApplicationError(f"{member['path']}: tổng kiểm tra không khớp (tệp hỏng).")
        if not _database_is_empty(alias):
            raise ApplicationError(
                "Cơ sở dữ liệu đích đã có dữ liệu: chỉ khôi phục vào một cơ sở dữ liệu trống."
            )
        for member in manifest["members"]:
            if member["path"].startswith(FILES + "/"):
                existing = media_root / member["path"][len(FILES) + 1 :]
                if existing.exists() and _sha256(existing) != member["sha256"]:
                    raise ApplicationError(f"Thư mục tệp đã có tệp khác: {existing}")
        database = manifest["members"][0]["path"]
        _restore_database(alias, Path(tmp) / database)
        for member in manifest["members"][1:]:
            target = media_root / member["path"][len(FILES) + 1 :]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(Path(tmp) / member["path"], target)
    counts = table_counts(alias)
    wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if wrong:
        raise ApplicationError(f"Số dòng sau khi khôi phục không khớp: {wrong}")
    return manifest


def _restore_database(alias: str, dump: Path) -> None:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
        source.close()
        return
    settings = connection.settings_dict
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    connection.close()
    args, env = _pg_env(settings)
    result = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname"]
        + [str(settings["NAME"])]
        + args
        + [str(dump)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ApplicationError(f"pg_restore không chạy được: {result.stderr.strip()}")
