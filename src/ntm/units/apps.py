from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "ntm.units"
    verbose_name = "Đơn vị hành chính"
