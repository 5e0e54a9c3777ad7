"""``ntm dhis2 export|import|mapping``: DHIS2 dataValueSets JSON and ADX XML (docs/dhis2.md)."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from ntm.core.errors import ApplicationError
from ntm.interchange.dhis2 import FORMATS, JSON, Mapping
from ntm.interchange.errors import ImportRefused
from ntm.interchange.records import Source
from ntm.interchange.services import dhis2_export, dhis2_import, dhis2_mapping, dhis2_mapping_read


class Command(BaseCommand):
    help = (
        "Trao đổi với DHIS2: xuất, nhập trạng thái tiêu chí và giá trị chỉ tiêu dạng dataValueSets "
        "JSON hoặc ADX XML (mã làm định danh), và lập tệp ánh xạ mã."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="xuất số liệu của một tỉnh, một năm")
        export.add_argument("--province", required=True, help="mã tỉnh, ví dụ 4")
        export.add_argument("--year", required=True, type=int, help="năm, ví dụ 2019")
        export.add_argument(
            "--format", choices=FORMATS, default=JSON, help="json (mặc định) hoặc adx"
        )
        export.add_argument("--mapping", type=Path, help="tệp ánh xạ mã (kind,ntm_code,dhis2_code)")
        export.add_argument("--data-set", default=None, help="mã bộ dữ liệu (dataSet) DHIS2")
        export.add_argument("-o", "--output", default="-", help="tệp ghi ra (mặc định: màn hình)")
        load = sub.add_parser("import", help="nhập một tệp DHIS2, tất cả hoặc không gì")
        load.add_argument("file", type=Path, help="tệp .json hoặc .xml")
        load.add_argument("--mapping", type=Path, help="tệp ánh xạ mã (kind,ntm_code,dhis2_code)")
        load.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra, không ghi vào cơ sở dữ liệu"
        )
        load.add_argument("--reason", default="", help="lý do ghi vào nhật ký thay đổi")
        mapping = sub.add_parser("mapping", help="lập tệp ánh xạ mã của một tỉnh, một năm")
        mapping.add_argument("--province", required=True, help="mã tỉnh, ví dụ 4")
        mapping.add_argument("--year", required=True, type=int, help="năm, ví dụ 2019")
        mapping.add_argument("-o", "--output", default="-", help="tệp ghi ra (mặc định: màn hình)")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            if opts["action"] == "export":
                exported = dhis2_export(
                    province_code=opts["province"],
                    year=opts["year"],
                    file_format=opts["format"],
                    mapping=self._mapping(opts["mapping"]),
                    data_set=opts["data_set"],
                )
                self._write(opts["output"], exported.data, f"{exported.rows} giá trị")
            elif opts["action"] == "mapping":
                data = dhis2_mapping(province_code=opts["province"], year=opts["year"])
                codes = len(data.splitlines()) - 1
                self._write(opts["output"], data, f"{codes} mã")
            else:
                path: Path = opts["file"]
                try:
                    source = Source.from_path(path)
                except OSError as exc:
                    raise CommandError(f"{path}: không mở được tệp ({exc.strerror})") from exc
                summary = dhis2_import(
                    source=source,
                    mapping=self._mapping(opts["mapping"]),
                    dry_run=opts["dry_run"],
                    reason=opts["reason"],
                )
                for line in summary.lines():
                    self.stdout.write(line)
        except ImportRefused as exc:
            raise CommandError("\n".join([*exc.lines(), exc.message])) from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except DatabaseError as exc:
            raise CommandError(f"Lỗi cơ sở dữ liệu (đã chạy ntm migrate chưa?): {exc}") from exc

    def _mapping(self, path: Path | None) -> Mapping | None:
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: không mở được tệp ({exc.strerror})") from exc
        return dhis2_mapping_read(data=data, name=path.name)

    def _write(self, output: str, data: bytes, what: str) -> None:
        if output == "-":
            sys.stdout.flush()
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        Path(output).write_bytes(data)
        self.stderr.write(f"{output}: {what}.")
