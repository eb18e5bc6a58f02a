"""The command speaks Chinese throughout: click's own help texts and usage errors included.

Staff set-up: `make site` installs the build's dependencies only, `make test` the test extras; the hint
at the end of `gongkai new` names a command that runs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import REPO

from generator import cli

# What click prints by itself, in English, unless told otherwise.
CLICK_WORDS = re.compile(
    r"Usage|Options|Commands|Arguments|Show this message|default|required|"
    r"\b(?:INTEGER|TEXT|FILE|DIRECTORY|PATH|FLOAT|BOOLEAN|CHOICE)\b|Error|Try '|No such|Missing|Invalid"
)
COMMANDS = sorted(cli.cli.commands)


def invoke(*args: str) -> str:
    result = CliRunner(env={"COLUMNS": "100"}).invoke(cli.cli, list(args), prog_name="gongkai")
    return result.output


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_has_no_english_of_clicks(command: str | None) -> None:
    text = invoke(*([command] if command else []), "--help")
    assert "用法：" in text and "选项：" in text
    assert not CLICK_WORDS.search(text), CLICK_WORDS.findall(text)


def test_the_group_lists_its_commands_in_chinese() -> None:
    text = invoke("--help")
    assert "命令：" in text
    assert all(command in text for command in COMMANDS)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--bogus"],
        ["template", "--year", "二〇二三"],
        ["template", "--set", "hunan"],
        ["new"],
        ["nosuchcommand"],
    ],
)
def test_usage_errors_are_chinese(args: list[str]) -> None:
    result = CliRunner().invoke(cli.cli, args, prog_name="gongkai")
    assert result.exit_code == 2
    assert not CLICK_WORDS.search(result.output), result.output
    assert "gongkai" in result.output and "--help" in result.output


def test_every_command_of_the_package_is_a_chinese_command() -> None:
    """New commands get the Chinese help too: they are made with the group's own command class."""
    for command in cli.cli.commands.values():
        assert isinstance(command, click.Command)
        assert type(command).__module__ != "click.core", command.name


def test_make_site_installs_the_build_dependencies_only(tmp_path: Path) -> None:
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")

    def planned(target: str) -> str:
        return subprocess.run(
            ["make", "-n", target], cwd=tmp_path, capture_output=True, text=True, check=True
        ).stdout

    site = planned("site")
    assert re.search(r"pip install (-e )?'?\.'?(\s|$)", site), site
    assert "[test]" not in site
    test = planned("test")
    assert ".[test]" in test


@pytest.mark.skipif(sys.platform == "win32", reason="the console script's path is checked on Linux")
def test_new_ends_with_a_command_that_runs(tmp_path: Path) -> None:
    shutil.copytree(REPO / "data", tmp_path / "data")
    script = Path(sys.executable).parent / "gongkai"
    # gongkai is not on PATH, as for a clerk who made the virtualenv and did not activate it
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    made = subprocess.run(
        [str(script), "new", "2024", "qu-xian-shang-wu-ju", "--from", "2023", "-p", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    hint = next(line for line in made.stdout.splitlines() if "运行" in line and " check " in line)
    command = re.search(r"运行 (\S+) check", hint)
    assert command, hint
    ran = subprocess.run(
        [command[1], "--help"], cwd=tmp_path, capture_output=True, text=True, env=env, shell=False
    )
    assert ran.returncode == 0, hint


def test_help_shows_the_staff_pages() -> None:
    """操作指南 and 检查规则一览 ship with the tool, the public site does not carry them."""
    listed = invoke("help")
    assert "help guide" in listed and "help checks" in listed and "操作指南" in listed
    checks = invoke("help", "checks")
    assert "检查规则一览" in checks and "T1-a" in checks
    assert "{#" not in checks  # the site's heading ids are left out in the terminal
