"""``ntm ocopindicators``: indicators that take their value from the OCOP registry, filled in."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.errors import ApplicationError
from ntm.ocop.services import registry_values_fill
from ntm.units.selectors import unit_by_code


class Command(BaseCommand):
    help = (
        "Ghi cho các chỉ tiêu lấy giá trị từ sổ OCOP (registry: ocop_certified) số sản phẩm "
        "OCOP còn hiệu lực ngày 31/12 của từng xã, trong mọi hồ sơ của năm thuộc tỉnh."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="mã tỉnh, ví dụ 4")
        parser.add_argument("--year", required=True, type=int, help="năm đánh giá, ví dụ 2024")

    def handle(self, *args: Any, **opts: Any) -> None:
        year = opts["year"]
        try:
            province = unit_by_code(code=opts["province"], level=1, year=year)
            done = registry_values_fill(province=province, year=year)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{done.values} giá trị chỉ tiêu, {done.files} hồ sơ tính lại.")
        for name in done.locked:
            self.stdout.write(f"Bỏ qua hồ sơ đã khoá: {name}.")
