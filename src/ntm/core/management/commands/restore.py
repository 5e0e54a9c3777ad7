"""``ntm restore FILE``: restore a backup into an empty database and files folder."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.backup import backup_restore
from ntm.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu (ntm backup) vào cơ sở dữ liệu trống và thư mục tệp; "
        "kiểm tra tổng kiểm tra của từng tệp và số dòng của từng bảng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="tệp .tar.gz do ntm backup tạo")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            manifest = backup_restore(archive=opts["archive"], media_root=Path(settings.MEDIA_ROOT))
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Đã khôi phục bản sao lưu ngày {manifest['created']}: {len(manifest['tables'])} bảng, "
            f"{rows} dòng, {len(manifest['members']) - 1} tệp."
        )
