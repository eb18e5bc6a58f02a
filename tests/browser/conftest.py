"""Browser tests: the repository's sample site, built once per session into a temporary folder, served on
127.0.0.1 by a thread, and driven by Debian's Chromium through Playwright (one browser per session).

Every request a page makes is recorded; any to a host other than the local server is refused on the spot
and fails the test that caused it. Without /usr/bin/chromium the tests are skipped, except where
GONGKAI_REQUIRE_BROWSER is set (.ci/run installs Chromium and sets it, so a lost browser cannot pass as a
skip).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, sync_playwright

from generator.build import build_site

from .support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, REPO, Server, unavailable


class _HTTPServer(ThreadingHTTPServer):
    def __init__(self, directory: Path) -> None:
        super().__init__(("127.0.0.1", 0), partial(_Handler, directory=str(directory)))
        self.served: list[tuple[str, int]] = []


class _Handler(SimpleHTTPRequestHandler):
    server: _HTTPServer

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.served.append((self.path, int(code)))

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read ``served`` instead."""


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        unavailable(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def pdftotext() -> str:
    # Poppler, not a Python PDF reader: Chromium's PDFs map some CJK glyphs to their radicals (页 comes
    # back as ⻚ U+2EDA), and pdftotext turns them back into the characters printed.
    tool = shutil.which("pdftotext")
    if tool is None:
        unavailable("the print tests read the PDF with pdftotext (apt-get install poppler-utils)")
    return tool


@pytest.fixture(scope="session")
def sample_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built from a copy of the repository's project files (other work in the repository's
    own .gongkai/ and site/ is left alone)."""
    project = tmp_path_factory.mktemp("project")
    for name in ("data", "templates", "content"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return build_site(project, site_dir=tmp_path_factory.mktemp("built") / "site").site_dir


@contextmanager
def serving(site: Path) -> Iterator[Server]:
    """``site`` served on a free local port while the block runs."""
    httpd = _HTTPServer(site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(site, f"http://127.0.0.1:{httpd.server_address[1]}/", httpd.served)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="session")
def serve() -> Callable[[Path], AbstractContextManager[Server]]:
    """``serve(site)``: for a module that overrides ``server`` with a site of its own."""
    return serving


@pytest.fixture(scope="session")
def server(sample_site: Path) -> Iterator[Server]:
    with serving(sample_site) as served:
        yield served


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Browser, server: Server) -> Iterator[Callable[..., Page]]:
    """Returns ``open_page(viewport=DESKTOP, javascript=True)``: a page in a fresh browser context (so with
    its own localStorage). Requests to other hosts are aborted, and the test fails afterwards if there was
    any."""
    contexts: list[BrowserContext] = []
    foreign: list[str] = []

    def record(request: Request) -> None:
        if not server.is_local(request.url):
            foreign.append(request.url)

    def open_(viewport: dict[str, int] = DESKTOP, javascript: bool = True) -> Page:
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        context.on("request", record)
        context.route(lambda url: not server.is_local(url), lambda route: route.abort())
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()
    assert foreign == [], f"requests left the local server: {foreign}"
