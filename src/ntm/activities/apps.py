from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "ntm.activities"
    verbose_name = "Hoạt động (tập huấn, sự kiện, chuỗi giá trị, văn bản chỉ đạo)"
