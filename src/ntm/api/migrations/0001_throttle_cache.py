"""The table of the ``api`` cache (DatabaseCache), where the throttles count requests.

Made by ``migrate`` so that a deployment needs no ``createcachetable`` step;
the same table ``createcachetable`` would make (its command makes it here).
"""

from typing import Any

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "ntm_api_throttle"  # ntm.api.throttles.CACHE_TABLE, as it was when this was written


def create(apps: Any, schema_editor: Any) -> None:
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, False)


def drop(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []
    operations = [migrations.RunPython(create, drop)]
