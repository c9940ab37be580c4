"""`python -m maintenance`: one entry point, one exit-code convention (0 OK, 1 findings, 2 usage or
broken input), the loader's `file: key: problem` lines when the rules do not load."""
from __future__ import annotations

import argparse

import pytest

from maintenance import cli
from maintenance.__main__ import COMMANDS
from tests.maintenance_fixtures import rules_copy, run_maintenance


def test_the_entry_point_lists_the_six_commands():
    result = run_maintenance("--help")
    assert result.returncode == 0
    for name in ("diff", "freshness", "translations", "links", "upstream", "release"):
        assert name in result.stdout
    assert set(COMMANDS) == {"diff", "freshness", "translations", "links", "upstream", "release"}
    assert run_maintenance().returncode == 2  # no command: a usage error


@pytest.mark.parametrize("value, problem", [("2027-02-30", "is not a real date"), ("27/01/2027", "YYYY-MM-DD"),
                                            ("", "YYYY-MM-DD")])
def test_the_date_argument_names_the_problem(value, problem):
    with pytest.raises(argparse.ArgumentTypeError, match=problem):
        cli.iso_date(value)
    assert cli.iso_date("2028-02-29") == "2028-02-29"


@pytest.mark.parametrize("command", [["freshness"], ["diff", "HEAD", "HEAD"]])
def test_a_bad_date_is_a_usage_error(command):
    result = run_maintenance(*command, "--today", "2027-13-01")
    assert result.returncode == 2
    assert "--today" in result.stderr and "is not a real date" in result.stderr


def break_a_fact(data):
    data["facts"][0]["sources"] = ["NO-SUCH-SOURCE"]


@pytest.mark.parametrize("command", [["freshness", "--rules-dir", "{folder}"],
                                     ["translations", "--rules-dir", "{folder}"],
                                     ["diff", "checker/rules", "{folder}"]])
def test_rules_that_do_not_load_exit_2_with_the_loaders_lines(tmp_path, command):
    folder = rules_copy(tmp_path, facts_yaml=break_a_fact)
    result = run_maintenance(*(part.format(folder=folder) for part in command))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "the rules do not load" in result.stderr
    assert "facts.yaml: " in result.stderr and "NO-SUCH-SOURCE" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreadable_sources_file_exits_2(tmp_path):
    folder = rules_copy(tmp_path)
    (folder / "sources.yaml").write_text("sources: [unclosed\n", encoding="utf-8")
    result = run_maintenance("links", "--rules-dir", str(folder))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip()
