"""``ntm loadclassifications FILE``: load dated unit classifications (commune group, ĐBKK, ATK…).

It lives with the assessments because a classification chooses thresholds:
the assessments of the units it touches are derived again.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.assessments.services.evaluation import classifications_reload
from ntm.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Nạp phân loại đơn vị có thời hạn từ tệp CSV "
        "(unit_code,classification,value,valid_from,valid_to,legal_basis)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            loaded = classifications_reload(path=path)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{path.name}: tạo mới {loaded.created}, cập nhật {loaded.updated} phân loại "
            f"của {len(loaded.unit_ids)} đơn vị."
        )
