"""A province's way of publishing (``generator/data/profiles/``): which standard tables, in which order."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

import yaml


@dataclass(frozen=True)
class Wording:
    """How a province's workbooks word what the standard export words otherwise.

    ``titles``: table key → titles printed for it; ``headers``: header text as printed → the standard
    text it stands for. Both are compared after brackets, spaces and widths are folded.
    """

    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    """A province's way of publishing: which standard tables, in which order, under which titles."""

    key: str
    name: str
    table_set: str  # the set of tables its workbooks hold: "mof9", "sichuan13"
    tables: list[str]
    titles: dict[str, str]
    wording: Wording = field(default_factory=Wording)


def _directory() -> Traversable:
    return resources.files("generator").joinpath("data", "profiles")


@cache
def load_profile(key: str) -> Profile:
    raw = yaml.safe_load(_directory().joinpath(f"{key}.yaml").read_text("utf-8"))
    wording = raw.get("wording") or {}
    return Profile(
        key=key,
        name=raw["name"],
        table_set=raw["table_set"],
        tables=list(raw["tables"]),
        titles=dict(raw.get("titles") or {}),
        wording=Wording(
            titles={table: tuple(titles) for table, titles in (wording.get("titles") or {}).items()},
            headers=dict(wording.get("headers") or {}),
        ),
    )


@cache
def all_profiles() -> tuple[Profile, ...]:
    """Every profile the package ships, by key."""
    names = [entry.name for entry in _directory().iterdir()]
    keys = sorted(name.removesuffix(".yaml") for name in names if name.endswith(".yaml"))
    return tuple(load_profile(key) for key in keys)
