"""Layers point down (docs/architecture.md): an app imports only the apps below it.

Every import counts, at the top of a module or inside a function: a cycle
hidden in a function is still a cycle.
"""

import ast
from pathlib import Path

import ntm

SRC = Path(ntm.__file__).parent

#: Each app and the apps it may import, bottom up.
BELOW: dict[str, set[str]] = {
    "evaluation": set(),
    "core": {"evaluation"},
    "units": {"core", "evaluation"},
    "criteria": {"units", "core", "evaluation"},
    "accounts": {"units", "core", "evaluation"},
    "assessments": {"accounts", "criteria", "units", "core", "evaluation"},
    "plans": {"assessments", "accounts", "criteria", "units", "core", "evaluation"},
    # OCOP's registry: on the units and the officers' roles (and the files whose indicators take
    # their value from it); the figures and files above use it.
    "ocop": {"assessments", "criteria", "accounts", "units", "core", "evaluation"},
    # Boundaries of units (maps): loaded on the units; the dashboard and the report draw them.
    "maps": {"units", "core", "evaluation"},
    "analytics": {
        "maps",
        "ocop",
        "plans",
        "assessments",
        "accounts",
        "criteria",
        "units",
        "core",
        "evaluation",
    },
}
# Resources (funds by source, the support of the units helping communes): on the units and
# the officers' scope; the report (I.7, I.8) and the interchange files read and write them.
BELOW["resources"] = {"accounts", "units", "core", "evaluation"}
# The programme's activities (courses, events, value chains, directives): on the units and
# the officers' roles; the report's part I and the interchange files use them.
BELOW["activities"] = {"accounts", "units", "core", "evaluation"}
BELOW["reports"] = BELOW["analytics"] | {"analytics", "resources", "activities"}
BELOW["interchange"] = BELOW["analytics"] | {"analytics", "resources", "activities"}
# Data quality: a print reconciled with the report's table, read through the importer's readers.
BELOW["quality"] = BELOW["reports"] | {"reports", "interchange"}
# The REST API: on every app whose records and figures it serves (the report's appendix).
BELOW["api"] = BELOW["reports"] | {"reports"}
# The DHIS2 exchange over the API: the interchange's export and import (docs/dhis2.md).
BELOW["api"] |= {"interchange"}
# Open data: a province's published year, read by the dashboard's and the report's selectors.
BELOW["opendata"] = BELOW["reports"] | {"reports"}
BELOW["demo"] = set(BELOW) | {"reports", "interchange"}
TOP = {"config", "manage"}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    apps: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "ntm" and len(parts) > 1:
                apps.add(parts[1])
    return apps


def test_every_app_imports_only_the_apps_below_it():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        app = path.relative_to(SRC).parts[0]
        if app in TOP or app.endswith(".py"):
            continue
        allowed = BELOW[app] | {app}
        for other in sorted(_imported_apps(path) - allowed):
            offenders.append(f"{path.relative_to(SRC)} imports ntm.{other}")
    assert offenders == []


def test_every_app_has_its_place_in_the_layers():
    apps = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps - TOP == set(BELOW)
