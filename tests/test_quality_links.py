"""Links gate: every internal link, anchor and asset of the built site resolves (every page, every
language); every source URL of the rules is well-formed and unique; the same check has an
`--online` mode (fetching each URL) for a machine with internet, which is not run here.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from urllib.parse import urlsplit

from build_tools.linkcheck import broken_links, parse_page, resolve
from build_tools.source_links import check_sources, url_problem
from checker.rules_loader import RULES_DIR
from harness.site import ROOT, SITE_SUB_PATH
from tests.quality import lang_of, page_urls, rules


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


def test_every_source_url_is_well_formed_and_unique():
    problems, urls = check_sources(RULES_DIR)
    assert problems == []
    sources = rules()["sources"]
    listed = [source["url"] for source in (sources.values() if isinstance(sources, dict) else sources)
              if source.get("url")]
    assert len(urls) == len(listed) == len(set(listed)) >= 3
    for url in listed:
        assert url_problem(url) is None, url
        assert urlsplit(url).scheme == "https"


def test_the_source_link_check_has_an_online_mode_that_is_not_run_here():
    command = [sys.executable, "-m", "build_tools", "links"]
    help_text = subprocess.run(command + ["--help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "--online" in help_text
    offline = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert offline.returncode == 0, offline.stdout + offline.stderr
    assert "checked online" not in offline.stdout


def test_every_page_of_every_language_is_in_the_link_check(built_site):
    urls = page_urls(built_site)
    by_lang = {lang: sorted(url.split("/", 1)[1] if lang != "en" else url for url in urls if lang_of(url) == lang)
               for lang in ("en", "fr", "fa")}
    assert by_lang["en"] == by_lang["fr"] == by_lang["fa"], by_lang
