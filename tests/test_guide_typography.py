"""French typography of the rules texts and the pages, and the build check that enforces it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_tools.generate import GUIDE_DIR, TypographyError, check_french, render_pages
from checker.rules_loader import RULES_DIR, load_rules
from checker.typography import french, french_problems


def test_french_spaces_quotes_amounts_and_first_of_month():
    text = "Sources : voir ceci ; vraiment ? Oui ! « APS » le 1 mars, 2 734,55 € et 60 %."
    assert french(text) == ("Sources\u00a0: voir ceci\u202f; vraiment\u202f? Oui\u202f! «\u00a0APS\u00a0» "
                            "le 1er\u00a0mars, 2\u202f734,55\u00a0€ et 60\u00a0%.")
    assert french(french(text)) == french(text)
    assert french_problems(french(text)) == []
    # URLs, times and marks without a space are left alone
    for untouched in ("https://x.fr/?xml=F17319", "{fr:titre}", "le 11 mars", "en 2013 2019"):
        assert french(untouched) == untouched


def test_every_french_rules_text_has_french_typography():
    rules = load_rules()
    problems = []

    def walk(value, path):
        if isinstance(value, dict):
            if set(value) == {"en", "fr", "fa"} and isinstance(value["fr"], str):
                problems.extend((path, p) for p in french_problems(value["fr"]))
                assert french(value["fr"]) == value["fr"], path
                return
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")

    walk(rules, "rules")
    assert problems == []


def test_the_check_fails_on_a_plain_space_before_a_colon_in_a_generated_page():
    rules = load_rules()
    pages = render_pages(rules, today="2026-11-29")
    broken = dict(pages)
    path = GUIDE_DIR / "apply.fr.md"
    broken[path] = pages[path] + "\nDate limite : demain\n"
    with pytest.raises(TypographyError, match=r"apply\.fr\.md: plain space in 'limite :'"):
        check_french(broken)
    check_french(pages)  # the real pages pass
    # the English and Persian pages are not French: no check
    check_french({GUIDE_DIR / "apply.en.md": "Note : English"})


def test_the_check_fails_on_a_handwritten_french_page(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.fr.md").write_text("# Accueil\n\nVoici : rien.\n", encoding="utf-8")
    with pytest.raises(TypographyError, match="index.fr.md"):
        check_french({}, docs)
    (docs / "index.fr.md").write_text(french("# Accueil\n\nVoici : rien.\n"), encoding="utf-8")
    check_french({}, docs)


def test_the_loader_applies_french_typography(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    path = folder / "texts" / "pages.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('fr: "Vérifier votre situation"', 'fr: "Vérifier : votre situation ?"')
    path.write_text(text, encoding="utf-8")
    rules = load_rules(folder)
    assert rules["texts"]["pages"]["page.checker_link"]["fr"] == "Vérifier\u00a0: votre situation\u202f?"


def test_the_built_french_pages_have_no_plain_space_before_a_mark(built_site):
    from tests.test_guide_pages import visible_text
    problems = []
    for path in sorted((built_site / "fr").rglob("*.html")):
        problems += [(str(path.relative_to(built_site)), p) for p in french_problems(visible_text(path))]
    assert problems == []


def persian_texts(node, path=""):
    """(path, text) of every Persian text of the rules."""
    if isinstance(node, dict):
        if isinstance(node.get("fa"), str) and "en" in node:
            yield path, node["fa"]
        for key, value in node.items():
            yield from persian_texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from persian_texts(value, f"{path}[{index}]")


def test_persian_texts_write_numbers_in_persian_digits():
    """One number format per Persian page: Latin digits only inside marks that keep a Latin or French
    fragment verbatim ({ltr:R431-5}, {fr:…}), in URLs, or in values filled in by the page."""
    problems = []
    for path, text in persian_texts(load_rules()):
        outside = re.sub(r"\{(?:ltr|fr|amount|answer|date|param):[^{}]*\}|https?://\S+", "", text)
        if re.search(r"[0-9]", outside):
            problems.append(f"{path}: {text[:80]}")
    assert not problems, problems
    assert list(persian_texts({"a": {"en": "1.5", "fa": "{ltr:1.5 ×} ۱٫۵"}})) == [(".a", "{ltr:1.5 ×} ۱٫۵")]


# --- text checks that stop a kind of error coming back (content review of 2026-12-07) ----------------

DOCS = Path(__file__).resolve().parent.parent / "docs"


def texts_of(node, lang: str, path: str = ""):
    """(path, text) of every text of the rules in one language (an {en, fr, fa} map's entry)."""
    if isinstance(node, dict):
        if isinstance(node.get(lang), str) and "en" in node and "fa" in node:
            yield path, node[lang]
        for key, value in node.items():
            if key not in ("en", "fr", "fa"):
                yield from texts_of(value, lang, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            name = value.get("id") if isinstance(value, dict) and isinstance(value.get("id"), str) else None
            yield from texts_of(value, lang, f"{path}.{name}" if name else f"{path}[{index}]")


def handwritten(lang: str):
    """(path, text) of the hand-written pages of one language, front matter included."""
    for page in sorted(DOCS.glob(f"*.{lang}.md")):
        yield page.name, page.read_text(encoding="utf-8")


# French: « rapporter » an act means to revoke it; and a few calques the review found
FRENCH_WORDS = re.compile(r"\brapporté(?:e|s|es)?\b|\bn'a pas trouvé si\b|\bdiplôme d'État de master\b"
                          r"|\bdont ce site est parti\b|\bdoublé à\b", re.I)


def french_word_problems(items) -> list[str]:
    return [f"{path}: {match.group(0)!r}" for path, text in items for match in FRENCH_WORDS.finditer(text)]


def test_french_texts_avoid_words_that_mean_something_else():
    assert french_word_problems([("x", "une taxe rapportée à partir du 1er mai")]) == ["x: 'rapportée'"]
    assert french_word_problems([("x", "indiquée par des sources secondaires ; rapport annuel")]) == []
    rules = load_rules()
    problems = french_word_problems(list(texts_of(rules, "fr")) + list(handwritten("fr")))
    assert problems == []


# Persian: a zero-width non-joiner (U+200C) before a pronoun suffix (کارت‌تان, مدارک‌تان, تحصیل‌شان).
# A word written X+تان / X+شان / X+مان whose X is itself a word of the texts (or a usual stem) lacks it.
# Not flagged: خودتان (written joined), the plural -هایتان, and words that merely end so (نشان، گرجستان).
ZWNJ = "\u200c"
PERSIAN_WORD = re.compile(r"[\u0621-\u064a\u0670-\u06d3\u200c]+")
PRONOUN_SUFFIXES = ("تان", "شان", "مان")
USUAL_STEMS = {"کارت", "مدارک", "مدرک", "تحصیل", "اطلاعات", "تاریخ", "درخواست", "اقامت", "حقوق", "شغل",
               "پرونده", "رسید", "وضعیت", "قرارداد", "دانشگاه", "گذرنامه", "مجوز", "کشور", "پاسخ"}
JOINED_BY_CUSTOM = {"خود", "ای", "آن", "این"}


def persian_zwnj_problems(items) -> list[str]:
    items = list(items)
    vocabulary = {word for _, text in items for word in PERSIAN_WORD.findall(text)} | USUAL_STEMS
    problems = []
    for path, text in items:
        for word in PERSIAN_WORD.findall(text):
            last = word.split(ZWNJ)[-1]
            for suffix in PRONOUN_SUFFIXES:
                if not last.endswith(suffix) or len(last) <= len(suffix) + 1:
                    continue
                stem = word[:-len(suffix)]
                if stem.endswith(("ها", "های")) or stem.split(ZWNJ)[-1] in JOINED_BY_CUSTOM:
                    continue
                if stem in vocabulary:
                    problems.append(f"{path}: {word} (write {stem}{ZWNJ}{suffix})")
    return problems


def test_persian_pronoun_suffixes_have_a_zero_width_non_joiner():
    sample = [("x", "کارتتان را ببینید؛ کارت شما"), ("y", f"کارت{ZWNJ}تان، خودتان، نشان، گرجستان، پاسخ{ZWNJ}هایتان")]
    assert persian_zwnj_problems(sample) == [f"x: کارتتان (write کارت{ZWNJ}تان)"]
    assert persian_zwnj_problems([("z", "مدارکتان و تحصیلشان")]) == [
        f"z: مدارکتان (write مدارک{ZWNJ}تان)", f"z: تحصیلشان (write تحصیل{ZWNJ}شان)"]
    rules = load_rules()
    assert persian_zwnj_problems(list(texts_of(rules, "fa")) + list(handwritten("fa"))) == []


# English: plain language, sentences under 35 words (GOV.UK)
MAX_WORDS = 35
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n\s*\n")
MARK = re.compile(r"\{(?:fr|ltr):([^{}]*)\}")


def long_sentences(items, limit: int = MAX_WORDS) -> list[str]:
    problems = []
    for path, text in items:
        for sentence in SENTENCE_END.split(MARK.sub(r"\1", text)):
            words = [word for word in sentence.split() if re.search(r"\w", word)]
            if len(words) >= limit:
                problems.append(f"{path}: {len(words)} words: {sentence[:60]}…")
    return problems


def test_english_reader_texts_have_sentences_under_35_words():
    short = "You can work. " + " ".join(["word"] * 34) + "."
    assert long_sentences([("x", short)]) == []
    assert len(long_sentences([("x", short.replace("word.", "word word."))])) == 1
    rules = load_rules()
    # source titles are names, not sentences; an older guide's words are quoted as they were
    items = [(path, text) for path, text in texts_of(rules, "en")
             if not path.startswith(".sources") and not (path.startswith(".claims") and path.endswith(".original"))]
    assert long_sentences(items) == []
