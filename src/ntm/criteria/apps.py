from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "ntm.criteria"
    verbose_name = "Bộ tiêu chí"
