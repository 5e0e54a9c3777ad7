from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "ntm.assessments"
    verbose_name = "Đánh giá xã"
