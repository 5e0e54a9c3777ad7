"""The demo set: a province's units, the criteria sets and the demo data files in ``data/demo/``.

What the demo contains is described by ``data/demo/manifest.yaml``; nothing of
it is written in code.
"""

from collections.abc import Iterator
from pathlib import Path

import yaml

from ntm.criteria.services import criteria_files, criteria_set_load
from ntm.units.services import units_load

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def demo_manifest() -> dict:
    return yaml.safe_load((DEMO_DIR / "manifest.yaml").read_text(encoding="utf-8"))


def demo_load() -> Iterator[str]:
    """Load the demo idempotently, yielding one line per step."""
    manifest = demo_manifest()
    summary = units_load(list_name="2019", province_code=str(manifest["province_code"]))
    yield f"Đơn vị hành chính: tạo mới {summary.created}, giữ nguyên {summary.kept}."
    for path in criteria_files():
        cset = criteria_set_load(path=path)
        yield f"Bộ tiêu chí {cset.code}: {cset.criteria.count()} tiêu chí."
