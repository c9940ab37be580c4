"""The "What changed" page: generated from meta.yaml's changelog in every language."""
from __future__ import annotations

import pytest

from build_tools import LANGUAGES
from build_tools.changelog_page import changelog_markdown
from build_tools.generate import GUIDE_DIR, render_pages
from build_tools.render import fact_anchor
from checker.rules_loader import load_rules


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_changelog_page_in_every_language(rules, language):
    page = changelog_markdown(rules, language)
    texts = rules["texts"]["maintenance"]
    assert f"# {texts['changes.title'][language]}" in page
    assert f"<bdi>{rules['version']}</bdi>" in page
    for entry in rules["changelog"]:
        assert f"## <bdi>{entry['version']}</bdi>" in page
        for fact_id in entry["facts"]:
            assert f"#{fact_anchor(fact_id)})" in page
    assert 'datetime="' + rules["verified_on"] + '"' in page
    assert "translation-review" not in page


def test_the_generator_writes_the_page_in_every_language(rules):
    pages = render_pages(rules)
    for language in LANGUAGES:
        assert pages[GUIDE_DIR / f"changes.{language}.md"] == changelog_markdown(rules, language)


def test_newest_release_first(rules):
    older = {**rules["changelog"][0], "version": "2026.01.01", "date": "2026-01-01", "facts": []}
    page = changelog_markdown({**rules, "changelog": [older] + rules["changelog"]}, "en")
    assert page.index(f"## <bdi>{rules['version']}</bdi>") < page.index("## <bdi>2026.01.01</bdi>")
    assert rules["texts"]["maintenance"]["changes.no_facts"]["en"] in page


@pytest.mark.parametrize("prefix", ["", "fr/", "fa/"])
def test_the_built_site_has_the_page(built_site, prefix):
    html = (built_site / prefix / "guide" / "changes" / "index.html").read_text(encoding="utf-8")
    rules = load_rules()
    language = prefix.strip("/") or "en"
    assert rules["texts"]["maintenance"]["changes.title"][language] in html
    assert rules["version"] in html
