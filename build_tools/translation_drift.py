"""Translation drift: which French and Persian texts were translated from an older English text.

Every text of the rules is a map {en, fr, fa}. `checker/rules/translations.lock.yaml` records,
for each text (by its key path, e.g. `facts.rece.name.text`), a short fingerprint of the English
text that each translation was made from:

    facts.rece.name.text: {fr: 3f1c0a9e4b7d, fa: 3f1c0a9e4b7d}

When the English text changes, its fingerprint no longer matches: the translations are *stale*
until a translator has updated them and confirmed them (`--confirm KEY` rewrites the lock).
A text that has no entry in the lock yet is *unconfirmed* and reported the same way.

`python -m build_tools translations` lists them and exits 1; the site build logs a warning for
each (never an error) and marks the text on the page.
"""
from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

LOCK_NAME = "translations.lock.yaml"
TRANSLATED = ("fr", "fa")
HELP = "list the French and Persian texts whose English text changed since they were confirmed"
LOCK_HEADER = (
    "# Fingerprint (short SHA-256) of the English text each French and Persian text was translated from.\n"
    "# Written by `python -m build_tools translations --confirm KEY` (or --confirm-all): do not edit by hand.\n"
    "# See CONTRIBUTING.md, \"Update a translation\".\n"
)
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


# --- the lock file ---------------------------------------------------------------------------

def lock_path(rules_dir: Path) -> Path:
    return Path(rules_dir) / LOCK_NAME


def read_lock(rules_dir: Path) -> dict[str, dict]:
    path = lock_path(rules_dir)
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{LOCK_NAME}: must be a mapping of text keys to fingerprints")
    return {str(key): {lang: str(fp) for lang, fp in (value or {}).items()} for key, value in data.items()}


def write_lock(rules_dir: Path, lock: dict[str, dict], order: list[str]) -> None:
    """Write the lock, in the order of the texts in the rules (then any other key)."""
    ordered = {key: lock[key] for key in order if key in lock}
    ordered.update({key: lock[key] for key in sorted(lock) if key not in ordered})
    body = yaml.safe_dump(
        {key: {lang: value[lang] for lang in TRANSLATED if lang in value} for key, value in ordered.items()},
        allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
    lock_path(rules_dir).write_text(LOCK_HEADER + body, encoding="utf-8")


# --- drift -----------------------------------------------------------------------------------

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


def orphan_keys(rules: dict, lock: dict[str, dict]) -> list[str]:
    """Lock entries of texts that no longer exist (dropped at the next confirmation)."""
    texts = rule_texts(rules)
    return [key for key in lock if key not in texts]


def confirm(rules: dict, lock: dict[str, dict], keys: list[str] | None,
            languages=TRANSLATED) -> tuple[dict[str, dict], list[str]]:
    """The lock with the given keys (or every text when keys is None) confirmed.

    A key also confirms every text below it (`facts.rece.name` confirms `facts.rece.name.text`, …).
    Returns the new lock and the keys that matched no text.
    """
    texts = rule_texts(rules)
    new_lock = {key: dict(value) for key, value in lock.items() if key in texts}
    unknown = []
    if keys is None:
        chosen = list(texts)
    else:
        chosen = []
        for wanted in keys:
            matched = [key for key in texts if key == wanted or key.startswith(wanted + ".")]
            if not matched:
                unknown.append(wanted)
            chosen.extend(key for key in matched if key not in chosen)
    for key in chosen:
        entry = new_lock.setdefault(key, {})
        for language in languages:
            if language in texts[key]:
                entry[language] = fingerprint(texts[key]["en"])
    return new_lock, unknown


def stale_set(rules: dict, rules_dir: Path) -> set[tuple[str, str]]:
    """(key, language) of every stale translation; empty when the lock cannot be read."""
    try:
        lock = read_lock(rules_dir)
    except (ValueError, yaml.YAMLError):
        return set()
    return {(item.key, item.language) for item in stale_translations(rules, lock)}


# --- on the pages ----------------------------------------------------------------------------

def review_mark_html(rules: dict, language: str) -> str:
    """The visible mark after a translation awaiting review (texts from texts/maintenance.yaml)."""
    from build_tools.inline import render_inline, strip_inline

    texts = rules.get("texts", {}).get("maintenance", {})
    label = (texts.get("translation_review") or {}).get(language, "translation awaiting review")
    hint = (texts.get("translation_review_hint") or {}).get(language, "")
    title = strip_inline(hint).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return f' <mark class="translation-review" title="{title}">{render_inline(label)}</mark>'


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
        logger.warning("translations: %d text(s) await review; see `python -m build_tools translations`",
                       len(by_key))
    return found


def warn_about_stale_translations_of_build(rules_json: Path, rules_dir: Path) -> set[tuple[str, str]]:
    """The same warning from the rules JSON of a previous build (when nothing is regenerated)."""
    import json

    try:
        rules = json.loads(Path(rules_json).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return warn_about_stale_translations(rules, rules_dir)


# --- command line ----------------------------------------------------------------------------

def report(stale: list[Stale], orphans: list[str]) -> str:
    if not stale:
        lines = ["All French and Persian texts are confirmed against their English text."]
    else:
        by_key: dict[str, list[Stale]] = {}
        for item in stale:
            by_key.setdefault(item.key, []).append(item)
        lines = [f"{len(by_key)} text(s) with stale translations ({len(stale)} translation(s)):", ""]
        for key, items in by_key.items():
            reason = "never confirmed" if items[0].reason == "unconfirmed" else "English text changed"
            lines.append(f"- {key} [{', '.join(item.language for item in items)}]: {reason}")
            lines.append(f"    en: {items[0].english}")
        lines += ["", "Update the French and Persian texts, then confirm them:",
                  "  python -m build_tools translations --confirm KEY [KEY …]"]
    if orphans:
        lines += ["", f"{len(orphans)} lock entr(y/ies) for texts that no longer exist "
                  "(dropped at the next confirmation): " + ", ".join(orphans)]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from checker.rules_loader import RULES_DIR

    parser.add_argument("--rules-dir", type=Path, default=RULES_DIR)
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--confirm", nargs="+", metavar="KEY",
                        help="confirm the translations of these texts (a key also confirms the texts below it)")
    action.add_argument("--confirm-all", action="store_true", help="confirm every translation (rewrites the lock)")
    parser.add_argument("--language", choices=TRANSLATED, action="append",
                        help="with --confirm: only this language (repeatable; default both)")


def run(args: argparse.Namespace) -> int:
    from checker.rules_loader import RulesError, load_rules

    try:
        rules = load_rules(args.rules_dir)
        lock = read_lock(args.rules_dir)
    except (RulesError, ValueError, yaml.YAMLError) as error:
        print(error, file=sys.stderr)
        return 2
    order = list(rule_texts(rules))
    if args.confirm or args.confirm_all:
        languages = tuple(args.language or TRANSLATED)
        new_lock, unknown = confirm(rules, lock, None if args.confirm_all else args.confirm, languages)
        if unknown:
            print("no text with the key(s): " + ", ".join(unknown), file=sys.stderr)
            return 2
        confirmed = sum(1 for key in new_lock for lang in new_lock[key] if lock.get(key, {}).get(lang) != new_lock[key][lang])
        write_lock(args.rules_dir, new_lock, order)
        print(f"confirmed {confirmed} translation(s); wrote {lock_path(args.rules_dir).name}")
        remaining = stale_translations(rules, new_lock)
        if remaining:
            print(f"{len(remaining)} translation(s) still await review (`python -m build_tools translations`)")
        return 0
    stale = stale_translations(rules, lock)
    print(report(stale, orphan_keys(rules, lock)))
    return 1 if stale else 0
