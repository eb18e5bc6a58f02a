"""``gongkai update-templates``: bring a project's templates/ to the version this gongkai ships.

An untouched copy of an earlier version is replaced and a missing one added: nothing of the clerk's is
lost. An edited copy made from an earlier version is replaced too, since its old markup may render a
broken or unsafe page, but first it is kept under ``templates-backup/<time>/`` with a ``.diff`` against
the new version, from which the clerk carries the edit over. A copy edited after it was refreshed from
the current version is left alone. Afterwards ``templates/versions.yaml`` records the version each copy
now comes from (``generator.readers.templates``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.readers.boundary import links_leaving
from generator.readers.templates import RECORD, SHIPPED, Copy, State, copies

BACKUP_DIR = "templates-backup"
RECORD_HEADER = (
    "# 由 gongkai update-templates 写入：各模板取自 gongkai 发布的哪个版本（git blob id）。请勿手工修改。\n"
)


@dataclass
class Update:
    replaced: list[str] = field(default_factory=list)  # untouched earlier versions
    added: list[str] = field(default_factory=list)
    backed_up: list[str] = field(default_factory=list)  # edited copies, kept under ``backup`` and replaced
    kept: list[str] = field(default_factory=list)  # edited from the current version: left as they are
    backup: Path | None = None


def update_templates(root: Path, *, dry_run: bool = False) -> Update:
    """Refresh the out-of-date copies of ``root/templates``; with ``dry_run`` only say what would be done."""
    root = root.resolve()
    folder = root / "templates"
    found = copies(root, frozenset(links_leaving(root, ("templates",))))
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    update = Update()
    for copy in found:
        listed = {
            State.OLD: update.replaced,
            State.MISSING: update.added,
            State.EDITED_OLD: update.backed_up,
            State.EDITED: update.kept,
        }.get(copy.state)
        if listed is not None:
            listed.append(copy.name)
        if dry_run or copy.state not in (State.OLD, State.MISSING, State.EDITED_OLD):
            continue
        if copy.state is State.EDITED_OLD:
            update.backup = root / BACKUP_DIR / stamp
            _back_up(folder / copy.name, update.backup, copy)
        (folder / copy.name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHIPPED / copy.name, folder / copy.name)
    if found and not dry_run:
        record = "".join(f"{copy.name}: {copy.shipped}\n" for copy in found)
        (folder / RECORD).write_text(RECORD_HEADER + record, encoding="utf-8")
    return update


def _back_up(path: Path, backup: Path, copy: Copy) -> None:
    """The clerk's copy under ``backup``, with its difference from the new version beside it."""
    saved = backup / copy.name
    saved.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, saved)
    mine = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    new = (SHIPPED / copy.name).read_text(encoding="utf-8").splitlines(keepends=True)
    lines = difflib.unified_diff(mine, new, f"你的版本/{copy.name}", f"新版本/{copy.name}")
    saved.with_name(saved.name + ".diff").write_text("".join(lines), encoding="utf-8")
