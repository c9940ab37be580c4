"""rules.<lang>.json: the logic once and one language's texts, with the same results."""
from __future__ import annotations

import json

import pytest

from checker.engine import evaluate
from checker.localise import is_text, rules_for_language
from checker.rules_loader import LANGUAGES, load_rules, rules_json

RULES = load_rules()


def all_texts(value):
    if is_text(value):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from all_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_texts(item)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_language_file_holds_no_text_of_the_other_languages(lang):
    localised = rules_for_language(RULES, lang)
    shipped = rules_json({**localised, "sources": {key: {**source, "url": None}  # URLs are not texts
                                                   for key, source in localised["sources"].items()}})
    own = "\n".join(text[lang] for text in all_texts(RULES))
    # texts of another language, except those quoted verbatim in this one (French legal names…)
    foreign = {text[other] for text in all_texts(RULES) for other in LANGUAGES
               if other != lang and len(text[other]) > 12 and text[other] not in own}
    assert len(foreign) > 100
    leaked = [text for text in foreign if json.dumps(text, ensure_ascii=False)[1:-1] in shipped]
    assert not leaked, leaked[:3]
    names = localised["countries"]["names"]
    assert names["DE"] == RULES["countries"]["names"][lang]["DE"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_language_file_is_much_smaller_and_gives_the_same_results(lang):
    localised = rules_for_language(RULES, lang)
    assert len(rules_json(localised)) < 0.6 * len(rules_json(RULES))
    answers = {"nationality": "IR", "situation": "student_permit", "had_rece": "no", "degree": "master",
               "degree_date": "2026-07-01", "permit_expiry": "2027-06-30", "goal": "job"}
    assert evaluate(localised, answers, "2026-11-29") == evaluate(RULES, answers, "2026-11-29")


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'de'"):
        rules_for_language(RULES, "de")
