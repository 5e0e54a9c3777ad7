"""The operator's commands: backup, restore, a new secret key, and the production server's settings."""

import importlib
import tarfile

import pytest
from django.core.management import CommandError, call_command

from ntm.units.services import units_load


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence" / "x").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "x" / "bien-ban.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    return settings.MEDIA_ROOT


def test_backup_says_what_it_wrote(transactional_db, media, tmp_path, capsys):
    units_load(province_code="4")
    archive = tmp_path / "ntm.tar.gz"
    call_command("backup", "-o", str(archive))
    said = capsys.readouterr().out
    assert str(archive) in said and "1 tệp" in said
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and "files/evidence/x/bien-ban.pdf" in names


def test_backup_into_a_missing_folder_is_refused_before_any_work(db, media, tmp_path):
    with pytest.raises(CommandError, match="Không có thư mục"):
        call_command("backup", "-o", str(tmp_path / "no-such-folder" / "ntm.tar.gz"))


def test_restore_refuses_a_file_that_is_not_a_backup(db, media, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    with tarfile.open(junk, "w:gz"):
        pass
    with pytest.raises(CommandError, match="không phải bản sao lưu NTM"):
        call_command("restore", str(junk))


def test_each_new_secret_key_is_long_and_different(capsys):
    call_command("generate_secret_key")
    first = capsys.readouterr().out.strip()
    call_command("generate_secret_key")
    second = capsys.readouterr().out.strip()
    assert len(first) >= 50 and first != second


def test_the_production_server_listens_on_loopback_unless_told_otherwise(monkeypatch):
    import ntm.config.gunicorn as conf

    monkeypatch.delenv("NTM_BIND", raising=False)
    assert importlib.reload(conf).bind == "127.0.0.1:8000"
    monkeypatch.setenv("NTM_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("NTM_WORKERS", "3")
    reloaded = importlib.reload(conf)
    assert (reloaded.bind, reloaded.workers) == ("0.0.0.0:9000", 3)
    assert reloaded.wsgi_app == "ntm.config.wsgi:application"
