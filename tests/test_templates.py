"""A project's copies of the templates against the shipped ones: found out of date, told, refreshed.

The old versions are real: taken from the repository's history with git (the tests skip without it).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import cli
from generator.check import check_project
from generator.load import load_project
from generator.readers.templates import RECORD, SHIPPED, State, blob_id, copies, template_findings
from generator.tools.templates import BACKUP_DIR, update_templates

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / "generator" / "data" / "template_versions.yaml"
PREFIX = "templates/"


def _git(*args: str) -> str:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs the repository's git history")
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout


def history() -> dict[str, set[str]]:
    """Every version of each template the repository has committed (git blob ids), by its name then."""
    versions: dict[str, set[str]] = {}
    log = _git("log", "--raw", "--no-abbrev", "--format=", "--", PREFIX)
    for line in log.splitlines():
        meta, *paths = line.split("\t")
        fields = meta.split()
        if line.startswith(":") and paths[-1].startswith(PREFIX) and fields[3] != "0" * 40:
            versions.setdefault(paths[-1].removeprefix(PREFIX), set()).add(fields[3])
    return versions


def test_every_committed_version_of_a_template_is_known() -> None:
    known = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    missing = {name: sorted(ids - set(known.get(name, []))) for name, ids in history().items()}
    missing = {name: ids for name, ids in missing.items() if ids}
    assert not missing, f"add to {MANIFEST.name} (a changed template's versions):\n" + yaml.safe_dump(missing)


def test_every_shipped_template_is_in_the_manifest_as_it_is_now() -> None:
    known = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    for path in SHIPPED.rglob("*"):
        if path.is_file():
            name = path.relative_to(SHIPPED).as_posix()
            found = blob_id(path.read_bytes())
            assert found in known.get(name, []), f"{name} changed: add its id {found} to {MANIFEST.name}"


def _earlier(name: str) -> bytes:
    """The version of a shipped template before its last change."""
    current = blob_id((SHIPPED / name).read_bytes())
    old = sorted(history()[name] - {current})
    if not old:
        pytest.skip(f"{name} has only one version")
    return _git("cat-file", "blob", old[-1]).encode()  # any earlier one will do


@pytest.fixture
def project(tmp_path: Path, make_project: Callable[[Path], Path]) -> Path:
    return make_project(tmp_path / "project")


def test_a_copy_of_the_shipped_templates_is_current_and_the_sample_is_not_examined(project: Path) -> None:
    assert {copy.state for copy in copies(project)} == {State.CURRENT}
    assert template_findings(project) == []
    assert copies(REPO) == []  # its templates/ is the shipped folder


def test_old_missing_and_edited_copies_are_each_told_in_chinese(project: Path) -> None:
    templates = project / "templates"
    (templates / "table.md.j2").write_bytes(
        _earlier("table.md.j2").replace(b"\n", b"\r\n")
    )  # saved on Windows
    (templates / "_table.html.j2").unlink()
    (templates / "mingci.md.j2").write_text("{# 我改的 #}\n", encoding="utf-8")
    states = {copy.name: copy.state for copy in copies(project)}
    assert states["table.md.j2"] is State.OLD
    assert states["_table.html.j2"] is State.MISSING
    assert states["mingci.md.j2"] is State.EDITED_OLD
    findings = {
        f.source.file: f for f in check_project(load_project(project)) if f.rule.startswith("templates.")
    }
    assert sorted(findings) == ["templates/_table.html.j2", "templates/mingci.md.j2", "templates/table.md.j2"]
    assert all(f.severity == "警告" and "gongkai update-templates" in f.message for f in findings.values())
    assert "旧版本" in findings["templates/table.md.j2"].message
    assert "不存在" in findings["templates/_table.html.j2"].message
    assert "改动过" in findings["templates/mingci.md.j2"].message


def test_update_refreshes_untouched_copies_and_keeps_an_edited_one_with_its_difference(project: Path) -> None:
    templates = project / "templates"
    (templates / "table.md.j2").write_bytes(_earlier("table.md.j2"))
    (templates / "overrides" / "partials" / "nav.html").unlink()
    (templates / "mingci.md.j2").write_text("{# 我改的 #}\n", encoding="utf-8")
    (templates / "mine.md.j2").write_text("我自己的模板\n", encoding="utf-8")

    planned = update_templates(project, dry_run=True)
    assert (planned.replaced, planned.added, planned.backed_up) == (
        ["table.md.j2"],
        ["overrides/partials/nav.html"],
        ["mingci.md.j2"],
    )
    assert not (templates / RECORD).exists() and not (project / BACKUP_DIR).exists()

    done = update_templates(project)
    assert done.backup is not None and done.backup.parent == project / BACKUP_DIR
    for name in ("table.md.j2", "overrides/partials/nav.html", "mingci.md.j2"):
        assert (templates / name).read_bytes() == (SHIPPED / name).read_bytes()
    assert (done.backup / "mingci.md.j2").read_text(encoding="utf-8") == "{# 我改的 #}\n"
    difference = (done.backup / "mingci.md.j2.diff").read_text(encoding="utf-8")
    assert "-{# 我改的 #}" in difference and "+++ 新版本/mingci.md.j2" in difference
    assert (templates / "mine.md.j2").read_text(encoding="utf-8") == "我自己的模板\n"  # not gongkai's
    assert template_findings(project) == []

    # the clerk carries the edit over onto the new version: an edit of the current version is in order
    (templates / "mingci.md.j2").write_text(
        (SHIPPED / "mingci.md.j2").read_text(encoding="utf-8") + "{# 我改的 #}\n", encoding="utf-8"
    )
    assert {c.name: c.state for c in copies(project)}["mingci.md.j2"] is State.EDITED
    assert template_findings(project) == []
    assert update_templates(project).kept == ["mingci.md.j2"]
    assert (templates / "mingci.md.j2").read_text(encoding="utf-8").endswith("{# 我改的 #}\n")


def test_the_command_says_what_it_did_in_chinese(project: Path) -> None:
    (project / "templates" / "table.md.j2").write_bytes(_earlier("table.md.j2"))
    runner = CliRunner(env={"COLUMNS": "240"})
    planned = runner.invoke(cli.cli, ["update-templates", str(project), "--dry-run"])
    assert planned.exit_code == 0, planned.output
    assert "templates/table.md.j2" in planned.output and "未改动" in planned.output
    assert any(c.state is State.OLD for c in copies(project))  # a dry run changes nothing
    done = runner.invoke(cli.cli, ["update-templates", str(project)])
    assert done.exit_code == 0, done.output
    assert "已更新" in done.output and "templates/table.md.j2" in done.output
    again = runner.invoke(cli.cli, ["update-templates", str(project)])
    assert "都是最新的" in again.output
    mistyped = runner.invoke(cli.cli, ["update-templates", str(project / "nowhere")])
    assert mistyped.exit_code == 1 and "不是 gongkai 的项目文件夹" in mistyped.output
    assert not (project / "nowhere").exists()
