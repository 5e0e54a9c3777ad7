from tests.analytics.conftest import small_province  # noqa: F401  (shared fixture)
