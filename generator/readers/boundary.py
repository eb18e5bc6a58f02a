"""The project's boundary: gongkai reads and publishes only files inside the project folder.

A symbolic link inside ``data/``, ``content/`` or ``templates/`` whose target lies outside the project
(``/etc/passwd``, the user's signing key under ``~/.cache/gongkai/``) or in a hidden folder of the
project (gongkai's caches ``.gongkai/``, ``.git/``) would have its target read, and for ``content/``
published: such a link is an error naming it, and nothing behind it is read. Links within the project
are followed, and what they lead to is checked the same way.

The project's own top-level entries (``data``, ``content``, ``templates``, ``mkdocs.yml``) may be links:
they are the project's layout, chosen by whoever runs the build (``examples/sui-ning`` shares the
repository's templates so), and what lies in the folders they lead to counts as inside the project.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.model import Finding, Severity, Source

CHECKED = ("data", "content", "templates", "mkdocs.yml")


def _outside(target: Path, root: Path, inside: list[Path]) -> bool:
    """Outside the project and its linked top-level folders, or in a hidden folder of the project."""
    if target.is_relative_to(root):
        parts = target.relative_to(root).parts
        return bool(parts) and parts[0].startswith(".")
    return not any(target.is_relative_to(folder) for folder in inside)


def links_leaving(root: Path, names: Iterable[str] = CHECKED) -> dict[Path, Path]:
    """Every link under ``root/<name>`` that leads outside the project or into a hidden folder of it (its
    caches): link → target.

    Links are named as the project shows them (through the folders that link inside the project).
    """
    root = Path(os.path.realpath(root))
    tops = [root / name for name in names]
    inside = [Path(os.path.realpath(top)) for top in tops if top.is_symlink()]
    leaving: dict[Path, Path] = {}
    walked: set[Path] = set()
    pending = list(tops)
    while pending:
        path = pending.pop()
        real = Path(os.path.realpath(path))
        if path.is_symlink() and path not in tops and _outside(real, root, inside):
            leaving[path] = real
            continue
        if real.is_dir() and real not in walked:
            walked.add(real)
            try:
                pending += [path / entry.name for entry in os.scandir(real)]
            except OSError:
                continue  # unreadable: the stages that read it say so
    return leaving


def link_findings(root: Path, leaving: dict[Path, Path]) -> list[Finding]:
    """One error per link that leaves the project, naming the link and where it leads."""
    root = Path(os.path.realpath(root))
    findings = []
    for link, target in sorted(leaving.items()):
        shown = link.relative_to(root).as_posix()
        where = (
            "项目中的隐藏文件夹（如 gongkai 的缓存 .gongkai/）"
            if target.is_relative_to(root)
            else "项目文件夹之外"
        )
        findings.append(
            Finding(
                Severity.ERROR,
                "load.link-outside",
                f"{shown} 是指向{where}的链接（{target}）：gongkai 只读取、发布项目文件夹之内的文件，"
                "不会读取它。请删除这个链接，或换成文件本身。",
                Source(file=shown),
                "项目文件夹内的文件",
                str(target),
            )
        )
    return findings


def blocked(path: Path, leaving: dict[Path, Path]) -> bool:
    """Whether ``path`` is, or holds, a link that leaves the project (so it must not be read)."""
    return any(link == path or link.is_relative_to(path) for link in leaving)
