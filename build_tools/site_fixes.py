"""Fixes for what Material and the i18n plugin get wrong, applied by the MkDocs hook."""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from jinja2.utils import htmlsafe_json_dumps
from markdown import Markdown
from mkdocs.utils.meta import get_data

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


def language_prefix(lang: str) -> str:
    """The path of a language under the site root: '' for the default language, else 'fr/'."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def relative_alternates(alternates: list[dict], site_url: str | None) -> None:
    """Language-switcher links relative to the site root, so they work under any sub-path."""
    prefix = site_path(site_url)
    for alternate in alternates or []:
        link = alternate.get("link", "")
        if link.startswith(prefix):
            alternate["link"] = link[len(prefix):] or "./"


# --- canonical URLs -------------------------------------------------------------------------

SITE_URL_MISSING = (
    "SITE_URL is not set: canonical URLs, hreflang links and sitemap.xml point to {site_url}. "
    "Set SITE_URL to the address the site is published at (e.g. https://<user>.github.io/<repo>/) "
    "for a build you publish; the deploy workflow does.")

# Not a MkDocs logger: a local `mkdocs build --strict` without SITE_URL still builds (a preview),
# but says so; publishing without SITE_URL is refused by .github/workflows/pages.yml.
notice = logging.getLogger("build_tools.site")
if not notice.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("WARNING -  site: %(message)s"))
    notice.addHandler(_handler)
    notice.propagate = False


def site_url_problem(environ: dict, command: str | None, site_url: str) -> str | None:
    """The warning for a build whose canonical URLs fall back to the local address, else None.
    `mkdocs serve` sets its own address, so it gets none."""
    if command == "serve" or (environ.get("SITE_URL") or "").strip():
        return None
    return SITE_URL_MISSING.format(site_url=site_url)


# --- hreflang ---------------------------------------------------------------------------------

def alternate_links(file, site_url: str, languages: list[str]) -> list[dict]:
    """[{lang, href}] of a page in every language it exists in (per the i18n plugin), in the order
    of `languages`, then x-default (the default language); [] for a page in one language only.
    Each href is absolute (site_url + the page's URL); the same list for every language of a page."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    alternates = getattr(file, "alternates", None) or {}
    links = []
    for lang in languages:
        alternate = alternates.get(lang)
        # with fallback_to_default an alternate may hold another language's text: not an alternate
        if alternate is None or getattr(alternate, "locale", lang) != lang:
            continue
        url = alternate.url if alternate.url not in (".", "./") else ""
        links.append({"lang": lang, "href": urljoin(base, url)})
    if len(links) < 2:
        return []
    default = next((link["href"] for link in links if link["lang"] == DEFAULT_LANGUAGE), None)
    return links + ([{"lang": "x-default", "href": default}] if default else [])


def sitemap_groups(files, site_url: str, languages: list[str]) -> list[dict]:
    """The sitemap: [{urls, links}], one per page of the current language build with its alternates
    (every build sees every language through them); urls are the page in each language."""
    groups, seen = [], set()
    for file in files.documentation_pages():
        if file.page is None:
            continue
        links = alternate_links(file, site_url, languages)
        urls = [link["href"] for link in links if link["lang"] != "x-default"] or [file.page.canonical_url]
        if urls[0] and urls[0] not in seen:
            seen.update(urls)
            groups.append({"urls": [url for url in urls if url], "links": links})
    return sorted(groups, key=lambda group: group["urls"][0])


# --- search -----------------------------------------------------------------------------------

# Generated lines that repeat on every fact or page (status and review dates, "generated from the
# rules", source lists, release dates) carry these classes; they are left out of the search index.
SEARCH_BOILERPLATE = ("rules-version", "rules-review", "changelog-date", "fact-meta", "fact-sources",
                      "parameter-note")  # the same note under every amounts table
_CLASSED_TAG = re.compile(r"<(p|div|ul|ol|li|span|table|section|aside)\b([^>]*\bclass=\"([^\"]*)\"[^>]*)>")
_HEADING = re.compile(r"<(h[1-6])\b([^>]*)>(.*?)</\1>", re.S)
_BUTTON_PARAGRAPH = re.compile(r"<p>(\s*<a\b[^>]*\bclass=\"[^\"]*\bmd-button\b[^\"]*\"[^>]*>.*?</a>\s*)</p>", re.S)
_EXCLUDE = ' data-search-exclude="true"'


def search_exclusions(html: str) -> str:
    """Mark for Material's search plugin what is no search result: the boilerplate above, a
    paragraph that is only a button link, and a heading without a word (a version number: the
    section under it goes too, its text repeats the facts of the guide pages)."""
    def classed(match: re.Match) -> str:
        if not set(match.group(3).split()) & set(SEARCH_BOILERPLATE) or _EXCLUDE in match.group(2):
            return match.group(0)
        return f"<{match.group(1)}{match.group(2)}{_EXCLUDE}>"

    def heading(match: re.Match) -> str:
        text = re.sub(r"<[^>]+>|&\w+;|&#\d+;", "", match.group(3))
        if re.search(r"[^\W\d_]", text):
            return match.group(0)
        return f"<{match.group(1)}{match.group(2)}{_EXCLUDE}>{match.group(3)}</{match.group(1)}>"

    html = _CLASSED_TAG.sub(classed, html)
    html = _BUTTON_PARAGRAPH.sub(lambda match: f"<p{_EXCLUDE}>{match.group(1)}</p>", html)
    return _HEADING.sub(heading, html)


SEARCH_WORKER = "search-i18n.js"
_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def search_worker(output: str, lang: str, languages: list[str]) -> str:
    """Point Material's search at our worker (overrides/assets/javascripts/workers/search-i18n.js),
    which keeps the documents of `lang` and folds words; Material's own worker file is its argument."""
    def replace(match: re.Match) -> str:
        config = json.loads(match.group(2))
        folder, worker = posixpath.split(config.get("search") or "")
        if not worker or worker == SEARCH_WORKER:
            return match.group(0)
        others = [language_prefix(other) for other in languages if other != lang] if lang == DEFAULT_LANGUAGE else []
        query = f"worker={quote(worker)}&prefix={quote(language_prefix(lang))}&exclude={quote(','.join(others))}"
        config["search"] = posixpath.join(folder, SEARCH_WORKER) + "?" + query
        return match.group(1) + str(htmlsafe_json_dumps(config)) + match.group(3)
    return _CONFIG_SCRIPT.sub(replace, output, count=1)


# --- 404 pages --------------------------------------------------------------------------------

def not_found_text(docs_dir: Path, lang: str, config) -> dict | None:
    """The text of docs/404.<lang>.md (front matter and Markdown, rendered with the site's
    Markdown extensions): {title, content, home_label, languages_label}; None when missing."""
    path = Path(docs_dir) / f"404.{lang}.md"
    if not path.is_file():
        return None
    source, meta = get_data(path.read_text(encoding="utf-8"))
    markdown = Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
    return {"title": meta.get("title", ""), "content": markdown.convert(source),
            "home_label": meta.get("home_label", ""), "languages_label": meta.get("languages_label", "")}


def is_not_found_source(src_uri: str) -> bool:
    """docs/404.<lang>.md: the text of a 404 page, not a page of its own (no /404/ URL)."""
    return re.fullmatch(r"404\.[a-z]{2}\.md", src_uri) is not None


class NotFoundPages:
    """Each language build writes site/404.html; keep English at the root, others in /<lang>/."""

    def __init__(self):
        self.default_page: bytes | None = None
        self.written_hashes: list[str] = []

    def after_build(self, site_dir: Path, lang: str) -> None:
        root_page = Path(site_dir) / "404.html"
        if not root_page.exists():
            return
        if lang == DEFAULT_LANGUAGE:
            self.default_page = root_page.read_bytes()
            self.written_hashes = []
            return
        page = root_page.read_bytes()
        (Path(site_dir) / lang).mkdir(parents=True, exist_ok=True)
        (Path(site_dir) / lang / "404.html").write_bytes(page)
        if self.default_page is not None:
            # the root page writes this language's page into itself (overrides/404.html), under its own
            # policy: that policy allows the written page's inline scripts too
            default = self.default_page.decode("utf-8")
            if _CSP_META.search(default):  # (`mkdocs serve` writes no policy)
                self.written_hashes += policy_hashes(page.decode("utf-8"))
                default = content_security_policy(default, self.written_hashes)
            root_page.write_bytes(default.encode("utf-8"))


# --- Content-Security-Policy ----------------------------------------------------------------------

# GitHub Pages sends no headers of ours: the policy is a <meta http-equiv> at the top of every page.
# Scripts: this site's files, and the inline scripts of the page by their sha256 (computed here, from
# the page as written, so a new or changed inline script needs nothing by hand); no 'unsafe-inline'.
# Styles: this site's files only (no page nor script of the site writes a style attribute or a
# <style> element; styles set through the DOM, as Material's scripts do, are not inline styles).
# Everything else from this origin only: the promise that the site asks nothing of another server is
# enforced by the browser. frame-ancestors, report-uri and sandbox are ignored in a meta policy.
CSP_POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),  # Material's search worker (ours: search-i18n.js)
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# Links to the sources open other sites: they are told nothing of the page the reader came from.
REFERRER_POLICY = "no-referrer"

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SCRIPT_SRC = re.compile(r"""\ssrc\s*=""", re.I)
_SCRIPT_TYPE = re.compile(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# a <script> of these types (or none) runs: its text needs a hash; others (application/json) are data
_RUNNING_TYPES = {"", "module", "importmap", "speculationrules", "text/javascript", "application/javascript",
                  "application/ecmascript", "text/ecmascript"}
_CSP_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">', re.I)
_REFERRER_META = re.compile(r'\s*<meta name="referrer" content="[^"]*">', re.I)
_CHARSET_META = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script of a page that the browser runs (not a data block)."""
    texts = []
    for match in _SCRIPT.finditer(html):
        attributes = match.group(1)
        if _SCRIPT_SRC.search(attributes):
            continue
        kind = _SCRIPT_TYPE.search(attributes)
        kind = next((value for value in kind.groups() if value is not None), "") if kind else ""
        if kind.strip().lower() in _RUNNING_TYPES:
            texts.append(match.group(2))
    return texts


def script_hash(text: str) -> str:
    """The CSP source of a script's text: 'sha256-<base64>' of its UTF-8 bytes (line ends as the
    HTML parser reads them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def csp_hashes(html: str) -> list[str]:
    """The hashes of a page's inline scripts, in page order, each once."""
    return list(dict.fromkeys(script_hash(text) for text in inline_scripts(html)))


def policy_text(hashes: list[str]) -> str:
    return "; ".join(f"{name} {value}" + (" " + " ".join(hashes) if name == "script-src" and hashes else "")
                     for name, value in CSP_POLICY)


def policy_hashes(html: str) -> list[str]:
    """The script hashes of the page's policy (as written by content_security_policy)."""
    match = _CSP_META.search(html)
    if not match:
        return []
    script_src = re.search(r"script-src ([^;\"]*)", match.group(0))
    return [source for source in (script_src.group(1).split() if script_src else []) if source.startswith("'sha256-")]


def content_security_policy(html: str, extra_hashes: list[str] = ()) -> str:
    """The page with its policy and referrer policy first in <head> (after <meta charset>), the
    policy allowing its own inline scripts by hash (and `extra_hashes`: the scripts of a page that
    this page writes into itself). Idempotent: a policy already there is replaced."""
    html = _REFERRER_META.sub("", _CSP_META.sub("", html))
    hashes = list(dict.fromkeys([*csp_hashes(html), *extra_hashes]))
    tags = (f'<meta http-equiv="Content-Security-Policy" content="{policy_text(hashes)}">'
            f'<meta name="referrer" content="{REFERRER_POLICY}">')
    head = _HEAD.search(html)
    if head is None:
        return html
    charset = _CHARSET_META.search(html, head.end())
    at = charset.end() if charset and not _SCRIPT.search(html[head.end():charset.start()]) else head.end()
    return html[:at] + tags + html[at:]
