"""A province's way of publishing (``generator/data/profiles/``): which standard tables, in which order."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Profile:
    """A province's way of publishing: which standard tables, in which order, under which titles."""

    key: str
    name: str
    tables: list[str]
    titles: dict[str, str]


@cache
def load_profile(key: str) -> Profile:
    text = resources.files("generator").joinpath("data", "profiles", f"{key}.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    return Profile(
        key=key, name=raw["name"], tables=list(raw["tables"]), titles=dict(raw.get("titles") or {})
    )
