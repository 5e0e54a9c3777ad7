"""``ntm workbook``: the people's workbook (bảng nhập liệu) for a province and a year."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.errors import ApplicationError
from ntm.interchange.selectors import province_for_year
from ntm.interchange.services import workbook_build


class Command(BaseCommand):
    help = (
        "Tạo bảng nhập liệu Excel cho một tỉnh và một năm (mỗi xã một dòng, mỗi tiêu chí một cột, "
        "điền sẵn số liệu đã có); cán bộ điền rồi nhập lại bằng ntm import."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="mã tỉnh, ví dụ 4")
        parser.add_argument("--year", required=True, type=int, help="năm đánh giá")
        parser.add_argument("-o", "--output", required=True, type=Path, help="tệp .xlsx")

    def handle(self, *args: Any, **opts: Any) -> None:
        output: Path = opts["output"]
        if output.suffix.lower() != ".xlsx":
            raise CommandError("Tệp ra phải có đuôi .xlsx.")
        try:
            province = province_for_year(code=opts["province"], year=opts["year"])
            data = workbook_build(province=province, year=opts["year"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        output.write_bytes(data)
        self.stdout.write(f"{output}: bảng nhập liệu {province} năm {opts['year']}.")
