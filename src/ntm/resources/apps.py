from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "ntm.resources"
    verbose_name = "Nguồn lực (vốn, hỗ trợ xã)"
