from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ntm.assessments.services.recognition import recognitions_carry
from ntm.core.errors import ApplicationError
from ntm.units.lists import UNIT_LISTS
from ntm.units.services import units_load


class Command(BaseCommand):
    """Load an official list; where it merges units, the merged communes' titles follow the
    rule held as data (``assessments.services.recognition.recognitions_carry``). The command
    lives with the assessments because that rule is theirs; the list itself is ``units``'."""

    help = "Nạp danh mục đơn vị hành chính (mặc định danh mục 2019, cả nước hoặc một tỉnh)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", help="Mã tỉnh (ví dụ 6 = Bắc Kạn)")
        parser.add_argument("--list", default="2019", choices=list(UNIT_LISTS), dest="list_name")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            with transaction.atomic():  # the list and the titles it carries, or nothing
                summary = units_load(list_name=opts["list_name"], province_code=opts["province"])
                carry = recognitions_carry(list_name=opts["list_name"]) if summary.linked else None
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Danh mục {opts['list_name']}: {len(summary.provinces)} tỉnh; "
            f"tạo mới {summary.created}, giữ nguyên {summary.kept}, kết thúc hiệu lực {summary.ended}."
        )
        if summary.merged or summary.linked:
            merged = ", ".join(summary.merged)
            self.stdout.write(
                (f"Sáp nhập vào: tỉnh mã {merged}; " if merged else "")
                + f"ghi {summary.linked} quan hệ kế thừa"
                + (
                    f"; {summary.unlinked} đơn vị trước trong bảng chuyển đổi không có trong "
                    "danh mục đã nạp"
                    if summary.unlinked
                    else ""
                )
                + "."
            )
        if carry is not None and (carry.carried or carry.awaiting):
            self.stdout.write(
                f"Danh hiệu của xã sau sắp xếp: kế thừa {carry.carried}; "
                f"chờ quyết định thừa nhận {carry.awaiting}."
            )
