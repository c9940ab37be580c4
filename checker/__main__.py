"""Command line: `python -m checker evaluate …`, `python -m checker rules-json` and `python -m checker schema`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from checker.engine import AnswerError, evaluate
from checker.rules_loader import RULES_DIR, RulesError, load_rules, rules_json


SAFE_INTEGER = 2**53 - 1  # beyond it JavaScript reads another number


def unique_keys(pairs: list) -> dict:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"answers: the key {duplicates[0]!r} is given twice")
    return dict(pairs)


def safe_integer(text: str) -> int:
    if len(text.lstrip("-")) > 16 or abs(int(text)) > SAFE_INTEGER:
        raise ValueError("answers: a number is beyond ±2^53 (9 007 199 254 740 991)")
    return int(text)


def parse_answers(text: str):
    """The answers JSON as Python values; ValueError with a one-line message for anything unusable
    (not JSON, a key given twice, an integer beyond ±2^53, nesting too deep to read)."""
    try:
        return json.loads(text, object_pairs_hook=unique_keys, parse_int=safe_integer)
    except json.JSONDecodeError as error:
        raise ValueError(f"answers: not valid JSON ({error.msg} at character {error.pos + 1})") from None
    except RecursionError:
        raise ValueError("answers: nested too deeply to be answers") from None


def write_schemas(folder=RULES_DIR / "schema") -> list:
    """Writes one JSON Schema per rules file (generated from checker/rules_loading/schema.py)."""
    from checker.rules_loading.schema import json_schemas

    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checker", description=__doc__)
    parser.add_argument("--rules", help="rules folder (default: the project's checker/rules)")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("evaluate", help="evaluate answers and print the result JSON")
    run.add_argument("--today", default=dt.date.today().isoformat(), help="YYYY-MM-DD (default: today)")
    run.add_argument("--answers", required=True, help='JSON object, e.g. \'{"nationality": "IR"}\'')
    commands.add_parser("rules-json", help="print the compiled rules JSON the site ships")
    commands.add_parser("schema", help="write the rules files' JSON Schema to checker/rules/schema/")
    args = parser.parse_args(argv)

    if args.command == "schema":
        for path in write_schemas():
            print(path)
        return 0

    try:
        rules = load_rules(args.rules)
    except RulesError as error:
        print(error, file=sys.stderr)
        return 2

    if args.command == "rules-json":
        sys.stdout.write(rules_json(rules))
        return 0

    try:
        answers = parse_answers(args.answers)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        result = evaluate(rules, answers, args.today)
    except AnswerError as error:
        for message in error.errors:
            print(message, file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
