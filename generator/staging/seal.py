"""Sealed caches: what a build keeps in ``.gongkai/`` is used again only as it was written.

A cache entry (a part's pages, the memo's docs) is a folder with a record of every file's SHA-256,
signed with a key of this user's that lives outside the project (``~/.cache/gongkai/``): a project
folder received from someone else, or a file edited, truncated or deleted in the cache, fails the
check and the entry is rebuilt. Entries are copied out, never linked, so that nothing published
shares a file with a cache.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

KEY_FILE = Path("gongkai", "memo-key")
NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


def user_key() -> bytes:
    """This user's signing key, made on first use. It is outside every project, so no site publishes it
    (links that leave the project are refused, ``generator.readers.boundary``)."""
    key = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / KEY_FILE
    try:
        return key.read_bytes()
    except FileNotFoundError:
        key.parent.mkdir(parents=True, exist_ok=True)
        try:
            with os.fdopen(os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
                file.write(secrets.token_bytes(32))
        except FileExistsError:
            pass  # another build made it meanwhile
        return key.read_bytes()


def sign(payload: bytes) -> bytes:
    return hmac.digest(user_key(), payload, "sha256") + payload


def unsign(signed: bytes) -> bytes | None:
    """The payload of ``sign``, or None when it was not signed with this user's key."""
    signature, payload = signed[:32], signed[32:]
    return payload if hmac.compare_digest(signature, hmac.digest(user_key(), payload, "sha256")) else None


def write_record(path: Path, record: dict[str, Any]) -> None:
    """Write a signed JSON record (renamed into place: a record is whole or absent)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    temporary.write_bytes(sign(json.dumps(record, sort_keys=True).encode("utf-8")))
    temporary.replace(path)


def read_record(path: Path) -> dict[str, Any] | None:
    """A record written by ``write_record`` with this user's key, else None."""
    try:
        payload = unsign(path.read_bytes())
        record = json.loads(payload) if payload is not None else None
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _listing(folder: Path) -> set[str] | None:
    """Relative POSIX paths of the files under ``folder``; None when a link or something other than a
    file or folder is among its entries. (``os.scandir``: the entries' types come without a stat each.)"""
    listed: set[str] = set()
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(folder / relative) as entries:
            for entry in entries:
                name = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_symlink():
                    return None
                if entry.is_dir():
                    pending.append(name)
                elif entry.is_file():
                    listed.add(name)
                else:
                    return None
    return listed


def digests(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (which holds no link) by relative POSIX path: its SHA-256."""
    return {relative: _digest(folder / relative) for relative in sorted(_listing(folder) or ())}


def matches(folder: Path, files: dict[str, str]) -> bool:
    """Whether ``folder`` holds exactly ``files`` (relative path → SHA-256), no file more or less."""
    if not folder.is_dir() or _listing(folder) != set(files):
        return False
    return all(_digest(folder / relative) == digest for relative, digest in files.items())


def _copy(source: Path, target: Path, files: Iterable[str]) -> dict[str, str]:
    """Copy the ``files`` of ``source`` into ``target`` (new files only); their SHA-256 as copied.

    The files of a site are small: each is read whole, hashed and written from the same bytes.
    """
    copied = {}
    target.mkdir(parents=True)
    made = {target}
    for relative in files:
        destination = target / relative
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        content = (source / relative).read_bytes()
        with destination.open("xb") as writer:
            writer.write(content)
        copied[relative] = hashlib.sha256(content).hexdigest()
    return copied


def copy_hashed(source: Path, target: Path, files: Iterable[str] | None = None) -> dict[str, str]:
    """Copy the folder ``source``, or just its ``files`` (relative paths), to ``target`` (which must not
    exist); return the SHA-256 of each file copied."""
    if files is None:
        files = _listing(source)
        if files is None:
            raise ValueError(f"{source} holds a link or a special file")
    return _copy(source, target, sorted(files))


def copy_verified(source: Path, target: Path, files: dict[str, str]) -> bool:
    """Copy ``source`` to ``target`` (which must not exist) when it holds exactly ``files``.

    Each file is checked as it is copied, so that what lands in ``target`` is what was hashed. On any
    difference ``target`` is removed and False returned; a full disk raises.
    """
    try:
        if source.is_dir() and _listing(source) == set(files) and _copy(source, target, files) == files:
            return True
    except OSError as error:
        if error.errno in NO_SPACE:
            shutil.rmtree(target, ignore_errors=True)
            raise
    shutil.rmtree(target, ignore_errors=True)
    return False
