"""Publishing: put a built site in place of ``site/`` so that at every instant ``site/`` is a whole site.

The new site is first made complete beside the folder it replaces (``.site.gongkai-XXXX``, renamed
there from the staging project, or copied when ``site/`` is on another file system, e.g. a link to a
web server's folder), then the two folders are exchanged in one step (Linux ``renameat2`` with
``RENAME_EXCHANGE``, macOS ``renamex_np``). A web server whose document root names ``site/`` (or the
folder ``site`` links to) serves, for every request, a file of the old site or of the new one. Where
the file system cannot exchange (NFS, some FUSE file systems), the old folder is renamed aside and the
new one renamed in: a moment without a site, which the next build repairs.

Whatever a killed build leaves (a prepared or an old site beside ``site/``, a staging project) the next
build removes, under the one lock that lets a single build run at a time.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.parallel import checkpoint
from generator.staging import WORK_DIR, BuildError
from generator.staging.seal import NO_SPACE

STAGING_PREFIX = "staging-"  # .gongkai/staging-XXXX: the staging project of a running build


def disk_full(error: BaseException) -> bool:
    """Whether ``error`` (an OSError, or copytree's list of them) says that the disk or quota is full."""
    if isinstance(error, shutil.Error):
        return _reason(error) is None
    return isinstance(error, OSError) and error.errno in NO_SPACE


NO_SPACE_MESSAGE = "磁盘空间不足，构建没有完成：请清理磁盘后重新构建。原有网站未改动。"


@contextmanager
def build_lock(project_dir: Path) -> Iterator[None]:
    """Hold the project's build lock; another build of the same project is refused while it is held.

    The lock is ``flock`` on the project folder itself: no file to leave behind, and the system
    releases it however its holder ends, so a killed build leaves no stale lock.
    """
    descriptor = os.open(project_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                "另一个 gongkai build 正在构建这个项目，同一时间只能有一个构建：请等它结束后再试。"
            ) from None
        yield
    finally:
        os.close(descriptor)


def _prefix(target: Path) -> str:
    return f".{target.name}.gongkai-"


def remove_leftovers(project_dir: Path, site_dir: Path) -> None:
    """Remove what killed builds left: staging projects, and prepared or old sites beside ``site_dir``.

    Call with the build lock held. A site renamed aside by a build killed in the middle of a two-step
    swap (file systems without exchange) is put back first when ``site_dir`` is missing.
    """
    for staging in (project_dir / WORK_DIR).glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(staging, ignore_errors=True)
    remove_set_aside(site_dir)


def remove_set_aside(site_dir: Path) -> None:
    """Remove the prepared or old sites that a killed ``publish`` left beside ``site_dir``."""
    target = Path(os.path.realpath(site_dir))
    if not target.parent.is_dir():
        return
    leftovers = sorted(target.parent.glob(f"{_prefix(target)}*"))
    # gongkai before this module set the old site aside as .site-old-XXXX
    leftovers += sorted(target.parent.glob(".site-old-*")) if target.name == "site" else []
    for leftover in leftovers:
        set_aside = leftover.name.endswith("-old") or leftover.name.startswith(".site-old-")
        if set_aside and not target.exists():
            leftover.rename(target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


_libc = ctypes.CDLL(None, use_errno=True)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # Linux renameat2 flag; macOS RENAME_SWAP has the same value


def exchange(first: Path, second: Path) -> None:
    """Swap two paths in one step; OSError(ENOSYS/EINVAL/…) where the system or file system cannot."""
    one, two = os.fsencode(first), os.fsencode(second)
    if hasattr(_libc, "renameat2"):
        result = _libc.renameat2(_AT_FDCWD, one, _AT_FDCWD, two, _RENAME_EXCHANGE)
    elif sys.platform == "darwin" and hasattr(_libc, "renamex_np"):
        result = _libc.renamex_np(one, two, _RENAME_EXCHANGE)
    else:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(first))
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def _prepare(new_site: Path, prepared: Path) -> None:
    """Make ``prepared`` a complete copy of ``new_site``: a rename on one file system, else a copy."""
    try:
        new_site.rename(prepared)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        shutil.copytree(new_site, prepared, symlinks=True)


def publish(new_site: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``new_site`` whole. When ``site_dir`` is a link, the folder it points to is
    replaced and the link kept. Raises ``BuildError`` with the previous site untouched."""
    target = Path(os.path.realpath(site_dir))
    if target.exists() and not target.is_dir():
        raise BuildError(f"{site_dir} 不是文件夹，不能放网站：请移走它后重新构建。")
    target.parent.mkdir(parents=True, exist_ok=True)
    prepared = target.with_name(f"{_prefix(target)}{secrets.token_hex(4)}")
    try:
        _prepare(new_site, prepared)
    except (OSError, shutil.Error) as error:
        shutil.rmtree(prepared, ignore_errors=True)
        reason = _reason(error)
        if reason is None:
            raise BuildError(NO_SPACE_MESSAGE) from error
        raise BuildError(f"无法把新网站放到 {site_dir}（{reason}）；原有网站未改动。") from error
    checkpoint("prepared")
    try:
        if not target.exists():
            prepared.rename(target)
            return
        try:
            exchange(prepared, target)
        except OSError as error:
            if error.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            _swap_in_two_steps(prepared, target)
            return
    except OSError as error:
        shutil.rmtree(prepared, ignore_errors=True)
        raise BuildError(f"无法替换 {site_dir}（{error.strerror}）；原有网站未改动。") from error
    checkpoint("exchanged")
    shutil.rmtree(prepared, ignore_errors=True)  # now the old site


def _swap_in_two_steps(prepared: Path, target: Path) -> None:
    old = prepared.with_name(f"{prepared.name}-old")  # put back by remove_leftovers if killed between
    target.rename(old)
    checkpoint("set-aside")
    try:
        prepared.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _reason(error: OSError | shutil.Error) -> str | None:
    """Why a copy failed, in a few words; None when the disk is full (said in a message of its own)."""
    if isinstance(error, shutil.Error):  # copytree's list of (source, target, reason) per file
        reasons = [str(entry[2]) for entry in error.args[0]] if error.args else []
        if any("No space left" in reason or "Disk quota" in reason for reason in reasons):
            return None
        return reasons[0] if reasons else str(error)
    if error.errno in NO_SPACE:
        return None
    return error.strerror or str(error)
