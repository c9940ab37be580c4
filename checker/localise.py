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
RULES_FORMAT = 3

# What only a result shows, shipped in a second file per language (result-texts.<hash>.<lang>.json) that
# the app fetches while the reader answers: {section: None (the whole section) or (the keys of each entry)}.
# The engines never read these; the questions never show them.
RESULT_ONLY = {
    "facts": None, "sources": None,
    "outcomes": ("title", "next_steps", "after"), "notes": ("text",), "documents": ("text",),
    "dates": ("label", "outcome_labels"), "parameters": ("label",),
}


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


def _entries(section):
    """(id, entry) of a section that is a list of entries with ids or a map from ids to entries."""
    return [(entry["id"], entry) for entry in section] if isinstance(section, list) else list(section.items())


def split_for_result(local: dict) -> tuple[dict, dict]:
    """(what the questions need, what only a result shows) of the rules of one language: the second is
    {section: whole section} or {section: {id: {key: value}}} (RESULT_ONLY); join_parts puts them together."""
    first = dict(local)
    second = {"format": local.get("format"), "language": local.get("language"), "version": local.get("version")}
    for section, keys in RESULT_ONLY.items():
        if section not in local:
            continue
        if keys is None:
            second[section] = first.pop(section)
            continue
        kept = [] if isinstance(local[section], list) else {}
        moved = {}
        for entry_id, entry in _entries(local[section]):
            short = {key: value for key, value in entry.items() if key not in keys}
            moved[entry_id] = {key: entry[key] for key in keys if key in entry}
            if isinstance(kept, list):
                kept.append(short)
            else:
                kept[entry_id] = short
        first[section] = kept
        second[section] = moved
    return first, second


def join_parts(first: dict, second: dict) -> dict:
    """The rules of one language again from split_for_result's two parts, read from the second part
    alone as the app's joinResultTexts does: a section the first part lacks comes whole; another brings,
    for each entry id, the keys moved out of it."""
    joined = dict(first)
    for section, moved in second.items():
        if not isinstance(moved, (dict, list)):  # format, language, version
            continue
        if section not in first:
            joined[section] = moved
        elif isinstance(first[section], list):
            joined[section] = [{**entry, **moved.get(entry["id"], {})} for entry in first[section]]
        else:
            joined[section] = {entry_id: {**entry, **moved.get(entry_id, {})}
                               for entry_id, entry in first[section].items()}
    return joined
