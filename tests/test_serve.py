"""``gongkai serve`` as a user runs it: the preview is served, and a saved department.yaml shows in it,
built as the whole build would build it; a department with errors gives way to the findings page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from check_support import DEPARTMENT, SLUG, YEAR, write_project

from generator import serve
from generator.staging.config import CONFIG_FILE
from generator.staging.mkdocs import build_pages, environment
from generator.staging.parts import SEARCH_INDEX
from generator.staging.server import RELOAD_PATH

LABEL = f"{YEAR}/{SLUG}"
DUTIES = "duties: 负责全县商务工作。"
PATIENCE = 300.0  # seconds a change may take on a busy machine: no test here is timed


@pytest.fixture
def project(tmp_path: Path, make_project: Callable[[Path], Path]) -> Path:
    """A real project (the sample's tables under a neutral department.yaml) that checks without errors."""
    return write_project(make_project(tmp_path / "project"))


def save_duties(project: Path, duties: str) -> None:
    path = project / "data" / str(YEAR) / SLUG / "department.yaml"
    path.write_text(DEPARTMENT.replace(DUTIES, f"duties: {duties}"), encoding="utf-8")


def pages(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*.html")}


def test_a_change_rebuilds_its_pages_as_the_whole_build_would(project: Path) -> None:
    preview = serve._Preview(project, None)
    preview.update()
    version = preview.reloads.version
    before = pages(preview.site)

    save_duties(project, "负责全县商务和口岸工作。")
    preview.update()
    after = pages(preview.site)
    rebuilt = {path for path in after if after[path] != before.get(path)}
    assert f"{LABEL}/gaikuang/index.html" in rebuilt
    assert f"{LABEL}/sangong/index.html" not in rebuilt  # a page the change does not touch is left alone
    assert preview.reloads.version > version  # the open pages reload
    year_index = (preview.site / str(YEAR) / SEARCH_INDEX).read_text(encoding="utf-8")
    assert "口岸" in year_index and "负责全县商务工作" not in year_index

    docs = preview.staging / "docs"
    with environment(NO_MKDOCS_2_WARNING="1"):  # every page in one piece
        whole = build_pages(
            preview.staging / CONFIG_FILE, [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
        )
    for path in rebuilt:
        # a download (the printable 全文) is copied from the docs as it is; a page is built
        built = docs / path if "downloads" in Path(path).parts else whole / path
        assert after[path] == built.read_bytes(), path


def free_address() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


@contextmanager
def serving(project: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``gongkai serve`` on ``project`` in a process of its own; its address once it serves pages."""
    address = free_address()
    command = [sys.executable, "-c", "from generator.cli import main; main()", "serve", str(project)]
    env = {**os.environ, "COLUMNS": "240", "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [*command, "-a", address], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        until(lambda: get(f"http://{address}/")[0] == 200, process)
        yield f"http://{address}/", process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        process.wait(timeout=PATIENCE)


def until(condition: Callable[[], bool], process: subprocess.Popen[str]) -> None:
    started = time.monotonic()
    while not condition():
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() - started < PATIENCE, "the preview did not change"
        time.sleep(0.2)


def test_serve_shows_a_saved_department_yaml_and_the_findings_of_a_broken_one(project: Path) -> None:
    with serving(project) as (site, process):
        status, page = get(f"{site}{LABEL}/gaikuang/")
        assert status == 200 and "负责全县商务工作。" in page
        assert RELOAD_PATH in page  # the script that reloads the page, in the preview only
        assert RELOAD_PATH not in (project / ".gongkai" / "serve" / "served" / "index.html").read_text(
            "utf-8"
        )
        version = get(f"{site}{RELOAD_PATH.lstrip('/')}?since=-1")[1]

        save_duties(project, "负责全县商务和口岸工作。")
        until(lambda: "负责全县商务和口岸工作。" in get(f"{site}{LABEL}/gaikuang/")[1], process)
        # a page open at the earlier version is told at once that the site has changed
        assert get(f"{site}{RELOAD_PATH.lstrip('/')}?since={version}")[1] != version

        # an error: the department's pages give way to the findings page, which says why
        path = project / "data" / str(YEAR) / SLUG / "department.yaml"
        path.write_text(DEPARTMENT.replace("      batches: 75\n", ""), encoding="utf-8")
        until(lambda: "有 1 个错误" in get(f"{site}jiaoyan/")[1], process)
        until(lambda: get(f"{site}{LABEL}/gaikuang/")[0] == 404, process)
        assert "Y-1" in get(f"{site}jiaoyan/")[1]

        save_duties(project, "负责全县商务工作。")
        until(lambda: get(f"{site}{LABEL}/gaikuang/")[0] == 200, process)
        assert "有 1 个错误" not in get(f"{site}jiaoyan/")[1]
    assert process.returncode == 0
    assert "预览已停止" in (process.stdout.read() if process.stdout else "")
