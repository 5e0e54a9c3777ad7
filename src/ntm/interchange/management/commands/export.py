"""``ntm export``: a province's statuses, values and targets in the interchange formats."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet
from ntm.interchange.formats import ALL_KINDS, KINDS
from ntm.interchange.services import province_export


class Command(BaseCommand):
    help = (
        "Xuất trạng thái tiêu chí, giá trị chỉ tiêu và chỉ tiêu kế hoạch của một tỉnh theo các năm, "
        "đúng định dạng mà ntm import nhận."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="mã tỉnh, ví dụ 4")
        parser.add_argument(
            "--years", required=True, nargs="+", type=int, help="các năm, ví dụ 2018 2019"
        )
        parser.add_argument(
            "--kind",
            nargs="+",
            choices=ALL_KINDS,
            default=None,
            help=(
                "loại tệp: statuses (trạng thái tiêu chí), values (giá trị chỉ tiêu), "
                "targets (kế hoạch), ocop (sản phẩm OCOP; chỉ xuất khi được chọn), "
                "funds (nguồn vốn), support (hỗ trợ xã), "
                "courses (lớp tập huấn), events (sự kiện), value_chains (chuỗi giá trị), "
                "directives (văn bản chỉ đạo) — các loại hoạt động chỉ xuất khi được chọn"
            ),
        )
        parser.add_argument(
            "--set-kind",
            nargs="+",
            choices=CriteriaSet.SetKind.values,
            default=None,
            help=(
                "loại bộ tiêu chí của hồ sơ xuất (trạng thái, giá trị): standard (đạt chuẩn, "
                "mặc định), advanced (nâng cao), model (kiểu mẫu), modern (hiện đại); dòng của "
                "hồ sơ không phải đạt chuẩn ghi mã bộ tiêu chí ở cột criteria_set"
            ),
        )
        parser.add_argument(
            "--villages",
            action="store_true",
            help="xuất trạng thái tiêu chí của hồ sơ thôn (year,village_code,criterion,met)",
        )
        parser.add_argument(
            "--format", choices=["csv", "xlsx"], default=None, help="csv (mặc định) hoặc xlsx"
        )
        parser.add_argument(
            "--bom", action="store_true", help="ghi BOM UTF-8 (để Excel mở đúng tiếng Việt)"
        )
        parser.add_argument(
            "-o",
            "--output",
            default=".",
            help="thư mục (mặc định: thư mục hiện tại), một tệp .csv/.xlsx khi xuất một loại, hoặc - (màn hình)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        output = opts["output"]
        single = output == "-" or output.lower().endswith((".csv", ".xlsx"))
        kinds = opts["kind"] or (["statuses"] if opts["villages"] else list(KINDS))
        if single and len(kinds) != 1:
            raise CommandError(
                "Ghi ra một tệp thì chọn đúng một loại (--kind statuses|values|targets|ocop|funds|"
                "support|courses|events|value_chains|directives)."
            )
        file_format = opts["format"] or ("xlsx" if output.lower().endswith(".xlsx") else "csv")
        if output == "-" and file_format != "csv":
            raise CommandError("Chỉ in ra màn hình được định dạng csv.")
        try:
            files = province_export(
                province_code=opts["province"],
                years=opts["years"],
                kinds=kinds,
                file_format=file_format,
                bom=opts["bom"],
                set_kinds=opts["set_kind"],
                villages=opts["villages"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if single:
            exported = files[0]
            if output == "-":
                sys.stdout.flush()
                self.stdout.write(exported.data.decode("utf-8-sig"), ending="")
                return
            Path(output).write_bytes(exported.data)
            self.stderr.write(f"{output}: {exported.rows} dòng.")
            return
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        for exported in files:
            if not exported.rows:
                self.stdout.write(f"{exported.kind}: không có số liệu, không ghi tệp.")
                continue
            path = folder / exported.filename
            path.write_bytes(exported.data)
            self.stdout.write(f"{path}: {exported.rows} dòng.")
