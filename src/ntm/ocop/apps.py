from django.apps import AppConfig


class OcopConfig(AppConfig):
    name = "ntm.ocop"
    verbose_name = "OCOP (Mỗi xã một sản phẩm)"

    def ready(self) -> None:
        # Registers the rating level's rule with accounts.services.ensure_can.
        from ntm.ocop import services  # noqa: F401
