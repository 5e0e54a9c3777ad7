"""``ntm reconcile --province CODE --year Y FILE``: a printed appendix against itself and the data."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.errors import ApplicationError
from ntm.units.lists import UNIT_LISTS


class Command(BaseCommand):
    help = (
        "Đối chiếu một biểu chi tiết đã in (CSV hoặc .xlsx, bố cục của biểu: cột TH 2019, "
        "KH 2020 …) với chính nó và với số liệu của NTM; mỗi chỗ sai lệch một dòng. "
        "Mã thoát 0 khi không có sai lệch, 1 khi có."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="biểu chi tiết đã in (.csv, .xlsx) hoặc lời văn báo cáo (.docx, .txt, .md)"
        )
        parser.add_argument("--province", help="mã tỉnh")
        parser.add_argument("--district", help="mã huyện")
        parser.add_argument("--year", type=int, required=True, help="năm báo cáo")
        parser.add_argument(
            "--map",
            choices=list(UNIT_LISTS),
            help="bản đồ (danh mục đơn vị) của biểu; mặc định: bản đồ có hiệu lực năm đó",
        )
        parser.add_argument(
            "--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ của các dòng"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        from ntm.interchange.records import Source
        from ntm.quality.selectors import appendix_reconcile, report_text_reconcile
        from ntm.quality.text import TEXT_SUFFIXES
        from ntm.reports.services import job_unit

        params: dict[str, Any] = {"year": opts["year"]}
        for key in ("province", "district", "map"):
            if opts[key]:
                params[key] = opts[key]
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            unit = job_unit(params)
            if path.suffix.lower() in TEXT_SUFFIXES:
                found = report_text_reconcile(
                    unit=unit, year=opts["year"], source=Source.from_path(path)
                )
                for finding in found:
                    self.stdout.write(finding.text(opts["lang"]))
                if found:
                    sys.exit(1)
                return
            result = appendix_reconcile(unit=unit, year=opts["year"], source=Source.from_path(path))
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for line in result.lines(opts["lang"]):
            self.stdout.write(line)
        if result.contradictions:
            sys.exit(1)
