"""The pure modules stay framework-free (docs/architecture.md).

The rules core (``ntm.evaluation``), the maths of the figures
(``analytics.metrics``), the catalogue of appendix rows (``plans.rows``) and
the report's data types, narrative, charts, document model and builder and
renderers import nothing from Django, neither directly nor through another
ntm module: they take prepared data and can be used (and tested) without
Django settings.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ntm
import ntm.evaluation

SRC = Path(ntm.__file__).resolve().parent.parent
CORE = Path(ntm.evaluation.__file__).parent

#: The pure modules, and the only ntm modules they may import.
PURE = (
    "ntm.evaluation.engine",
    "ntm.evaluation.model",
    "ntm.evaluation.numbers",
    "ntm.evaluation.checks",
    "ntm.evaluation.district",
    "ntm.analytics.metrics",
    "ntm.plans.rows",
    "ntm.ocop.rules",
    "ntm.maps.geometry",
    "ntm.maps.drawing",
    "ntm.units.names",
    "ntm.core.charts",
    "ntm.core.params",
    "ntm.core.exports",
    "ntm.reports.names",
    "ntm.reports.appendix",
    "ntm.reports.data",
    "ntm.reports.issuing",
    "ntm.reports.references",
    "ntm.reports.document",
    "ntm.reports.narrative",
    "ntm.reports.narrative_resources",
    "ntm.resources.sources",
    "ntm.resources.rules",
    "ntm.reports.narrative_activities",
    "ntm.reports.narrative_targets",
    "ntm.reports.charts",
    "ntm.reports.annual",
    "ntm.reports.renderers.csv",
    "ntm.reports.renderers.docx",
    "ntm.reports.renderers.xlsx",
    "ntm.quality.reconcile",
    "ntm.quality.gaps",
    "ntm.evaluation.quality_rules",
    "ntm.quality.text",
    "ntm.interchange.dhis2",
    "ntm.opendata.data",
    "ntm.opendata.renderers",
)


def _path(module: str) -> Path | None:
    base = SRC.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _ntm_imports(module: str) -> set[str]:
    """The ntm modules ``module`` imports, including the packages run on the way (their __init__)."""
    path = _path(module)
    assert path is not None, module
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            targets = [base]
            # "from ntm.reports import charts" imports the module ntm.reports.charts.
            targets += [f"{base}.{a.name}" for a in node.names if _path(f"{base}.{a.name}")]
        for name in targets:
            if name.split(".")[0] != "ntm":
                continue
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                if _path(".".join(parts[:i])) is not None:
                    found.add(".".join(parts[:i]))
    return found


def _packages(module: str) -> list[str]:
    """The packages Python runs before ``module``: "ntm", "ntm.reports", …"""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _closure(module: str) -> set[str]:
    """Every ntm module importing ``module`` runs, itself included."""
    seen: set[str] = set()
    todo = _packages(module) + [module]
    while todo:
        name = todo.pop()
        if name in seen or _path(name) is None:
            continue
        seen.add(name)
        todo.extend(_ntm_imports(name))
    return seen


def test_rules_core_imports_nothing_from_django():
    offenders = {
        str(path.relative_to(CORE)): sorted(
            n for n in _imports(path) if n.split(".")[0] == "django"
        )
        for path in CORE.rglob("*.py")
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_rules_core_imports_only_itself_and_the_standard_library():
    allowed_ntm = "ntm.evaluation"
    for path in CORE.rglob("*.py"):
        for name in _imports(path):
            if name.startswith("ntm"):
                assert name.startswith(allowed_ntm), f"{path.name} imports {name}"


def test_every_module_of_the_rules_core_is_listed_as_pure():
    modules = {"ntm.evaluation." + p.stem for p in CORE.glob("*.py") if p.name != "__init__.py"}
    assert modules <= set(PURE)


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_imports_nothing_from_django_even_through_ntm(module):
    offenders = {
        name: sorted(n for n in _imports(_path(name)) if n.split(".")[0] == "django")
        for name in _closure(module)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_imports_only_pure_ntm_modules(module):
    allowed = set(PURE) | {p for m in PURE for p in _packages(m)}
    impure = _closure(module) - allowed
    assert impure == set(), f"{module} imports {sorted(impure)}"


def test_the_pure_modules_import_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys\n"
        f"for name in {list(PURE)!r}:\n"
        "    __import__(name)\n"
        "django = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not django, django\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
