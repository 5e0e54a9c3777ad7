"""``ntm loadcriteria [FILE ...]``: load criteria sets; statuses a changed threshold decides are derived again.

A file whose top-level key is ``crosswalk`` is a crosswalk between two
periods' sets (``criteria.services.crosswalk_load``); without files, every
shipped set is loaded, then every shipped crosswalk.

It lives with the assessments because a reload that changes a threshold
changes the statuses already derived from it.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.assessments.services.evaluation import criteria_set_reload
from ntm.core.errors import ApplicationError
from ntm.criteria.services import (
    criteria_files,
    crosswalk_files,
    crosswalk_load,
    is_crosswalk_file,
)


class Command(BaseCommand):
    help = "Nạp các bộ tiêu chí từ tệp dữ liệu YAML (mặc định: mọi bộ tiêu chí kèm theo NTM)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args: Any, **opts: Any) -> None:
        for path in opts["files"] or [*criteria_files(), *crosswalk_files()]:
            if not path.is_file():
                raise CommandError(f"Không có tệp {path}.")
            try:
                if is_crosswalk_file(path):
                    loaded = crosswalk_load(path=path)
                    self.stdout.write(
                        f"{loaded.old.code} → {loaded.new.code}: tạo {loaded.created}, "
                        f"cập nhật {loaded.updated}, giữ nguyên {loaded.kept} tương ứng."
                    )
                    continue
                cset = criteria_set_reload(path=path)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"{cset.code}: {cset.criteria.count()} tiêu chí.")
