"""Golden test: the generated Markdown of the sample and of the example projects equals the committed
expected trees (tests/golden/sample/, tests/golden/sui-ning/, tests/golden/le-chang/, tests/golden/hebei/).

A change to templates, derive or the sample data shows up here as a readable diff. After
checking the diff, refresh the expected trees with ``make golden``.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"


def _markdown_files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))}


@pytest.mark.parametrize(
    ("docs", "name"),
    [
        ("sample_docs", "sample"),
        ("example_docs", "sui-ning"),
        ("le_chang_docs", "le-chang"),
        ("hebei_docs", "hebei"),
    ],
)
def test_generated_markdown_matches_golden(docs: str, name: str, request: pytest.FixtureRequest) -> None:
    generated_root: Path = request.getfixturevalue(docs)
    expected_root = GOLDEN / name
    if os.environ.get("GONGKAI_UPDATE_GOLDEN"):
        shutil.rmtree(expected_root, ignore_errors=True)
        for page, text in _markdown_files(generated_root).items():
            target = expected_root / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    generated = _markdown_files(generated_root)
    expected = _markdown_files(expected_root)
    assert sorted(generated) == sorted(expected), "the set of generated pages changed"
    diffs = []
    for page, text in expected.items():
        if generated[page] != text:
            diffs.extend(
                difflib.unified_diff(text.splitlines(), generated[page].splitlines(), page, page, lineterm="")
            )
    assert not diffs, "\n".join(diffs[:200])
