"""Links gate: every internal link, anchor and asset of the built site resolves (every page, every
language). The source URLs of the rules: test_maintenance_links.py.
"""
from __future__ import annotations

import shutil

from build_tools.linkcheck import broken_links, parse_page, resolve
from harness.site import SITE_SUB_PATH
from tests.quality import lang_of, page_urls


def test_every_internal_link_and_anchor_of_the_built_site_resolves(built_site):
    assert broken_links(built_site, SITE_SUB_PATH) == []
    # the check is not vacuous: it saw internal links with anchors in every language
    checked = {"en": 0, "fr": 0, "fa": 0}
    anchors = 0
    for path in built_site.rglob("*.html"):
        url = "/" + path.relative_to(built_site).as_posix()
        for _tag, _attribute, link in parse_page(path).links:
            resolved = resolve(built_site, url, link, SITE_SUB_PATH)
            if resolved is not None:
                checked[lang_of(url.lstrip("/"))] += 1
                anchors += bool(resolved[1])
    assert min(checked.values()) >= 300, checked
    assert anchors >= 100, anchors


def test_the_link_check_finds_a_broken_anchor_and_a_missing_page(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    page = copy / "fa" / "guide" / "work" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", '<a href="../apply/#no-such-anchor">x</a>'
                                 '<a href="../no-such-page/">y</a></article>', 1), encoding="utf-8")
    problems = broken_links(copy, SITE_SUB_PATH)
    assert len(problems) == 2 and all(problem.startswith("/fa/guide/work/index.html") for problem in problems)


def test_every_page_of_every_language_is_in_the_link_check(built_site):
    urls = page_urls(built_site)
    by_lang = {lang: sorted(url.split("/", 1)[1] if lang != "en" else url for url in urls if lang_of(url) == lang)
               for lang in ("en", "fr", "fa")}
    assert by_lang["en"] == by_lang["fr"] == by_lang["fa"], by_lang
