from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "ntm.analytics"
    verbose_name = "Phân tích"
