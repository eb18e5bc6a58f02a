"""A project's copies of the page templates, against the ones this gongkai ships.

A project carries its own ``templates/`` (copied from the repository's, and a clerk may edit them).
When gongkai's templates change, an older copy in a project would render stale or unsafe pages: a macro it
does not have, a link not escaped. As dpkg does with configuration files, each copy is compared with every
version gongkai has shipped (their git blob ids, ``generator/data/template_versions.yaml``): a copy equal
to an earlier version is untouched and can be replaced; any other copy was edited. An edited copy is in
order when ``templates/versions.yaml`` (written by ``gongkai update-templates``) records that it was
refreshed from the current version; otherwise it was made from an older one and the clerk is told.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from generator.model import Finding, Severity, Source

PACKAGE = Path(__file__).resolve().parent.parent
# The templates this gongkai ships: inside the package in a wheel (pyproject.toml's force-include); in a
# checkout (an editable install too) they are the repository's own project templates/ beside the package.
SHIPPED = next(
    (folder for folder in (PACKAGE / "templates", PACKAGE.parent / "templates") if folder.is_dir()),
    PACKAGE / "templates",
)
RECORD = "versions.yaml"  # in a project's templates/: the shipped version each copy was refreshed from
UPDATE = "gongkai update-templates"


class State(Enum):
    CURRENT = "current"  # the version this gongkai ships
    OLD = "old"  # an untouched copy of an earlier version
    EDITED = "edited"  # edited after it was refreshed from the current version
    EDITED_OLD = "edited-old"  # edited, and made from an earlier (or unrecorded) version
    MISSING = "missing"  # shipped, but the project has no copy


@dataclass(frozen=True)
class Copy:
    name: str  # its path under templates/, with forward slashes
    state: State
    shipped: str  # blob id of the version this gongkai ships


def blob_id(data: bytes) -> str:
    """Git's id of a file's content, line endings made LF (a copy saved on Windows is the same copy)."""
    data = data.replace(b"\r\n", b"\n")
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def shipped_names() -> list[str]:
    return sorted(path.relative_to(SHIPPED).as_posix() for path in SHIPPED.rglob("*") if path.is_file())


@cache
def _versions() -> dict[str, frozenset[str]]:
    text = resources.files("generator").joinpath("data", "template_versions.yaml").read_text(encoding="utf-8")
    return {name: frozenset(ids) for name, ids in yaml.safe_load(text).items()}


def read_record(folder: Path) -> dict[str, str]:
    """``templates/versions.yaml``: template → blob id of the shipped version it was refreshed from."""
    path = folder / RECORD
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}  # unreadable: treated as absent, so an edited copy is reported, never passed silently
    return {str(name): str(blob) for name, blob in record.items()} if isinstance(record, dict) else {}


def copies(root: Path, skip: frozenset[Path] = frozenset()) -> list[Copy]:
    """Every shipped template with the state of the project's copy (all missing without templates/); none
    when the project uses the shipped folder itself, as the repository's sample does. ``skip``: copies
    not to be read (links that leave the project)."""
    folder = root / "templates"
    if folder.resolve() == SHIPPED:
        return []
    record = read_record(folder)
    found = []
    for name in shipped_names():
        path, shipped = folder / name, blob_id((SHIPPED / name).read_bytes())
        if path in skip:
            continue
        if not path.is_file():
            state = State.MISSING
        else:
            mine = blob_id(path.read_bytes())
            if mine == shipped:
                state = State.CURRENT
            elif mine in _versions().get(name, ()):
                state = State.OLD
            else:
                state = State.EDITED if record.get(name) == shipped else State.EDITED_OLD
        found.append(Copy(name, state, shipped))
    return found


MESSAGES = {
    State.OLD: "是 gongkai 旧版本的模板（没有改动过），本版已更新它："
    f"用旧模板生成的页面可能缺少新内容或不安全。请运行 {UPDATE}，它会换上新版本。",
    State.MISSING: f"不存在：本版 gongkai 的页面要用到它（项目的模板取自旧版本）。请运行 {UPDATE} 补上。",
    State.EDITED_OLD: "改动过，但不是在本版 gongkai 的模板上改的，而本版已更新它："
    f"旧的写法可能使页面出错或不安全。请运行 {UPDATE}：它把你的文件备份到 templates-backup/，"
    "换上新版本，并写出两者的差异，请据此把你的改动重新做到新版本上。",
}


def template_findings(root: Path, skip: frozenset[Path] = frozenset()) -> list[Finding]:
    """A 警告 for each copy that is out of date, naming the file and what to do.

    A project without templates/ gets none: rendering says that it cannot find them.
    """
    if not (root / "templates").is_dir():
        return []
    return [
        Finding(
            Severity.WARNING,
            f"templates.{copy.state.value}",
            f"templates/{copy.name} {MESSAGES[copy.state]}",
            Source(file=f"templates/{copy.name}"),
        )
        for copy in copies(root, skip)
        if copy.state in MESSAGES
    ]
