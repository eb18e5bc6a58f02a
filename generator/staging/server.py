"""The preview's web server (``gongkai serve``): the served site as it is, and a reload when it changes.

Every HTML page it sends carries a small script (added on the way out, never written into the site)
that asks ``RELOAD_PATH`` whether the site has changed since the page was sent: the server holds the
question until it has (``Reloads.changed``) or ``WAIT_SECONDS`` pass, and the page reloads itself when
the answer differs. The question goes to the server the page came from; nothing else is asked.
"""

from __future__ import annotations

import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

RELOAD_PATH = "/.gongkai/reload"
WAIT_SECONDS = 20.0  # a held question is answered by then, so that no proxy or browser gives up on it
NOT_FOUND = "404.html"  # MkDocs' page for a missing address
# Asks until the site has changed, then reloads; after a failed question (the preview stopped) it
# waits before asking again, so that a stopped preview is not asked in a tight loop.
SCRIPT = (
    "<script>(function(){{var v={version};function ask(){{"
    'fetch("{path}?since="+v,{{cache:"no-store"}}).then(function(r){{return r.text()}})'
    ".then(function(t){{if(t!==String(v)){{location.reload()}}else{{ask()}}}},"
    "function(){{setTimeout(ask,2000)}})}}ask()}})();</script>"
)


class Reloads:
    """The site's version: raised each time the served site has changed."""

    def __init__(self) -> None:
        self.version = 0
        self._condition = threading.Condition()

    def changed(self) -> None:
        with self._condition:
            self.version += 1
            self._condition.notify_all()

    def wait(self, since: int, timeout: float = WAIT_SECONDS) -> int:
        """The version once it differs from ``since``, or as it is after ``timeout`` seconds."""
        with self._condition:
            self._condition.wait_for(lambda: self.version != since, timeout)
            return self.version


class _Handler(SimpleHTTPRequestHandler):
    reloads: Reloads

    def do_GET(self) -> None:
        address = urlsplit(self.path)
        if address.path == RELOAD_PATH:
            since = parse_qs(address.query).get("since", [""])[0]
            self._send(str(self.reloads.wait(int(since) if since.isdigit() else -1)).encode(), "text/plain")
            return
        page = Path(self.translate_path(self.path))
        if page.is_dir() and address.path.endswith("/"):
            page = page / "index.html"
        if page.suffix == ".html" and page.is_file():
            self._send_page(page, HTTPStatus.OK)
        elif not page.exists() and (Path(self.directory) / NOT_FOUND).is_file():
            self._send_page(Path(self.directory) / NOT_FOUND, HTTPStatus.NOT_FOUND)
        else:
            super().do_GET()  # the other files as they are, and a folder's address without its "/"

    def _send_page(self, page: Path, status: HTTPStatus) -> None:
        try:
            html = page.read_text(encoding="utf-8")
        except OSError:  # replaced meanwhile: the next reload shows the new page
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        script = SCRIPT.format(version=self.reloads.version, path=RELOAD_PATH)
        at = html.rfind("</body>")
        html = html[:at] + script + html[at:] if at != -1 else html + script
        self._send(html.encode("utf-8"), "text/html; charset=utf-8", status)

    def _send(self, body: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must show the new pages and styles
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows the preview's own messages."""


def preview_server(site: Path, address: str, reloads: Reloads) -> ThreadingHTTPServer:
    """A server of ``site`` (``host:port``), whose pages reload when ``reloads`` changes; it serves the
    folder named ``site`` at each request, so a site exchanged in place of it is served at once."""
    host, _, port = address.rpartition(":")
    handler = type("Handler", (_Handler,), {"reloads": reloads})
    server = ThreadingHTTPServer((host, int(port)), partial(handler, directory=str(site)))
    server.daemon_threads = True  # a held reload question does not keep the preview from stopping
    return server
