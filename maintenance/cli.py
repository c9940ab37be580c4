"""What the maintenance commands share: the exit-code convention, an ISO-date argument,
loading the rules or exiting.

Exit codes (every command):
  0  OK: nothing to report
  1  findings: overdue facts, stale translations, broken source links, a change (`diff --exit-code`),
     an amount that differs from OpenFisca-France (`upstream`)
  2  usage or broken input: a bad argument, rules that do not load, an unreadable file or revision,
     OpenFisca-France's files missing or unreadable
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

OK, FINDINGS, BROKEN = 0, 1, 2


class Broken(Exception):
    """Input a command cannot work with; `main` prints each line of `lines` to stderr and exits 2."""

    def __init__(self, *lines: str):
        super().__init__("\n".join(lines))
        self.lines = lines


def iso_date(value: str) -> str:
    """argparse type: a real date written YYYY-MM-DD, in the range the engines accept."""
    from checker.engine import date_problem

    problem = date_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{value!r} {problem}")
    return value


def add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=iso_date, default=dt.date.today().isoformat(),
                        help="YYYY-MM-DD (default: today)")


def add_rules_dir(parser: argparse.ArgumentParser) -> None:
    from checker.rules_loader import RULES_DIR

    parser.add_argument("--rules-dir", type=Path, default=RULES_DIR, help="rules folder (default: checker/rules)")


def load_rules_or_exit(rules_dir: Path, label: str | None = None) -> dict:
    """The compiled rules of a folder; raises Broken (exit 2) with the loader's `file: key: problem`
    lines when they do not load. `label` names the folder in the message (default: its path)."""
    from checker.rules_loader import RulesError, load_rules

    try:
        return load_rules(rules_dir)
    except RulesError as error:
        raise Broken(f"{label or rules_dir}: the rules do not load:", *error.problems) from error
    except OSError as error:
        raise Broken(f"{label or rules_dir}: {error}") from error


def run(command, args: argparse.Namespace) -> int:
    """A command's `run(args)`, with Broken turned into its lines on stderr and exit code 2."""
    try:
        return command.run(args)
    except Broken as error:
        for line in error.lines:
            print(line, file=sys.stderr)
        return BROKEN
