"""The checker's interface texts and inline marks: every key the app uses exists in every
language, the browser renders inline marks exactly like the site generator, and the app never
writes HTML from text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.inline import render_inline
from checker.rules_loader import load_rules
from tests.browser import browser, checker_page  # noqa: F401

RULES = load_rules()
WEB = Path(__file__).resolve().parent.parent / "checker" / "web"
APP_FILES = sorted(path for path in WEB.glob("*.js") if path.name != "engine.js")
# keys built at run time from a value
DYNAMIC_KEYS = {
    "status_": [f"status_{s}{suffix}" for s in ("verified", "reported", "contested", "open") for suffix in ("", "_hint")],
    "renewal_": ["renewal_once", "renewal_second_permit", "renewal_none_found", "renewal_unknown"],
    "bilateral_degrees_": [f"bilateral_degrees_{d}" for d in ("licence_pro_or_master", "master_level", "unknown")],
    "error_date_": [f"error_date_{e}" for e in ("empty", "whole", "missing_day", "missing_month", "missing_year", "day", "month",
                                                "year", "impossible", "range", "too_early", "too_late")],
    "date_": ["date_day", "date_month", "date_year"],
    "deadline_": ["deadline_file_before", "deadline_status_file_before", "deadline_abroad_apply_by"],
    "error_amount_": [f"error_amount_{e}" for e in ("empty", "decimal", "negative", "range", "format")],
    "panel_": [f"panel_{p}" for p in ("can_apply", "not_yet", "other_route", "no_permit_needed", "waiting", "refused", "depends")],
}


def used_keys() -> set[str]:
    keys = set()
    for path in APP_FILES:
        source = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"\b(?:t|plain)\(\s*\"([a-z_]+)\"", source))
        keys |= set(re.findall(r"\bkey: \"([a-z_]+)\"", source))
        for first, second in re.findall(
                r"(?:\b(?:t|plain)\(|\bkey: )[\w.]+ \? \"([a-z_]+)\" : \"([a-z_]+)\"", source):
            keys |= {first, second}
        for prefix, expanded in DYNAMIC_KEYS.items():
            if f"`{prefix}${{" in source:
                keys |= set(expanded)
    return keys


def test_every_key_the_app_uses_exists_in_every_language():
    texts = {**RULES["texts"]["common"], **RULES["texts"]["checker"]}
    used = used_keys()
    assert len(used) > 50
    missing = sorted(key for key in used if key not in texts)
    assert not missing, f"texts/checker.yaml and texts/common.yaml lack {missing}"
    for key in used:
        assert set(texts[key]) == {"en", "fr", "fa"}


def test_every_checker_text_is_used():
    unused = sorted(set(RULES["texts"]["checker"]) - used_keys())
    assert not unused, f"texts/checker.yaml has unused keys {unused}"


def test_persian_texts_keep_their_zero_width_non_joiners():
    # the usual prefixes and suffixes that take a ZWNJ, never joined or spaced
    for key, text in RULES["texts"]["checker"].items():
        persian = text["fa"]
        assert not re.search(r"(?<![\w\u200c])می (?=\w)", persian), (key, persian)
        assert not re.search(r"\w ها(?!\w)", persian), (key, persian)
        for word in ("می\u200cشود", "می\u200cکند", "تاریخ\u200cها", "پاسخ\u200cها"):
            assert word.replace("\u200c", "") not in persian, (key, persian)


def test_the_app_never_writes_html_from_text():
    for path in APP_FILES + [WEB / "engine.js"]:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"innerHTML|outerHTML\s*=|insertAdjacentHTML|document\.write|eval\(|new Function", source), path.name


def all_texts(node, found):
    if isinstance(node, dict):
        if set(node) == {"en", "fr", "fa"} and all(isinstance(value, str) for value in node.values()):
            found.extend(node.values())
        else:
            for value in node.values():
                all_texts(value, found)
    elif isinstance(node, list):
        for value in node:
            all_texts(value, found)
    return found


@pytest.mark.browser
def test_inline_marks_render_like_the_site_generator(checker_page):
    texts = sorted(set(all_texts(RULES, []))) + [
        "a < b & c > d", "{fr:Carte « talent »} & {ltr:1.5 × SMIC}", "{fr:}{ltr:x}{unknown:y}", "{fr:a {b}",
        "[[not_a_param]] and \"quotes\" 'single'", "<script>alert(1)</script>",
    ]
    page = checker_page.open("en")
    # the source module (the site ships it inside the bundle), served from the page's origin
    page.route("**/checker-source/inline.js",
               lambda route: route.fulfill(path=str(WEB / "inline.js"), content_type="text/javascript"))
    rendered = page.evaluate("""async (texts) => {
        const { inlineNodes } = await import(new URL('/checker-source/inline.js', location.href).href);
        return texts.map((text) => {
            const holder = document.createElement('div');
            holder.append(inlineNodes(text));
            return holder.innerHTML.replaceAll('&nbsp;', '\\u00a0');
        });
    }""", texts)
    for text, html in zip(texts, rendered):
        assert html == render_inline(text), text
