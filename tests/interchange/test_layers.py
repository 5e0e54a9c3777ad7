"""The importer's layout: pure modules stay pure, the pages hold no queries and no transactions."""

import ast
from pathlib import Path

import pytest

import ntm.interchange

PACKAGE = Path(ntm.interchange.__file__).parent

#: What a file contains and what is read of it: plain Python, testable without Django.
PURE = ["errors.py", "formats.py", "records.py", "summary.py", "tables.py", "workbook.py"]


def _tree(name: str) -> ast.Module:
    return ast.parse((PACKAGE / name).read_text(encoding="utf-8"))


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("name", PURE)
def test_a_pure_module_imports_no_django_and_no_database_layer(name):
    imported = _imports(_tree(name))
    assert not {n for n in imported if n.split(".")[0] == "django"}
    assert not {n for n in imported if n.endswith((".models", ".selectors", ".services"))}
    allowed = ("ntm.interchange", "ntm.evaluation", "ntm.core.errors")
    assert all(n.startswith(allowed) for n in imported if n.startswith("ntm"))


def test_the_import_pages_hold_no_queries_and_no_transactions():
    tree = _tree("views.py")
    imported = _imports(tree)
    assert "django.db" not in imported
    assert not {n for n in imported if n.endswith(".models")}
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert not attributes & {"objects", "atomic", "filter", "values_list"}
