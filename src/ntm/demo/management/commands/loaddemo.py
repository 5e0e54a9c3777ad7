"""Load the demo: its province's units, the criteria sets, and the demo data files."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ntm.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tỉnh Cao Bằng): đơn vị hành chính, bộ tiêu chí, số liệu, kế hoạch, tài khoản."

    def handle(self, *args: Any, **opts: Any) -> None:
        from ntm.demo.services import demo_load

        try:
            for line in demo_load():
                self.stdout.write(line)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
