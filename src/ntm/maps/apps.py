from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "ntm.maps"
    verbose_name = "Bản đồ ranh giới"
