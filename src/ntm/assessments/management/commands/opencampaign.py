"""``ntm opencampaign``: open a province's assessment year (mở đợt đánh giá)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.assessments.services.campaign import Deadlines, campaign_open
from ntm.core.errors import ApplicationError
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_by_code


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {text} (dạng YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = (
        "Mở đợt đánh giá một năm cho một tỉnh: tạo hồ sơ dự thảo cho mọi xã chưa có, "
        "chuyển số liệu năm trước sang, đặt thời hạn từng cấp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="mã tỉnh, ví dụ 04")
        parser.add_argument("--year", required=True, type=int, help="năm đánh giá")
        parser.add_argument(
            "--user",
            help="mở thay cho tài khoản này (cán bộ tỉnh hoặc trung ương); "
            "bỏ trống: lệnh hệ thống, ghi vào nhật ký không có người",
        )
        parser.add_argument("--commune-deadline", help="hạn xã gửi hồ sơ, YYYY-MM-DD")
        parser.add_argument("--district-deadline", help="hạn huyện rà soát, YYYY-MM-DD")
        parser.add_argument("--province-deadline", help="hạn tỉnh thẩm định, YYYY-MM-DD")

    def handle(self, *args: Any, **opts: Any) -> None:
        from django.contrib.auth import get_user_model

        user = None
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"Không có tài khoản {opts['user']}.")
        deadlines = Deadlines(
            **{
                level: _date(opts[f"{level}_deadline"]) if opts[f"{level}_deadline"] else None
                for level in ("commune", "district", "province")
            }
        )
        try:
            province = unit_by_code(
                code=opts["province"], year=opts["year"], level=AdminUnit.Level.PROVINCE
            )
            campaign = campaign_open(
                province=province, year=opts["year"], deadlines=deadlines, user=user
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Đã mở đợt đánh giá năm {campaign.year} của {province}: "
            f"{campaign.files_created} hồ sơ mới, {campaign.files_carried} hồ sơ có "
            f"{campaign.values_carried} giá trị chuyển từ năm {campaign.year - 1}."
        )
