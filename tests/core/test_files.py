"""Private files: reached only through the views that check scope; orphans found and removed."""

import os
import time
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from ntm.core.files import orphan_files, private_name


def test_private_names_carry_a_random_folder_and_a_safe_name():
    first = private_name("evidence/2019", "../../Biên bản họp.pdf")
    second = private_name("evidence/2019", "../../Biên bản họp.pdf")
    assert first != second
    assert first.startswith("evidence/2019/") and first.endswith("/Biên_bản_họp.pdf")
    assert ".." not in first


def test_orphan_files_are_listed_and_removed_but_recent_and_referenced_ones_kept(
    db, settings, tmp_path
):
    from ntm.reports.models import Job

    settings.MEDIA_ROOT = tmp_path
    job = Job.objects.create(kind="appendix_csv")
    job.result.save("bieu.csv", SimpleUploadedFile("bieu.csv", b"a,b\n"), save=True)
    orphan = tmp_path / "evidence" / "2019" / "lost" / "x.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4\n")
    fresh = tmp_path / "evidence" / "2019" / "now" / "y.pdf"
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(b"%PDF-1.4\n")
    old = time.time() - 7200
    os.utime(orphan, (old, old))
    os.utime(tmp_path / job.result.name, (old, old))

    assert orphan_files(media_root=tmp_path) == [orphan]
    out = StringIO()
    call_command("orphanfiles", "--delete", stdout=out)
    assert "1 tệp mồ côi (đã xoá)" in out.getvalue()
    assert not orphan.exists() and fresh.exists() and (tmp_path / job.result.name).exists()
