"""``ntm loadmap FILE --list LIST --licence TEXT --source TEXT``: load a boundary file."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.errors import ApplicationError
from ntm.maps.services import boundaries_load
from ntm.units.lists import UNIT_LISTS
from ntm.units.selectors import LEVEL_WORDS


class Command(BaseCommand):
    help = (
        "Nạp ranh giới đơn vị hành chính (GeoJSON FeatureCollection hoặc TopoJSON Topology, "
        "mỗi vùng ghi mã đơn vị trong một thuộc tính) cùng giấy phép và nguồn của bản đồ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--list", required=True, choices=list(UNIT_LISTS), help="danh mục của các mã"
        )
        parser.add_argument("--licence", required=True, help="giấy phép sử dụng bản đồ")
        parser.add_argument("--source", required=True, help="nguồn: địa chỉ hoặc trích dẫn")
        parser.add_argument(
            "--property", default="code", help="thuộc tính ghi mã đơn vị (mặc định: code)"
        )
        parser.add_argument("--name", default=None, help="tên bản đồ (mặc định: tên tệp)")

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            loaded = boundaries_load(
                path=path,
                list_name=opts["list"],
                licence=opts["licence"],
                source=opts["source"],
                code_property=opts["property"],
                name=opts["name"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        levels = ", ".join(
            f"{n} {LEVEL_WORDS[level]}" for level, n in sorted(loaded.by_level.items())
        )
        verb = "thay" if loaded.replaced else "nạp"
        self.stdout.write(
            f"{path.name}: đã {verb} bản đồ “{loaded.boundary_set.name}” "
            f"(danh mục {loaded.boundary_set.list_name}): {loaded.boundaries} ranh giới ({levels})."
        )
