"""Freshness: which facts are past their review date.

A fact's review date is its `review_by`, or by default `verified_on` plus the rules'
`review_after_months` (the loader computes it). A fact is overdue the day after its review date.

`python -m maintenance freshness [--today YYYY-MM-DD]` lists the overdue facts by id, as Markdown
(the scheduled workflow puts it in an issue), and exits 1 when any is overdue, 0 otherwise.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from maintenance import cli

HELP = "list the facts past their review date (exit 1 when any is)"
SOON_DAYS = 30


def overdue_facts(rules: dict, today: str) -> list[dict]:
    """Facts whose review date is before today, oldest review date first."""
    facts = [fact for fact in rules["facts"].values() if fact.get("review_by") and fact["review_by"] < today]
    return sorted(facts, key=lambda fact: (fact["review_by"], fact["id"]))


def facts_due_soon(rules: dict, today: str, days: int = SOON_DAYS) -> list[dict]:
    """Facts not overdue yet whose review date falls within the next `days` days."""
    horizon = (dt.date.fromisoformat(today) + dt.timedelta(days=days)).isoformat()
    facts = [fact for fact in rules["facts"].values()
             if fact.get("review_by") and today <= fact["review_by"] <= horizon]
    return sorted(facts, key=lambda fact: (fact["review_by"], fact["id"]))


def report(rules: dict, today: str, days: int = SOON_DAYS) -> str:
    overdue = overdue_facts(rules, today)
    soon = facts_due_soon(rules, today, days)
    lines = [f"## Rules freshness on {today}", "",
             f"Rules version {rules['version']}, {len(rules['facts'])} facts."]
    if overdue:
        lines += ["", f"**{len(overdue)} fact(s) past their review date.** Re-read their sources, update the "
                  "facts (and `verified_on`), then release (see CONTRIBUTING.md).", "",
                  "| fact | review date | verified on | sources |", "|---|---|---|---|"]
        lines += [f"| `{fact['id']}` | {fact['review_by']} | {fact['verified_on']} | {', '.join(fact['sources'])} |"
                  for fact in overdue]
    else:
        lines += ["", "No fact is past its review date."]
    if soon:
        lines += ["", f"Due within {days} days: " + ", ".join(f"`{fact['id']}` ({fact['review_by']})" for fact in soon)]
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_today(parser)
    cli.add_rules_dir(parser)
    parser.add_argument("--soon", type=int, default=SOON_DAYS, metavar="DAYS",
                        help=f"also list the facts due within DAYS days (default {SOON_DAYS}; never fails)")


def run(args: argparse.Namespace) -> int:
    rules = cli.load_rules_or_exit(args.rules_dir)
    sys.stdout.write(report(rules, args.today, args.soon))
    return cli.FINDINGS if overdue_facts(rules, args.today) else cli.OK
