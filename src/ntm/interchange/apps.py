from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "ntm.interchange"
    verbose_name = "Trao đổi dữ liệu"
