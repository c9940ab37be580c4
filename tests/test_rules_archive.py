"""The rules archive (checker/archive): every published version stays evaluable by both engines, in
the current compiled format; the comparison of two versions is the same in Python (checker/compare.py)
and in the browser (checker/web/compare.js); `python -m checker compare` and `python -m maintenance
release`."""
from __future__ import annotations

import functools
import json
import re
import subprocess
import sys

import pytest

from checker.answer_space import walk_answer_space
from checker.archive import ARCHIVE_DIR, ArchiveError, archived_versions, load_archived, migrate
from checker.compare import compare_rules, kept_answers
from checker.rules_loader import load_rules
from harness.js_engine import COMPARE_JS, V8Compare, V8Engine, python_result
from harness.site import ROOT
from tests.test_engine_mirror import camel_case, javascript_functions, python_functions

RULES = load_rules()
VERSIONS = archived_versions()
TODAY = "2026-12-07"
HOLDER = {"nationality": "IR", "situation": "rece_holder", "rece_expiry": "2027-06-30", "plan": "job",
          "gross_salary": 33000, "job_related": "yes", "contract": "permanent"}
SAMPLE_EVERY = 37


@functools.lru_cache(maxsize=None)
def sample(version: str, today: str) -> tuple[tuple[dict, str], ...]:
    """Every SAMPLE_EVERY-th answer set of an archived version's compact answer space on `today` (partial
    ones too)."""
    space = [answers for answers, _ in walk_answer_space(load_archived(version), today, countries_per_group=1,
                                                         compact=True, include_partial=True)]
    return tuple((answers, today) for answers in space[::SAMPLE_EVERY])


def record_keys(rules: dict) -> dict[str, set]:
    """The keys of each kind of record of compiled rules (the union over its records)."""
    def union(records) -> set:
        return set().union(*(set(record) for record in records))
    return {
        "questions": union(rules["questions"]),
        "options": union(option for question in rules["questions"] for option in question.get("options", [])),
        "outcomes": union(rules["outcomes"]), "notes": union(rules["notes"]), "dates": union(rules["dates"]),
        "parameters": union(rules["parameters"].values()), "rules": set(rules),
    }


def test_the_archive_holds_the_published_versions_and_the_current_one():
    assert "2026.11.29" in VERSIONS
    assert RULES["version"] in VERSIONS, "release: python -m maintenance release (CONTRIBUTING.md, Release)"
    for version in VERSIONS:
        assert load_archived(version)["version"] == version
    with pytest.raises(ArchiveError):
        load_archived("2026.11.27")
    with pytest.raises(ArchiveError):
        load_archived("../rules")


# what decides a result: a published version never changes these (its texts may still be corrected)
LOGIC = ("covers_from", "parameters", "questions", "question_kinds", "groups", "bilateral", "dates", "documents",
         "outcomes", "notes")


def logic(rules: dict) -> dict:
    """The rules without their reader texts (every {en, fr, fa} map and the build-only `when_text`)."""
    from checker.localise import is_text

    def strip(value):
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if not is_text(item) and key != "when_text"}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value
    return {key: strip(rules[key]) for key in LOGIC}


def test_the_archived_current_version_decides_as_the_current_rules():
    # a rule changed without a new version: set `version` in meta.yaml, then `python -m maintenance release`
    assert logic(load_archived(RULES["version"])) == logic(json.loads(json.dumps(RULES)))


@pytest.mark.parametrize("version", VERSIONS)
def test_every_archived_version_has_the_current_compiled_format(version):
    current, archived = record_keys(RULES), record_keys(load_archived(version))
    missing = {kind: sorted(keys - archived[kind]) for kind, keys in current.items() if keys - archived[kind]}
    assert not missing, f"{version}: keys of the current format missing (migrate in checker/archive.py): {missing}"


def test_migration_adds_the_keys_of_version_3_with_neutral_values():
    old = {"version": "2026.01.01", "questions": [{"id": "q", "kind": "choice", "options": [{"id": "a"}]}],
           "outcomes": [{"id": "o"}], "parameters": {"p": {"id": "p", "values": []}}}
    migrated = migrate(old)
    assert migrated["questions"][0]["options"][0] == {"id": "a", "when": None, "unsure": False}
    assert migrated["questions"][0]["not_after_today"] is False and migrated["questions"][0]["help"] is None
    assert migrated["outcomes"][0]["alternatives"] is False
    assert migrated["parameters"]["p"]["next_change"] is None
    assert "when" not in old["questions"][0]["options"][0], "migrate copies"
    assert migrate(migrated) == migrated


@pytest.mark.parametrize("version", VERSIONS)
def test_both_engines_evaluate_every_archived_version_alike(version):
    rules = load_archived(version)
    cases = list(sample(version, TODAY))
    assert len(cases) > 40
    results = V8Engine(rules).evaluate_many(cases)
    for (answers, today), js in zip(cases, results):
        assert js == python_result(rules, answers, today), (version, answers, today)
    assert {result["outcome"] for result in results} - {None}, "no outcome reached"


def test_the_holder_at_33000_euros_under_both_versions():
    result = compare_rules(load_archived("2026.11.29"), RULES, HOLDER, TODAY)
    assert result["before"]["outcome"] == "status_salarie"
    assert result["after"]["outcome"] == "status_ordinary"
    changes = {(change["kind"], change["id"]): change for change in result["changes"]}
    assert changes[("outcome", None)]["before"] == "status_salarie"
    assert changes[("outcome", None)]["after"] == "status_ordinary"
    assert (changes[("amount", "work_threshold_monthly")]["before"],
            changes[("amount", "work_threshold_monthly")]["after"]) == (273455, 280053)
    assert changes[("dropped", "job_related")]["before"] == "yes"
    assert changes[("dropped", "contract")]["before"] == "permanent"
    assert changes[("dropped", "contract")]["reason"] == "not_asked"
    assert "job_related" not in result["answers_after"]
    assert [entry["version"] for entry in result["changelog"]] == ["2026.12.07"]


def test_a_result_that_did_not_change_has_no_change():
    eu = {"nationality": "DE"}
    result = compare_rules(load_archived("2026.11.29"), RULES, eu, TODAY)
    assert result["before"]["outcome"] == result["after"]["outcome"] == "eu_citizen"
    assert result["changes"] == []
    same = compare_rules(RULES, RULES, HOLDER, TODAY)
    assert same["changes"] == [change for change in same["changes"] if change["kind"] == "dropped"]
    assert same["changelog"] == []


def test_an_option_no_longer_accepted_is_dropped_not_an_error():
    rules = load_archived("2026.11.29")
    contracts = [option["id"] for question in rules["questions"] if question["id"] == "contract"
                 for option in question["options"]]
    current = [option["id"] for question in RULES["questions"] if question["id"] == "contract"
               for option in question["options"]]
    gone = [option for option in contracts if option not in current]
    assert gone, "an option of 2026.11.29 that version 3 removed"
    answers = {**HOLDER, "gross_salary": 45000, "master_level": "no", "contract": gone[0]}
    kept, dropped = kept_answers(RULES, answers, TODAY)
    assert dropped.get("contract") == "not_accepted" and "contract" not in kept
    result = compare_rules(rules, RULES, answers, TODAY)
    assert {"kind": "dropped", "id": "contract", "before": gone[0], "after": None, "reason": "not_accepted"} in result["changes"]


@pytest.mark.parametrize("version", VERSIONS)
def test_python_and_javascript_compare_alike(version):
    old = load_archived(version)
    cases = list(sample(version, TODAY)[::4]) + [(HOLDER, TODAY), ({"nationality": "DE"}, TODAY), ({"bad": "x"}, TODAY),
                                       ({"nationality": "IR"}, "2020-01-01")]
    results = V8Compare(old, RULES).compare_many(cases)
    for (answers, today), js in zip(cases, results):
        assert js == json.loads(json.dumps(compare_rules(old, RULES, answers, today))), (answers, today)


def test_compare_js_mirrors_compare_py_function_by_function():
    python = [camel_case(name) for name in python_functions((ROOT / "checker" / "compare.py").read_text(encoding="utf-8"))]
    javascript = javascript_functions(COMPARE_JS.read_text(encoding="utf-8"))
    assert python == javascript


# --- the command lines ----------------------------------------------------------------------------

def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_compare_command_on_the_holder():
    done = run("-m", "checker", "compare", "--from", "2026.11.29", "--today", TODAY, "--answers", json.dumps(HOLDER))
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed == json.loads(json.dumps(compare_rules(load_archived("2026.11.29"), RULES, HOLDER, TODAY)))
    assert printed["before"]["outcome"] == "status_salarie" and printed["after"]["outcome"] == "status_ordinary"


@pytest.mark.parametrize("version", ["2026.11.27", "2099.01.01", "latest", "../../etc"])
def test_the_compare_command_refuses_a_version_not_archived(version):
    done = run("-m", "checker", "compare", "--from", version, "--today", TODAY, "--answers", json.dumps(HOLDER))
    assert done.returncode == 2
    assert done.stdout == "" and "--from:" in done.stderr


def test_release_writes_the_current_version_and_refuses_to_change_a_published_one(tmp_path):
    done = run("-m", "maintenance", "release", "--archive-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    written = tmp_path / f"{RULES['version']}.json"
    assert logic(json.loads(written.read_text(encoding="utf-8"))) == logic(load_archived(RULES["version"]))
    assert run("-m", "maintenance", "release", "--archive-dir", str(tmp_path)).returncode == 0
    written.write_text(written.read_text(encoding="utf-8").replace('"covers_from"', '"covers_from" ', 1), encoding="utf-8")
    assert run("-m", "maintenance", "release", "--archive-dir", str(tmp_path)).returncode == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert run("-m", "maintenance", "release", "--archive-dir", str(tmp_path), "--compiled", str(bad)).returncode == 2


def test_release_migrates_an_older_compiled_file(tmp_path):
    source = tmp_path / "old.json"
    old = json.loads((ARCHIVE_DIR / "2026.11.29.json").read_text(encoding="utf-8"))
    for question in old["questions"]:
        question.pop("not_after_today")
        for option in question["options"]:
            option.pop("unsure")
    source.write_text(json.dumps(old), encoding="utf-8")
    out = tmp_path / "archive"
    done = run("-m", "maintenance", "release", "--compiled", str(source), "--archive-dir", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "2026.11.29.json").read_bytes() == (ARCHIVE_DIR / "2026.11.29.json").read_bytes()
