"""What the browser tests share besides fixtures: the served site, viewports, Chromium's flags."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Set by .ci/run, which installs the tools: there a missing tool fails the tests instead of skipping them.
REQUIRE_BROWSER = "GONGKAI_REQUIRE_BROWSER"
# The widths the issues name: a common office monitor and a common phone.
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# What every axe run checks: WCAG 2.1 A and AA, the violations only.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


@dataclass
class Server:
    """The built site on a local port; ``served`` holds (path, status) of every request it answered."""

    root: Path
    url: str
    served: list[tuple[str, int]] = field(default_factory=list)

    def page_url(self, path: str) -> str:
        return self.url + path.lstrip("/")

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or f"{parts.scheme}://{parts.netloc}/" == self.url


def unavailable(reason: str) -> NoReturn:
    """Skips the test for want of a tool, or fails it where the tools are required."""
    if os.environ.get(REQUIRE_BROWSER):
        pytest.fail(reason)
    pytest.skip(reason)


def print_to_pdf(page: Page, pdftotext: str, pdf: Path) -> list[str]:
    """Prints ``page`` as Chromium does for a reader (the CSS @page size and margins) into ``pdf``;
    returns the text of each sheet."""
    page.pdf(path=pdf, prefer_css_page_size=True)
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]  # every sheet ends with a form feed
