from tests.analytics.conftest import campaign_opened, small_province  # noqa: F401  (shared fixtures)
