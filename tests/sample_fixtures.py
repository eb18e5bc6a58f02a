"""The sample project (the repository's own data/ and templates/) rendered once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import check_project, has_errors
from generator.load import load_project
from generator.render import render_site

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = load_project(REPO)
    findings = check_project(project)
    assert not has_errors(findings), [f.message for f in findings]
    docs = tmp_path_factory.mktemp("docs")
    render_site(project, docs)
    return docs
