"""Command line: `python -m checker evaluate …` and `python -m checker rules-json`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from checker.engine import AnswerError, evaluate
from checker.rules_loader import RulesError, load_rules, rules_json


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checker", description=__doc__)
    parser.add_argument("--rules", help="rules folder (default: the project's checker/rules)")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("evaluate", help="evaluate answers and print the result JSON")
    run.add_argument("--today", default=dt.date.today().isoformat(), help="YYYY-MM-DD (default: today)")
    run.add_argument("--answers", required=True, help='JSON object, e.g. \'{"nationality": "IR"}\'')
    commands.add_parser("rules-json", help="print the compiled rules JSON the site ships")
    args = parser.parse_args(argv)

    try:
        rules = load_rules(args.rules)
    except RulesError as error:
        print(error, file=sys.stderr)
        return 1

    if args.command == "rules-json":
        sys.stdout.write(rules_json(rules))
        return 0

    try:
        answers = json.loads(args.answers)
    except json.JSONDecodeError as error:
        print(f"answers: not valid JSON ({error.msg} at character {error.pos + 1})", file=sys.stderr)
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
