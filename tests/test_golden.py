"""Golden test: the sample's generated Markdown equals the committed expected tree.

A change to templates, derive or the sample data shows up here as a readable diff. After
checking the diff, refresh the expected tree with ``make golden``.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

EXPECTED = Path(__file__).resolve().parent / "golden" / "sample"


def _markdown_files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))}


def test_generated_markdown_matches_golden(sample_docs: Path) -> None:
    if os.environ.get("GONGKAI_UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for name, text in _markdown_files(sample_docs).items():
            target = EXPECTED / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    generated = _markdown_files(sample_docs)
    expected = _markdown_files(EXPECTED)
    assert sorted(generated) == sorted(expected), "the set of generated pages changed"
    diffs = []
    for name, text in expected.items():
        if generated[name] != text:
            diffs.extend(
                difflib.unified_diff(text.splitlines(), generated[name].splitlines(), name, name, lineterm="")
            )
    assert not diffs, "\n".join(diffs[:200])
