"""Fixes for what Material and the i18n plugin get wrong, applied by the MkDocs hook."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from build_tools import DEFAULT_LANGUAGE, RTL_LANGUAGES

HTML_TAG = re.compile(r"<html\b([^>]*)>", re.IGNORECASE)


def direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def html_lang_dir(output: str, lang: str) -> str:
    """Put lang and dir on <html> (Material sets dir on <body> only)."""
    def replace(match: re.Match) -> str:
        attributes = re.sub(r'\s(lang|dir)="[^"]*"', "", match.group(1))
        return f'<html lang="{lang}" dir="{direction(lang)}"{attributes}>'
    return HTML_TAG.sub(replace, output, count=1)


def site_path(site_url: str | None) -> str:
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def relative_alternates(alternates: list[dict], site_url: str | None) -> None:
    """Language-switcher links relative to the site root, so they work under any sub-path."""
    prefix = site_path(site_url)
    for alternate in alternates or []:
        link = alternate.get("link", "")
        if link.startswith(prefix):
            alternate["link"] = link[len(prefix):] or "./"


class NotFoundPages:
    """Each language build writes site/404.html; keep English at the root, others in /<lang>/."""

    def __init__(self):
        self.default_page: bytes | None = None

    def after_build(self, site_dir: Path, lang: str) -> None:
        root_page = Path(site_dir) / "404.html"
        if not root_page.exists():
            return
        if lang == DEFAULT_LANGUAGE:
            self.default_page = root_page.read_bytes()
            return
        (Path(site_dir) / lang).mkdir(parents=True, exist_ok=True)
        (Path(site_dir) / lang / "404.html").write_bytes(root_page.read_bytes())
        if self.default_page is not None:
            root_page.write_bytes(self.default_page)
