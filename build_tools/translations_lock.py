"""The translations lock, as the site build reads it: which French and Persian texts were
translated from an older English text, the mark the pages show next to them, the build warning.

Every text of the rules is a map {en, fr, fa}. `checker/rules/translations.lock.yaml` records,
for each text (by its key path, e.g. `facts.rece.name.text`), a short fingerprint of the English
text that each translation was made from:

    facts.rece.name.text: {fr: 3f1c0a9e4b7d, fa: 3f1c0a9e4b7d}

When the English text changes, its fingerprint no longer matches: the translations are *stale*
until a translator has updated them and confirmed them (`python -m maintenance translations`,
which writes the lock). A text that has no entry in the lock yet is *unconfirmed*, and stale too.
The build logs a warning for each (never an error) and marks the text on the page.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup

from checker.inline import render_inline, strip_inline

LOCK_NAME = "translations.lock.yaml"
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TRANSLATED = ("fr", "fa")
# Parts of the compiled rules that are not texts of the project (CLDR country names).
SKIPPED = ("countries",)

logger = logging.getLogger("build_tools.translations")


def fingerprint(english: str) -> str:
    return hashlib.sha256(english.encode("utf-8")).hexdigest()[:12]


def is_text(value) -> bool:
    return (isinstance(value, dict) and "en" in value and set(value) <= {"en", *TRANSLATED}
            and all(isinstance(item, str) for item in value.values()))


def rule_texts(rules: dict) -> dict[str, dict]:
    """Every text of the compiled rules, by key path (list entries by their id, or version)."""
    found: dict[str, dict] = {}

    def walk(value, path: str) -> None:
        if is_text(value):
            found[path] = value
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                name = index
                if isinstance(item, dict):
                    name = item.get("id") or item.get("version") or item.get("country") or index
                walk(item, f"{path}.{name}")

    for key, value in rules.items():
        if key not in SKIPPED:
            walk(value, key)
    return found


def lock_path(rules_dir: Path) -> Path:
    return Path(rules_dir) / LOCK_NAME


def read_lock(rules_dir: Path) -> dict[str, dict]:
    path = lock_path(rules_dir)
    if not path.exists():
        return {}
    # libyaml's loader, as the rules loader: the pure-Python one takes about a second on this file
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{LOCK_NAME}: must be a mapping of text keys to fingerprints")
    return {str(key): {lang: str(fp) for lang, fp in (value or {}).items()} for key, value in data.items()}


@dataclass(frozen=True)
class Stale:
    key: str
    language: str
    reason: str  # "changed": the English text changed; "unconfirmed": never confirmed
    english: str


def stale_translations(rules: dict, lock: dict[str, dict]) -> list[Stale]:
    stale = []
    for key, text in rule_texts(rules).items():
        current = fingerprint(text["en"])
        for language in TRANSLATED:
            if language not in text:
                continue
            recorded = lock.get(key, {}).get(language)
            if recorded is None:
                stale.append(Stale(key, language, "unconfirmed", text["en"]))
            elif recorded != current:
                stale.append(Stale(key, language, "changed", text["en"]))
    return stale


# --- on the pages ----------------------------------------------------------------------------

def review_mark_html(rules: dict, language: str) -> str:
    """The visible mark after a translation awaiting review (texts from texts/maintenance.yaml)."""
    texts = rules.get("texts", {}).get("maintenance", {})
    label = (texts.get("translation_review") or {}).get(language, "translation awaiting review")
    hint = (texts.get("translation_review_hint") or {}).get(language, "")
    return str(Markup(' <mark class="translation-review" title="{}">{}</mark>').format(
        strip_inline(hint), Markup(render_inline(label))))


def with_review_marks(ctx, stale):
    """A page context (build_tools.render.PageContext) whose texts awaiting review carry the mark.

    `stale` holds (key, language) pairs; texts rendered with ctx.own / own_html are found by the
    key the pages pass (e.g. facts.rece.name.text), interface texts (ctx.t) by texts.<namespace>.KEY.
    ctx.review_mark(key) is the mark for a key ("" when the text is confirmed).
    """
    keys = {key for key, language in stale if language == ctx.lang}
    mark = review_mark_html(ctx.rules, ctx.lang) if keys else ""
    ctx.review_mark = lambda key: mark if key in keys else ""
    if not keys:
        return ctx
    own, own_html, interface = ctx.own, ctx.own_html, ctx.t
    ctx.own = lambda text, where: own(text, where) + ctx.review_mark(where)
    ctx.own_html = lambda text, where: own_html(text, where) + ctx.review_mark(where)
    ctx.t = lambda key: interface(key) + ctx.review_mark(f"texts.{ctx.text_namespace.get(key, 'pages')}.{key}")
    return ctx


# --- the build warning -----------------------------------------------------------------------

def _ensure_handler() -> None:
    """Our own handler: MkDocs' strict mode counts warnings of the `mkdocs` loggers only."""
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.INFO)


_last_warned: list = []


def warn_about_stale_translations(rules: dict, rules_dir: Path) -> set[tuple[str, str]]:
    """Log one warning per stale text (the build goes on) and return the stale (key, language).

    The same list again in the same process (MkDocs configures once per language, `serve`
    rebuilds) is summed up in one line."""
    _ensure_handler()
    try:
        lock = read_lock(rules_dir)
    except (ValueError, yaml.YAMLError) as error:
        logger.warning("translations: %s cannot be read (%s); every translation is shown as unreviewed",
                       LOCK_NAME, error)
        lock = {}
    stale = stale_translations(rules, lock)
    found = {(item.key, item.language) for item in stale}
    by_key: dict[str, list[Stale]] = {}
    for item in stale:
        by_key.setdefault(item.key, []).append(item)
    if _last_warned and _last_warned[-1] == found:
        if by_key:
            logger.warning("translations: %d text(s) still await review (listed above)", len(by_key))
        return found
    _last_warned[:] = [found]
    for key, items in by_key.items():
        languages = ", ".join(item.language for item in items)
        reason = "never confirmed" if items[0].reason == "unconfirmed" else "English text changed"
        logger.warning("translations: %s (%s): %s, awaiting review", key, languages, reason)
    if by_key:
        logger.warning("translations: %d text(s) await review; see `python -m maintenance translations`",
                       len(by_key))
    return found


def warn_about_stale_translations_of_build(rules_json: Path, rules_dir: Path) -> set[tuple[str, str]]:
    """The same warning from the rules JSON of a previous build (when nothing is regenerated)."""
    try:
        rules = json.loads(Path(rules_json).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return warn_about_stale_translations(rules, rules_dir)
