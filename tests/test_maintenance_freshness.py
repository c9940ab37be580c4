"""Freshness: a fact is overdue the day after its review date, and the command names it."""
from __future__ import annotations

from maintenance.freshness import overdue_facts
from checker.engine import add_months
from checker.rules_loader import load_rules
from tests.maintenance_fixtures import entry, rules_copy, run_maintenance


def test_the_review_date_defaults_to_verified_on_plus_the_review_period():
    rules = load_rules()
    for fact in rules["facts"].values():
        assert fact["review_by"] >= fact["verified_on"]
    plain = [fact for fact in rules["facts"].values() if fact["review_by"] == add_months(
        fact["verified_on"], rules["review_after_months"])]
    assert plain, "at least one fact uses the default review date"


def test_freshness_passes_before_the_review_date_and_fails_after(tmp_path):
    def review_early(data):
        entry(data, "facts", "fee.rece_card")["review_by"] = "2026-12-20"
        entry(data, "facts", "rece.duration")["review_by"] = "2026-12-20"

    folder = rules_copy(tmp_path, facts_yaml=review_early)
    rules = load_rules(folder)
    assert overdue_facts(rules, "2026-12-20") == []
    assert [fact["id"] for fact in overdue_facts(rules, "2026-12-21")] == ["fee.rece_card", "rece.duration"]

    on_the_day = run_maintenance("freshness", "--rules-dir", str(folder), "--today", "2026-12-20")
    assert on_the_day.returncode == 0, on_the_day.stdout + on_the_day.stderr
    assert "No fact is past its review date." in on_the_day.stdout
    assert "`fee.rece_card` (2026-12-20)" in on_the_day.stdout  # due soon: listed, never failing

    after = run_maintenance("freshness", "--rules-dir", str(folder), "--today", "2026-12-21")
    assert after.returncode == 1
    assert "**2 fact(s) past their review date.**" in after.stdout
    assert "| `fee.rece_card` | 2026-12-20 |" in after.stdout and "| `rece.duration` | 2026-12-20 |" in after.stdout
    assert "`rece.name`" not in after.stdout


def test_every_fact_is_overdue_long_after_its_review_date():
    rules = load_rules()
    latest = max(fact["review_by"] for fact in rules["facts"].values())
    result = run_maintenance("freshness", "--today", add_months(latest, 1))
    assert result.returncode == 1
    for fact_id in rules["facts"]:
        assert f"| `{fact_id}` |" in result.stdout


def test_a_bad_date_is_refused():
    result = run_maintenance("freshness", "--today", "2027-02-30")
    assert result.returncode == 2 and "--today" in result.stderr
