"""Load the demo: its province's units, the criteria sets, and the demo data files."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tỉnh Cao Bằng): đơn vị hành chính, bộ tiêu chí, số liệu, kế hoạch, tài khoản."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--national",
            action="store_true",
            help="cả nước: mọi xã với số liệu mẫu sinh ngẫu nhiên có hạt giống (vài phút)",
        )
        parser.add_argument("--seed", type=int, help="hạt giống của số liệu mẫu cả nước")
        parser.add_argument(
            "--province",
            action="append",
            help="với --national: chỉ các tỉnh này (mã; lặp lại được), để thử nhanh",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        from ntm.demo.services import demo_load, demo_national_load

        try:
            lines = (
                demo_national_load(seed=opts["seed"], province_codes=opts["province"])
                if opts["national"]
                else demo_load()
            )
            for line in lines:
                self.stdout.write(line)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
