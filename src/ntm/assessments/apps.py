from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "ntm.assessments"
    verbose_name = "Đánh giá xã"

    def ready(self) -> None:
        # Registers the file's workflow rule with accounts.services.ensure_can.
        from ntm.assessments.services import workflow  # noqa: F401
