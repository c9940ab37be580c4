"""The built site: one strict build (shared by parallel processes), served under a sub-path like
GitHub Pages serves a project site."""
from __future__ import annotations

import fcntl
import io
import os
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# the site is built and served under a project sub-path, as on GitHub Pages
SITE_SUB_PATH = "/stay-in-france/"


def build_site(site_dir: Path, project_dir: Path = ROOT, site_url: str | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project folder into site_dir (the result is not checked)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               SITE_URL=site_url or f"https://example.org{SITE_SUB_PATH}")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir),
         "--config-file", str(project_dir / "mkdocs.yml")],
        cwd=project_dir, env=env, capture_output=True, text=True, timeout=600,
    )


def built_once(site_dir: Path) -> Path:
    """site_dir holding the whole site, built by the first process that asks (a file lock makes the
    others wait). Raises RuntimeError with the end of MkDocs' output when the strict build fails."""
    site_dir = Path(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(site_dir.with_name(site_dir.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (site_dir / ".complete").exists():
            result = build_site(site_dir)
            if result.returncode != 0:
                raise RuntimeError(f"mkdocs build --strict failed:\n{result.stderr[-4000:]}")
            (site_dir / ".complete").write_text("ok")
    return site_dir


class _SubPathHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args, site_dir: Path, prefix: str, **kwargs):
        self.site_dir = site_dir
        self.prefix = prefix
        super().__init__(*args, directory=str(site_dir), **kwargs)

    def log_message(self, format, *args):  # quiet
        pass

    def send_head(self):
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            return self._not_found()
        inner = "/" + path[len(self.prefix):]
        target = self.site_dir / inner.lstrip("/")
        if target.is_dir() and not inner.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return None
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return self._not_found()
        self.path = inner
        return super().send_head()

    def _not_found(self):
        # GitHub Pages answers unknown paths with the site's root 404.html
        body = (self.site_dir / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class SiteServer:
    """`with SiteServer(site_dir, prefix) as server:` serves site_dir at server.base_url
    (http://127.0.0.1:<free port><prefix>) from a background thread."""

    def __init__(self, site_dir: Path, prefix: str = SITE_SUB_PATH):
        handler = partial(_SubPathHandler, site_dir=Path(site_dir), prefix=prefix)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.prefix = prefix
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{self.prefix}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
