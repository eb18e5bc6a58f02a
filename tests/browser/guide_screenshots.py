"""Remake the screenshots of generator/help/guide.md (run by hand, not a test):

    .venv/bin/python tests/browser/guide_screenshots.py

The real commands of the guide run on a temporary copy of the sample (the 2024 workbook is the tests'
small department, filled into the blank template); their output is drawn as a terminal, and the preview's
校验结果 page is taken from a real ``gongkai serve`` in Debian's Chromium.
"""

from __future__ import annotations

import html
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright
from rich.cells import cell_len
from rich.console import Console
from rich.terminal_theme import MONOKAI
from rich.text import Text

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from factory import tiny_workbook_data  # noqa: E402
from template_fill import fill_template  # noqa: E402

REPO = TESTS.parent
IMAGES = REPO / "generator" / "help" / "images"
GONGKAI = Path(sys.executable).with_name("gongkai")
CHROMIUM = "/usr/bin/chromium"
WIDTH = 132  # terminal columns
FOLDER = "data/2024/qu-xian-shang-wu-ju"


def run(root: Path, *args: str) -> str:
    """The command line and what it printed, colours included."""
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": str(WIDTH), "TERM": "xterm-256color"}
    done = subprocess.run(
        [str(GONGKAI), *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    return f"$ .venv/bin/gongkai {' '.join(args)}\n{done.stdout}{done.stderr}"


def terminal(output: str, lines: int | None = None) -> str:
    """Terminal output as HTML in which every character takes exactly its terminal cells, so Chinese text and
    box drawing stay aligned whatever the widths of the fonts' own glyphs."""
    text = Text.from_ansi("\n".join(output.splitlines()[:lines]))
    console = Console(width=WIDTH, force_terminal=True, color_system="truecolor")
    cells = []
    for segment in console.render(text):
        css = segment.style.get_html_style(MONOKAI) if segment.style else ""
        for char in segment.text:
            if char == "\n":
                cells.append("<br>")
            else:
                shown = "&nbsp;" if char == " " else html.escape(char)
                cells.append(
                    f'<span style="display:inline-block;width:{cell_len(char) * 0.6}em;{css}">{shown}</span>'
                )
    style = (
        "display:inline-block;padding:12px 16px;background:#1e1e1e;color:#e6e6e6;white-space:nowrap;"
        "font:14px/1.2 'DejaVu Sans Mono','Noto Sans Mono CJK SC',monospace"
    )
    body = "".join(cells)
    return f"<html><body style='margin:0'><div id=terminal style=\"{style}\">{body}</div></body></html>"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="guide-"))
    root = scratch / "project"
    for name in ("data", "templates", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shots = {"new": terminal(run(root, "new", "2024", "qu-xian-shang-wu-ju", "--from", "2023"))}
    blank = scratch / "空白报表.xlsx"
    run(
        root,
        "template",
        "--set",
        "sichuan13",
        "--year",
        "2024",
        "--department",
        "渠县商务局",
        "-o",
        str(blank),
    )
    os.replace(fill_template(blank, tiny_workbook_data()), root / FOLDER / "决算公开报表.xlsx")
    shots["check"] = terminal(run(root, "check", FOLDER), 40)
    shots["diff"] = terminal(run(root, "diff", "2024", "qu-xian-shang-wu-ju"), 28)
    port = free_port()
    server = subprocess.Popen(
        [str(GONGKAI), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
            )
            page = browser.new_page(viewport={"width": 1100, "height": 760})
            for name, document in shots.items():
                page.set_content(document)
                page.locator("#terminal").screenshot(path=str(IMAGES / f"guide-{name}.png"))
            page.goto(f"http://127.0.0.1:{port}/jiaoyan/")
            page.screenshot(path=str(IMAGES / "guide-jiaoyan.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
