"""Translation drift: list the French and Persian texts translated from an older English text,
and confirm them once a translator has updated them.

The lock (`checker/rules/translations.lock.yaml`) and what is stale are described in
build_tools/translations_lock.py, which the site build uses to warn and mark the pages.

`python -m maintenance translations` lists the stale texts and exits 1 (0 when none);
`--confirm KEY …` (or `--confirm-all`) rewrites the lock.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from build_tools.translations_lock import (TRANSLATED, Stale, fingerprint, lock_path, read_lock, rule_texts,
                                           stale_translations)
from maintenance import cli

HELP = "list the French and Persian texts whose English text changed since they were confirmed"
LOCK_HEADER = (
    "# Fingerprint (short SHA-256) of the English text each French and Persian text was translated from.\n"
    "# Written by `python -m maintenance translations --confirm KEY` (or --confirm-all): do not edit by hand.\n"
    "# See CONTRIBUTING.md, \"Update a translation\".\n"
)


def write_lock(rules_dir: Path, lock: dict[str, dict], order: list[str]) -> None:
    """Write the lock, in the order of the texts in the rules (then any other key)."""
    ordered = {key: lock[key] for key in order if key in lock}
    ordered.update({key: lock[key] for key in sorted(lock) if key not in ordered})
    body = yaml.safe_dump(
        {key: {lang: value[lang] for lang in TRANSLATED if lang in value} for key, value in ordered.items()},
        allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
    lock_path(rules_dir).write_text(LOCK_HEADER + body, encoding="utf-8")


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
                  "  python -m maintenance translations --confirm KEY [KEY …]"]
    if orphans:
        lines += ["", f"{len(orphans)} lock entr(y/ies) for texts that no longer exist "
                  "(dropped at the next confirmation): " + ", ".join(orphans)]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_rules_dir(parser)
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--confirm", nargs="+", metavar="KEY",
                        help="confirm the translations of these texts (a key also confirms the texts below it)")
    action.add_argument("--confirm-all", action="store_true", help="confirm every translation (rewrites the lock)")
    parser.add_argument("--language", choices=TRANSLATED, action="append",
                        help="with --confirm: only this language (repeatable; default both)")


def run(args: argparse.Namespace) -> int:
    rules = cli.load_rules_or_exit(args.rules_dir)
    try:
        lock = read_lock(args.rules_dir)
    except (ValueError, yaml.YAMLError) as error:
        raise cli.Broken(str(error)) from error
    order = list(rule_texts(rules))
    if args.confirm or args.confirm_all:
        languages = tuple(args.language or TRANSLATED)
        new_lock, unknown = confirm(rules, lock, None if args.confirm_all else args.confirm, languages)
        if unknown:
            raise cli.Broken("no text with the key(s): " + ", ".join(unknown))
        confirmed = sum(1 for key in new_lock for lang in new_lock[key]
                        if lock.get(key, {}).get(lang) != new_lock[key][lang])
        write_lock(args.rules_dir, new_lock, order)
        print(f"confirmed {confirmed} translation(s); wrote {lock_path(args.rules_dir).name}")
        remaining = stale_translations(rules, new_lock)
        if remaining:
            print(f"{len(remaining)} translation(s) still await review (`python -m maintenance translations`)")
        return cli.OK
    stale = stale_translations(rules, lock)
    print(report(stale, orphan_keys(rules, lock)))
    return cli.FINDINGS if stale else cli.OK
