"""Translation drift: a changed English text makes its translations stale until they are confirmed."""
from __future__ import annotations

import logging

import pytest

from build_tools.changelog_page import changelog_markdown
from build_tools.generate import generate
from build_tools.translations_lock import (LOCK_NAME, read_lock, rule_texts, stale_translations,
                                           warn_about_stale_translations, with_review_marks)
from checker.rules_loader import RULES_DIR, load_rules
from maintenance.translation_drift import confirm
from tests.maintenance_fixtures import entry, rules_copy, run_maintenance


@pytest.fixture
def confirmed(tmp_path):
    """A copy of the rules with every translation confirmed."""
    folder = rules_copy(tmp_path)
    result = run_maintenance("translations", "--rules-dir", str(folder), "--confirm-all")
    assert result.returncode == 0, result.stderr
    return folder


def change_english(folder, fact_id="rece.name"):
    import yaml

    path = folder / "facts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry(data, "facts", fact_id)["text"]["en"] += " (Changed.)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_text_has_a_key_and_the_repository_lock_covers_them():
    rules = load_rules()
    texts = rule_texts(rules)
    assert "facts.rece.name.text" in texts and "questions.situation.options.student_permit.label" in texts
    assert f"changelog.{rules['version']}.summary" in texts
    assert "texts.maintenance.changes.title" in texts
    assert not any(key.startswith("countries") for key in texts)
    assert (RULES_DIR / LOCK_NAME).exists()


def test_drift_is_detected_and_cleared(confirmed):
    assert run_maintenance("translations", "--rules-dir", str(confirmed)).returncode == 0
    change_english(confirmed)

    stale = run_maintenance("translations", "--rules-dir", str(confirmed))
    assert stale.returncode == 1
    assert "- facts.rece.name.text [fr, fa]: English text changed" in stale.stdout
    assert "(Changed.)" in stale.stdout
    assert stale.stdout.count("\n- ") == 1  # nothing else

    # French only: Persian still waits
    assert run_maintenance("translations", "--rules-dir", str(confirmed), "--confirm", "facts.rece.name",
                           "--language", "fr").returncode == 0
    still = run_maintenance("translations", "--rules-dir", str(confirmed))
    assert still.returncode == 1 and "- facts.rece.name.text [fa]: English text changed" in still.stdout

    done = run_maintenance("translations", "--rules-dir", str(confirmed), "--confirm", "facts.rece.name.text")
    assert done.returncode == 0 and "confirmed 1 translation(s)" in done.stdout
    assert run_maintenance("translations", "--rules-dir", str(confirmed)).returncode == 0


def test_a_new_text_is_unconfirmed_and_an_unknown_key_is_refused(confirmed):
    lock = read_lock(confirmed)
    rules = load_rules(confirmed)
    del lock["facts.eu.text"]
    stale = stale_translations(rules, lock)
    assert {(s.key, s.language, s.reason) for s in stale} == {("facts.eu.text", "fr", "unconfirmed"),
                                                              ("facts.eu.text", "fa", "unconfirmed")}
    new_lock, unknown = confirm(rules, lock, ["facts.eu", "facts.nope"])
    assert unknown == ["facts.nope"] and stale_translations(rules, new_lock) == []
    refused = run_maintenance("translations", "--rules-dir", str(confirmed), "--confirm", "facts.nope")
    assert refused.returncode == 2 and "facts.nope" in refused.stderr


def test_the_build_warns_and_marks_stale_translations(confirmed, tmp_path):
    change_english(confirmed, "eu")
    rules = load_rules(confirmed)
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("build_tools.translations")
    logger.addHandler(handler)
    try:
        stale = warn_about_stale_translations(rules, confirmed)
    finally:
        logger.removeHandler(handler)
    assert stale == {("facts.eu.text", "fr"), ("facts.eu.text", "fa")}
    messages = [record.getMessage() for record in records]
    assert all(record.levelno == logging.WARNING for record in records)
    assert any("facts.eu.text (fr, fa)" in message for message in messages)
    # MkDocs' strict mode only counts warnings of the `mkdocs` loggers
    assert not logger.name.startswith("mkdocs")

    docs = tmp_path / "docs"
    from build_tools.generate import WEB_DIR

    generate(docs, confirmed, WEB_DIR, force=True)
    mark = rules["texts"]["maintenance"]["translation_review"]
    special = {lang: (docs / "guide" / f"special-cases.{lang}.md").read_text(encoding="utf-8")
               for lang in ("en", "fr", "fa")}
    assert "translation-review" not in special["en"]
    assert mark["fr"] in special["fr"] and mark["fa"] in special["fa"]
    assert special["fr"].count('class="translation-review"') == 1


def test_the_mark_follows_the_stale_text_only():
    rules = load_rules()
    stale = {(f"changelog.{rules['version']}.summary", "fa")}
    page = changelog_markdown(rules, "fa", stale)
    summary_at = page.index(rules["changelog"][0]["summary"]["fa"][:20])
    assert page.index('class="translation-review"') > summary_at
    assert page.count('class="translation-review"') == 1
    assert "translation-review" not in changelog_markdown(rules, "fr", stale)

    from build_tools.pages import fact_homes
    from build_tools.render import PageContext

    ctx = with_review_marks(PageContext(rules, "fr", fact_homes(rules)), {("facts.eu.text", "fr")})
    eu, name = rules["facts"]["eu"]["text"], rules["facts"]["rece.name"]["text"]
    assert ctx.own(eu, "facts.eu.text").endswith("</mark>")
    assert "translation-review" not in ctx.own(name, "facts.rece.name.text")


def test_the_mark_escapes_its_hint_and_keeps_its_label_marks():
    from html.parser import HTMLParser

    from build_tools.translations_lock import review_mark_html

    rules = load_rules()
    hostile = 'Say "<b>no</b>" & {ltr:it\'s} done'
    texts = {**rules["texts"], "maintenance": {**rules["texts"]["maintenance"], "translation_review_hint": {"fr": hostile},
                                               "translation_review": {"fr": "revoir {fr:ceci}"}}}
    mark = review_mark_html({**rules, "texts": texts}, "fr")
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Parser().feed(mark)
    assert found == [("mark", {"class": "translation-review", "title": "Say \"<b>no</b>\" & it's done"}),
                     ("bdi", {"lang": "fr"})]
