"""The README documents every command and option of the CLI (as sqlite-utils' test_docs does)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from generator.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    return sorted(cli.commands.items())


@pytest.mark.parametrize(("name", "command"), _commands())
def test_every_command_is_in_the_readme_with_help(name: str, command: click.Command) -> None:
    assert f"gongkai {name}" in README, f"README does not show `gongkai {name}`"
    assert command.help, f"`gongkai {name}` has no help text"


@pytest.mark.parametrize(
    ("name", "option"),
    [
        (name, option)
        for name, command in _commands()
        for parameter in command.params
        if isinstance(parameter, click.Option)
        for option in parameter.opts
        if option.startswith("--")
    ]
    + [("", option) for parameter in cli.params for option in parameter.opts if option.startswith("--")],
)
def test_every_option_is_in_the_readme(name: str, option: str) -> None:
    assert option in README, f"README does not mention {option} of `gongkai {name}`".replace("  ", " ")
