"""``ntm loadvillages FILE``: load a province's villages (thôn, xóm, bản) under their communes."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.errors import ApplicationError
from ntm.units.services import villages_load


class Command(BaseCommand):
    help = (
        "Nạp danh sách thôn của tỉnh từ tệp CSV "
        "(commune_code,village_code,village_name,valid_from)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            loaded = villages_load(path=path)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{path.name}: tạo mới {loaded.created}, giữ nguyên {loaded.kept}, "
            f"kết thúc hiệu lực {loaded.ended} thôn."
        )
