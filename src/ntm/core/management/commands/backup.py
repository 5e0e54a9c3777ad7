"""``ntm backup -o FILE``: the database and the private files in one archive (docs/deploy.md)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.backup import backup_write
from ntm.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và các tệp (minh chứng, báo cáo) vào một tệp .tar.gz, "
        "kèm danh mục và tổng kiểm tra."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, type=Path, help="tệp .tar.gz")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = backup_write(output=opts["output"], media_root=Path(settings.MEDIA_ROOT))
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{result.path}: {result.engine}, {result.tables} bảng, {result.rows} dòng, "
            f"{result.files} tệp, {result.bytes} byte."
        )
