from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "ntm.opendata"
    verbose_name = "Dữ liệu mở"
