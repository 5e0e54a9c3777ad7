"""A backup restored elsewhere gives the same database, row for row and to the microsecond, and
the same files."""

import os
import sqlite3
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ntm.accounts.services import profile_set
from ntm.assessments.services.evaluation import assessment_get_or_create, indicator_value_set
from ntm.assessments.services.evidence import evidence_add
from ntm.core.backup import backup_write
from ntm.core.errors import ApplicationError
from ntm.units.models import AdminUnit
from ntm.units.services import units_load

ROOT = Path(__file__).resolve().parents[2]


def _rows(cursor, quote) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order; on PostgreSQL as the server writes the row
    (so that JSON and timestamps compare as stored, whatever the client library makes of them)."""
    tables = sorted(connection.introspection.table_names())
    out = {}
    for table in tables:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT t::text FROM {quote(table)} t")
        else:
            cursor.execute(f"SELECT * FROM {quote(table)}")
        out[table] = sorted(cursor.fetchall(), key=repr)
    return out


def _source_rows() -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        return _rows(cursor, connection.ops.quote_name)


def _ntm(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ntm.manage", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture
def filled(transactional_db, criteria_2016, settings, tmp_path):
    """A commune's file with a value, a change log, an officer and an evidence PDF."""
    settings.MEDIA_ROOT = tmp_path / "media"
    units_load(province_code="4")
    commune = AdminUnit.objects.filter(province__code="4", kind="xa").order_by("code").first()
    officer = User.objects.create_user("xa", password="x")
    profile_set(user=officer, role="commune", unit=commune)
    assessment = assessment_get_or_create(commune=commune, year=2019)
    indicator_value_set(
        assessment=assessment, indicator_code="10.1", value=Decimal("31.25"), user=officer
    )
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")
    evidence_add(
        assessment=assessment, criterion_number=10, file=pdf, title="Biên bản", user=officer
    )
    return settings.MEDIA_ROOT


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_backup_restored_elsewhere_has_no_difference(filled, tmp_path):
    archive = tmp_path / "ntm.tar.gz"
    result = backup_write(output=archive, media_root=filled)
    assert result.files == 1 and result.rows > 0
    before = _source_rows()
    media = tmp_path / "restored-media"

    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        env = {"DATABASE_URL": f"sqlite:///{target}", "NTM_MEDIA_ROOT": str(media)}
        done = _ntm(["restore", str(archive)], env)
        assert done.returncode == 0, done.stderr
        types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES  # as Django reads them
        with sqlite3.connect(target, detect_types=types) as restored:
            after = _rows(restored.cursor(), connection.ops.quote_name)
    else:
        import psycopg

        name = f"ntm_restore_{uuid.uuid4().hex[:8]}"
        params = connection.settings_dict
        admin = psycopg.connect(
            host=params["HOST"],
            port=params["PORT"] or 5432,
            user=params["USER"],
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
            done = _ntm(
                ["restore", str(archive)], {"DATABASE_URL": url, "NTM_MEDIA_ROOT": str(media)}
            )
            assert done.returncode == 0, done.stderr
            with psycopg.connect(url.replace("postgres://", "postgresql://")) as restored:
                after = _rows(restored.cursor(), connection.ops.quote_name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

    assert after == before
    assert _files(media) == _files(filled)


def test_restore_refuses_a_database_that_holds_data(filled, tmp_path):
    from ntm.core.backup import backup_restore

    archive = tmp_path / "ntm.tar.gz"
    backup_write(output=archive, media_root=filled)
    with pytest.raises(ApplicationError, match="đã có dữ liệu"):
        backup_restore(archive=archive, media_root=tmp_path / "other")


def test_a_damaged_archive_is_refused_before_anything_is_written(filled, tmp_path):
    import tarfile

    from ntm.core.backup import backup_restore

    archive = tmp_path / "ntm.tar.gz"
    backup_write(output=archive, media_root=filled)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("files/"):
                data = data[:-1] + b"X"
            import io

            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(ApplicationError, match="tổng kiểm tra không khớp"):
        backup_restore(archive=damaged, media_root=tmp_path / "other")
    assert not (tmp_path / "other").exists()
