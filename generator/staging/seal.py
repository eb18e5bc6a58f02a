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
_CHUNK = 1 << 20


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
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def digests(folder: Path) -> dict[str, str]:
    """Every regular file under ``folder`` (links not followed) by relative POSIX path: its SHA-256."""
    found = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(folder).as_posix()] = _digest(path)
    return found


def _listing(folder: Path) -> set[str] | None:
    """Relative paths of the entries under ``folder``; None when a link or something odd is among them."""
    listed = set()
    for directory, folders, names in os.walk(folder):
        for name in folders + names:
            path = Path(directory, name)
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                return None
            if path.is_file():
                listed.add(path.relative_to(folder).as_posix())
    return listed


def matches(folder: Path, files: dict[str, str]) -> bool:
    """Whether ``folder`` holds exactly ``files`` (relative path → SHA-256), no file more or less."""
    return folder.is_dir() and _listing(folder) == set(files) and digests(folder) == files


def _copy(source: Path, target: Path, files: Iterable[str]) -> dict[str, str]:
    """Copy the ``files`` of ``source`` into ``target`` (new files only); their SHA-256 as copied."""
    copied = {}
    target.mkdir(parents=True)
    for relative in files:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with (source / relative).open("rb") as reader, destination.open("xb") as writer:
            while chunk := reader.read(_CHUNK):
                digest.update(chunk)
                writer.write(chunk)
        copied[relative] = digest.hexdigest()
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
