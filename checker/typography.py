"""French typography and amounts formatted per language.

french(text)          the French text with its no-break spaces: U+00A0 before ':' and inside « »,
                      U+202F before ';', '!', '?', digit groups joined by U+202F, U+00A0 before '€'
                      and '%', and "1er" for the first day of a month. Only spaces already written are
                      changed (a URL's '?' or '://' is left alone).
french_problems(text) the plain spaces (U+0020) left before those marks, as short excerpts.
amount(cents, lang)   an amount in euros for a reader: '€2,734.55', '2 734,55 €', '۲٬۷۳۴٫۵۵ یورو'.

The loader applies french() to every French rules text, so the checker and the pages show the same.
"""
from __future__ import annotations

import re

from babel.numbers import format_decimal

NBSP, NNBSP = "\u00a0", "\u202f"
SPACES = " \u00a0\u202f"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")

_RULES = [
    (re.compile(f"[{SPACES}]+:"), NBSP + ":"),
    (re.compile(f"[{SPACES}]+([;!?])"), NNBSP + r"\1"),
    (re.compile(f"«[{SPACES}]*"), "«" + NBSP),
    (re.compile(f"[{SPACES}]*»"), NBSP + "»"),
    (re.compile(f"(\\d)[{SPACES}]+(€|%)"), r"\1" + NBSP + r"\2"),
    (re.compile(r"\b1(?:er)?[ \u00a0](?=(?:" + "|".join(MONTHS) + r")\b)"), "1er" + NBSP),
]
_DIGIT_GROUP = re.compile(f"(?<![\\d,.])(\\d{{1,3}})((?:[{SPACES}]\\d{{3}})+)(?![\\d])")
_PLAIN_SPACE = re.compile(r"(?:\S{0,12}) [:;!?»]|« (?:\S{0,12})")


def french(text: str) -> str:
    """The text with French typography applied (idempotent)."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return _DIGIT_GROUP.sub(lambda m: m.group(1) + re.sub(f"[{SPACES}]", NNBSP, m.group(2)), text)


def french_problems(text: str) -> list[str]:
    """Excerpts where a plain space stands before ':', ';', '!', '?', '»' or after '«'."""
    return [match.group(0) for match in _PLAIN_SPACE.finditer(text)]


PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def amount(cents: int, lang: str) -> str:
    """Euro cents as a reader of `lang` writes them; whole amounts without decimals.

    >>> amount(273455, "fr")
    '2\\u202f734,55\\xa0€'
    """
    pattern = "#,##0" if cents % 100 == 0 else "#,##0.00"
    value = cents / 100
    if lang == "fa":
        number = format_decimal(value, format=pattern, locale="fa", numbering_system="arabext")
        return f"{number.translate(PERSIAN_DIGITS)} یورو"
    if lang == "fr":
        return f"{format_decimal(value, format=pattern, locale='fr')}{NBSP}€"
    return f"€{format_decimal(value, format=pattern, locale='en_GB')}"
