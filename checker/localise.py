"""The rules for one language: the logic once, plus only that language's texts.

The site ships ``rules.<lang>.json`` so that a reader downloads one language. Every reader text
in the compiled rules is a map ``{"en": …, "fr": …, "fa": …}``; here each becomes the string of
one language. The engines never read texts, so they work unchanged on the result.
"""
from __future__ import annotations

from checker.rules_loader import LANGUAGES

# compiled fields that only the build and the maintenance tools read
BUILD_ONLY = ("when_text",)
# the shape of the rules file the browser app reads: raised with any change the app relies on. The app
# (built with the same number) checks it before use: a file of another release is fetched again once,
# else the page's failure message shows
RULES_FORMAT = 2


def is_text(value) -> bool:
    return isinstance(value, dict) and set(value) == set(LANGUAGES) and all(
        isinstance(item, str) for item in value.values())


def localise(value, lang: str):
    """``value`` with every {en, fr, fa} text replaced by its ``lang`` string."""
    if is_text(value):
        return value[lang]
    if isinstance(value, dict):
        return {key: localise(item, lang) for key, item in value.items() if key not in BUILD_ONLY}
    if isinstance(value, list):
        return [localise(item, lang) for item in value]
    return value


def rules_for_language(rules: dict, lang: str) -> dict:
    """The compiled rules for one language (ValueError for a language the site does not have)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (use {', '.join(LANGUAGES)})")
    localised = localise(rules, lang)
    countries = rules["countries"]
    localised["countries"] = {**localise(countries, lang), "names": countries["names"][lang]}
    localised["language"] = lang
    localised["format"] = RULES_FORMAT
    return localised
