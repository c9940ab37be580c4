"""A tiny static server that serves a built site under a sub-path, like GitHub Pages does."""
from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


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
        import io
        return io.BytesIO(body)


class SiteServer:
    def __init__(self, site_dir: Path, prefix: str):
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
