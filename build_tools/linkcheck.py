"""Check that every internal link, anchor and asset of a built site resolves."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                   ("source", "src"), ("iframe", "src"), ("div", "data-rules")}


# <link rel> values that make the browser fetch something
LOADED_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "preconnect", "prefetch", "manifest"}


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.link_rels: list[str] = []  # rel of each link, "" when none

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value and (name == "id" or tag == "a"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES and value is not None:
                self.links.append((tag, name, value))
                self.link_rels.append(dict(attrs).get("rel") or "")


def parse_page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_url(site_dir: Path, path: Path) -> str:
    return "/" + path.relative_to(site_dir).as_posix()


def resolve(site_dir: Path, from_url: str, link: str, base_path: str) -> tuple[Path, str] | None:
    """The file a link points to and its fragment; None for links that leave the site."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None
    path = unquote(parts.path)
    if not path:
        target = from_url
    elif path.startswith("/"):
        if not path.startswith(base_path):
            return (site_dir / "__outside_base__", parts.fragment)
        target = "/" + path[len(base_path):]
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_url), path))
        if path.endswith("/") and not target.endswith("/"):
            target += "/"
    if target.endswith("/"):
        target += "index.html"
    return site_dir / target.lstrip("/"), parts.fragment


def broken_links(site_dir: Path, base_path: str = "/") -> list[str]:
    """Every internal link that does not resolve, as 'page: link (problem)'."""
    site_dir = Path(site_dir)
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    pages = {path: parse_page(path) for path in site_dir.rglob("*.html")}
    problems = []
    for path, parsed in sorted(pages.items()):
        from_url = page_url(site_dir, path)
        for tag, attribute, link in parsed.links:
            resolved = resolve(site_dir, from_url, link, base_path)
            if resolved is None:
                continue
            target, fragment = resolved
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{from_url}: <{tag} {attribute}=\"{link}\"> points to a missing file")
                continue
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if fragment not in ids:
                    problems.append(f"{from_url}: <{tag} {attribute}=\"{link}\"> points to a missing anchor")
    return problems


def off_origin_resources(site_dir: Path) -> list[str]:
    """Scripts, styles, images and fonts loaded from another origin."""
    found = []
    for path in sorted(Path(site_dir).rglob("*.html")):
        parsed = parse_page(path)
        for (tag, attribute, link), rel in zip(parsed.links, parsed.link_rels):
            if tag == "a" or (tag, attribute) == ("div", "data-rules"):
                continue
            if tag == "link" and rel not in LOADED_LINK_RELS:
                continue
            parts = urlsplit(link)
            if parts.scheme in ("http", "https") or link.startswith("//"):
                found.append(f"{page_url(site_dir, path)}: <{tag} {attribute}=\"{link}\">")
    for path in sorted(Path(site_dir).rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "url(http" in text.replace("'", "").replace('"', "") or "@import url(//" in text:
            found.append(f"{path.relative_to(site_dir).as_posix()}: loads a URL from another origin")
    return found
