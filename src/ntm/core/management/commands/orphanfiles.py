"""``ntm orphanfiles [--delete]``: private files no record points to (and, with --delete, remove them)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ntm.core.files import orphan_files


class Command(BaseCommand):
    help = (
        "Liệt kê các tệp trong thư mục tệp riêng không còn gắn với bản ghi nào (minh chứng, "
        "kết quả báo cáo); với --delete thì xoá chúng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="xoá các tệp mồ côi")
        parser.add_argument(
            "--older-than",
            type=float,
            default=60.0,
            help="chỉ các tệp không đổi trong ngần ấy phút (mặc định 60)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        root = Path(settings.MEDIA_ROOT)
        found = orphan_files(media_root=root, older_than=opts["older_than"] * 60)
        for path in found:
            self.stdout.write(str(path.relative_to(root)))
            if opts["delete"]:
                path.unlink()
        verb = "đã xoá" if opts["delete"] else "tìm thấy"
        self.stdout.write(f"{len(found)} tệp mồ côi ({verb}).")
