"""Release: keep the compiled rules of this version in the archive (checker/archive/<version>.json).

`python -m maintenance release` compiles the rules (checker/rules, or --rules-dir) and writes them,
in the current compiled format, to checker/archive/<version>.json, so that a link made under this
version can still be evaluated after the rules change (the checker shows what changed for the
reader's answers). `--compiled FILE` archives a compiled rules JSON instead (the output of
`python -m checker rules-json` at an earlier commit): it is migrated to the current format first.

Exit codes: 0 written or already there with the same content; 1 the archive already holds this
version with other content (a release must not change a published version; `--replace` overwrites);
2 the rules do not load, or the file is not compiled rules.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from maintenance import cli

HELP = "write this version's compiled rules into the archive (checker/archive/<version>.json)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_rules_dir(parser)
    parser.add_argument("--compiled", type=Path, help="a compiled rules JSON to archive instead of the rules folder")
    parser.add_argument("--archive-dir", type=Path, help="archive folder (default: checker/archive)")
    parser.add_argument("--replace", action="store_true", help="overwrite an archived version with other content")


def archived_text(rules: dict) -> str:
    """The archive file of these compiled rules: migrated to the current format, as the site ships JSON."""
    from checker.archive import migrate
    from checker.rules_loader import rules_json

    return rules_json(migrate(rules))


def read_compiled(path: Path) -> dict:
    try:
        rules = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise cli.Broken(f"{path}: cannot read compiled rules ({error})") from error
    if not isinstance(rules, dict) or not all(key in rules for key in ("version", "questions", "outcomes", "parameters")):
        raise cli.Broken(f"{path}: not compiled rules (no version, questions, outcomes or parameters)")
    return rules


def run(args: argparse.Namespace) -> int:
    from checker.archive import ARCHIVE_DIR, ArchiveError, version_path

    rules = read_compiled(args.compiled) if args.compiled else cli.load_rules_or_exit(args.rules_dir)
    archive_dir = args.archive_dir or ARCHIVE_DIR
    try:
        path = version_path(rules["version"], archive_dir)
    except ArchiveError as error:
        raise cli.Broken(str(error)) from error
    text = archived_text(rules)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        print(f"{path.name}: already archived, unchanged")
        return cli.OK
    if path.exists() and not args.replace:
        print(f"{path.name}: the archive already holds version {rules['version']} with other content "
              "(a published version does not change; set a new version in meta.yaml, or --replace)")
        return cli.FINDINGS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"{path.name}: written ({len(text.encode('utf-8'))} bytes)")
    return cli.OK
