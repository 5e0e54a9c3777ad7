from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "ntm.quality"
    verbose_name = "Đối chiếu số liệu"
