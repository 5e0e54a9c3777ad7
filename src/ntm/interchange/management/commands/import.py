"""``ntm import FILE...``: import interchange files all or nothing (docs/formats.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from ntm.core.errors import ApplicationError
from ntm.interchange.errors import ImportRefused
from ntm.interchange.services import files_import


class Command(BaseCommand):
    help = (
        "Nhập các tệp trao đổi (CSV UTF-8 hoặc .xlsx: trạng thái tiêu chí, giá trị chỉ tiêu, "
        "chỉ tiêu kế hoạch, sản phẩm OCOP, nguồn vốn, hỗ trợ xã, bảng nhập liệu). Tất cả các tệp của một lần chạy được nhập cùng "
        "nhau: có một lỗi thì không nhập gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="các tệp .csv hoặc .xlsx")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="chỉ kiểm tra và cho biết sẽ thay đổi gì, không ghi vào cơ sở dữ liệu",
        )
        parser.add_argument("--reason", default="", help="lý do ghi vào nhật ký thay đổi")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            summary = files_import(
                paths=opts["files"], dry_run=opts["dry_run"], reason=opts["reason"]
            )
        except ImportRefused as exc:
            raise CommandError("\n".join([*exc.lines(), exc.message])) from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except DatabaseError as exc:
            raise CommandError(f"Lỗi cơ sở dữ liệu (đã chạy ntm migrate chưa?): {exc}") from exc
        for line in summary.lines():
            self.stdout.write(line)
