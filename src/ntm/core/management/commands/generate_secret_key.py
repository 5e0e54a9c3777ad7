"""``ntm generate_secret_key``: a new random secret key for ``NTM_SECRET_KEY`` (docs/deploy.md)."""

import secrets
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "In ra một khoá bí mật ngẫu nhiên mới để đặt vào NTM_SECRET_KEY của máy chủ."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write(secrets.token_urlsafe(64))
