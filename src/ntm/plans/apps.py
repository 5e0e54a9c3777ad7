from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ntm.plans"
    verbose_name = "Kế hoạch, chỉ tiêu"
