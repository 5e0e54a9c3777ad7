"""The rules core stays framework-free (docs/architecture.md)."""

import ast
from pathlib import Path

import ntm.evaluation

CORE = Path(ntm.evaluation.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


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
