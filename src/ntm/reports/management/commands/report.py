"""``ntm report``: the appendix table, the annual report (Word, PDF) and the key figures of a unit.

ntm report appendix --province 4 --year 2019 --format csv|xlsx [-o FILE]
ntm report appendix --district 42 --year 2019 --format xlsx -o FILE
ntm report docx --province 4 --year 2019 -o FILE [--number 45] [--date 2020-03-05]
ntm report pdf --province 4 --year 2019 -o FILE
ntm report figures --province 4 --year 2019
ntm report appendix --province 19 --year 2019 --map 2025-10   (2019 on today's map)
ntm report appendix|figures --country --year 2019             (the whole country)
ntm report appendix|figures --region TDMNPB --year 2019       (a socio-economic region)
"""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.errors import ApplicationError
from ntm.units.lists import UNIT_LISTS


class Command(BaseCommand):
    help = "Lập biểu chi tiết, báo cáo năm (Word, PDF) hoặc in các số liệu chính của tỉnh/huyện."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["appendix", "docx", "pdf", "figures"])
        parser.add_argument("--province", help="mã tỉnh")
        parser.add_argument("--district", help="mã huyện")
        parser.add_argument("--country", action="store_true", help="cả nước (biểu, số liệu)")
        parser.add_argument("--region", help="mã vùng, như TDMNPB (biểu, số liệu)")
        parser.add_argument("--year", type=int, required=True, help="năm báo cáo")
        parser.add_argument(
            "--format", choices=["csv", "xlsx"], default="csv", help="định dạng biểu"
        )
        parser.add_argument(
            "-o", "--output", help="tệp kết quả (biểu CSV: mặc định in ra màn hình)"
        )
        parser.add_argument("--number", default="", help="số báo cáo")
        parser.add_argument("--date", default="", help="ngày báo cáo, YYYY-MM-DD")
        parser.add_argument("--no-charts", action="store_true", help="không vẽ biểu đồ")
        parser.add_argument(
            "--map",
            choices=list(UNIT_LISTS),
            help="bản đồ (danh mục đơn vị) để nêu số liệu; mặc định: bản đồ có hiệu lực năm đó",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        params: dict[str, Any] = {"year": opts["year"]}
        if opts["province"]:
            params["province"] = opts["province"]
        if opts["district"]:
            params["district"] = opts["district"]
        if opts["map"]:
            params["map"] = opts["map"]
        try:
            if opts["country"] or opts["region"]:
                self._territory(opts)
                return
            if opts["what"] == "appendix":
                self._appendix(params, opts)
            elif opts["what"] == "figures":
                self._figures(params)
            else:
                self._report(params, opts)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def _appendix(self, params: dict[str, Any], opts: dict[str, Any]) -> None:
        from ntm.reports.selectors import appendix_table
        from ntm.reports.services import job_unit

        self._table_write(appendix_table(unit=job_unit(params), year=params["year"]), opts)

    def _table_write(self, table: Any, opts: dict[str, Any]) -> None:
        from ntm.reports.renderers.csv import appendix_csv
        from ntm.reports.renderers.xlsx import appendix_xlsx

        if opts["format"] == "csv":
            text = appendix_csv(table)
            if opts["output"]:
                Path(opts["output"]).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        if not opts["output"]:
            raise CommandError("Biểu Excel cần tệp kết quả: -o TỆP.xlsx")
        Path(opts["output"]).write_bytes(appendix_xlsx(table))

    def _territory(self, opts: dict[str, Any]) -> None:
        """The country's or a region's appendix or figures (the central level's views)."""
        from ntm.analytics.selectors import COUNTRY_CODE, territory_get
        from ntm.reports.narrative import figure_paragraphs
        from ntm.reports.selectors import territory_report_data

        if opts["province"] or opts["district"] or opts["map"]:
            raise CommandError("--country, --region không đi cùng --province, --district, --map.")
        if opts["what"] not in ("appendix", "figures"):
            raise CommandError(
                "Cả nước và các vùng có biểu chi tiết và số liệu (appendix, figures)."
            )
        territory = territory_get(code=COUNTRY_CODE if opts["country"] else opts["region"])
        data = territory_report_data(territory=territory, year=opts["year"])
        if opts["what"] == "figures":
            for p in figure_paragraphs(data):
                self.stdout.write(p.text)
            return
        self._table_write(data.appendix, opts)

    def _report(self, params: dict[str, Any], opts: dict[str, Any]) -> None:
        from ntm.reports.models import Job
        from ntm.reports.services import report_job_start

        if not opts["output"]:
            raise CommandError("Cần tệp kết quả: -o TỆP")
        params.update(number=opts["number"], date=opts["date"], charts=not opts["no_charts"])

        def echo(percent: int, message: str) -> None:
            sys.stderr.write(f"[{percent:3d}%] {message}\n")

        job = report_job_start(
            kind=f"report_{opts['what']}", params=params, background=False, echo=echo
        )
        if job.status != Job.Status.DONE:
            raise CommandError(job.messages[-1]["text"])
        with job.result.open("rb") as fh:
            Path(opts["output"]).write_bytes(fh.read())
        self.stdout.write(f"Đã ghi {opts['output']}")

    def _figures(self, params: dict[str, Any]) -> None:
        """The paragraphs the report writes from the figures, from the report's one read."""
        from ntm.reports.narrative import figure_paragraphs
        from ntm.reports.selectors import report_data
        from ntm.reports.services import job_unit

        data = report_data(unit=job_unit(params), year=params["year"])
        for p in figure_paragraphs(data):
            self.stdout.write(p.text)
