"""Command line: `python -m checker evaluate …`, `python -m checker compare …`, `python -m checker rules-json`
and `python -m checker schema`.

`compare --from VERSION` evaluates the answers of a link made under an archived rules version (checker/archive)
under that version and the current one, and prints both results and the differences (checker/compare.py).
`schema` writes the rules files' JSON Schema to checker/rules/schema/.
Exit codes: 0 done, 2 bad input (rules that do not load, answers that are not JSON, a version not archived)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from checker.archive import ArchiveError, archived_versions, rules_of_version
from checker.compare import compare_rules
from checker.engine import AnswerError, date_problem, evaluate
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
    diff = commands.add_parser("compare", help="evaluate answers under an archived rules version and the current one, "
                               "and print both results and what changed")
    diff.add_argument("--from", dest="from_version", required=True, help="the rules version of the link (YYYY.MM.DD)")
    diff.add_argument("--today", default=dt.date.today().isoformat(), help="YYYY-MM-DD (default: today)")
    diff.add_argument("--answers", required=True, help='JSON object, e.g. \'{"nationality": "IR"}\'')
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
    if args.command == "compare":
        return compare(rules, args.from_version, answers, args.today)
    try:
        result = evaluate(rules, answers, args.today)
    except AnswerError as error:
        for message in error.errors:
            print(message, file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def compare(rules: dict, from_version: str, answers, today: str) -> int:
    """`compare`: the comparison JSON on stdout (exit 0); a version not archived or bad input: exit 2."""
    problem = date_problem(today)
    if problem:
        print(f"today: {problem}", file=sys.stderr)
        return 2
    if not isinstance(answers, dict):
        print("answers: must be an object mapping question ids to answers", file=sys.stderr)
        return 2
    try:
        old_rules = rules_of_version(from_version, rules)
    except ArchiveError as error:
        print(f"--from: {error} (archived: {', '.join(archived_versions()) or 'none'})", file=sys.stderr)
        return 2
    print(json.dumps(compare_rules(old_rules, rules, answers, today), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
