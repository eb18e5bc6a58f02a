"""The 操作指南 (generator/help/guide.md) works as written: its commands, in its order, on a copy of the
sample, with the clerk's work (the workbook, the answers in department.yaml) done where the guide says."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from cycle_support import FOLDER, REPO, answer_department_yaml, copy_of_the_sample, save_workbook
from openpyxl import load_workbook

from generator import cli

GUIDE = REPO / "generator" / "help" / "guide.md"
COMMAND = re.compile(r"^\.venv/bin/gongkai (.+)$", re.MULTILINE)


def guide_commands() -> list[list[str]]:
    """The gongkai commands of the guide's shell blocks, in order."""
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    return [shlex.split(command) for block in blocks for command in COMMAND.findall(block)]


def test_the_guide_shows_its_images_and_sums_up_its_commands() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for image in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", text):
        assert (GUIDE.parent / image).is_file(), image
    commands = [" ".join(command) for command in guide_commands()]
    assert [command.split()[0] for command in commands] == [
        "new",
        "template",
        "check",
        "diff",
        "serve",
        "build",
    ]
    overview = text.split("## 第一步")[0]
    for command in commands:
        if not command.startswith("template"):  # a second blank workbook is no step of the routine
            assert f"`.venv/bin/gongkai {command}`" in overview, command


def test_the_september_routine_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_of_the_sample(tmp_path / "project")
    monkeypatch.chdir(root)
    runner = CliRunner(env={"COLUMNS": "200"})
    for command in guide_commands():
        if command[0] == "serve":
            continue  # a server the clerk stops with Ctrl+C: the browser test drives it
        if command[0] == "check":
            save_workbook(root, tmp_path)  # 第三步: the workbook is filled in
        if command[0] == "build":
            answer_department_yaml(root)  # 第六步: department.yaml is filled in
        result = runner.invoke(cli.cli, command)
        if command[0] == "check":  # 第四步: lists what is still missing
            assert result.exit_code == 1
            assert "reasons.total" in result.output and "sangong.reception.domestic.batches" in result.output
        elif command[0] == "diff":
            assert result.exit_code == 0 and "未填写（reasons.total）" in result.output
        else:
            assert result.exit_code == 0, (command, result.output)
    assert load_workbook(root / "空白报表.xlsx")["公开02表"]["A1"].value == "收入决算表"
    assert (root / "site" / FOLDER.removeprefix("data/") / "shuoming" / "index.html").is_file()
    assert not (root / "site" / "jiaoyan").exists()
    assert not (root / "site" / "help" / "guide").exists()  # the staff guide ships with the tool only
