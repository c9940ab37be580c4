"""Check that every internal link, anchor and asset of a built site resolves."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                   ("source", "src"), ("iframe", "src"), ("div", "data-rules")}


LINK_ATTRIBUTE_OF = dict(LINK_ATTRIBUTES)
# every element with a link attribute, in document order
LINKS_XPATH = " | ".join(f"//{tag}[@{attribute}]" for tag, attribute in sorted(LINK_ATTRIBUTES))

# <link rel> values that make the browser fetch something
LOADED_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "preconnect", "prefetch", "manifest"}


@dataclass
class Page:
    """What the link check needs of one HTML page."""
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, url)
    link_rels: list[str] = field(default_factory=list)  # rel of each link, "" when none


def parse_page(path: Path) -> Page:
    """The ids (and <a name>s) and the links of an HTML page, parsed by lxml (libxml2's HTML parser: the
    site has about fifty pages, and the pure-Python html.parser took a quarter of the build's own time)."""
    page = Page()
    content = path.read_bytes()
    if not content.strip():
        return page
    document = lxml.html.document_fromstring(content)
    page.ids = {value for value in document.xpath("//@id | //a/@name") if value}
    for element in document.xpath(LINKS_XPATH):
        attribute = LINK_ATTRIBUTE_OF[element.tag]
        page.links.append((element.tag, attribute, element.get(attribute)))
        page.link_rels.append(element.get("rel") or "")
    return page


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
