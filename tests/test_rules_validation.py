"""Broken rules: one fixture per kind of error, each naming the file, the key and the problem."""

from __future__ import annotations

import shutil

import pytest
import yaml

from checker.rules_loader import RULES_DIR, RulesError, load_rules


def broken_rules(tmp_path, file, mutate):
    """A copy of the real rules with one file changed by `mutate` (it edits the parsed YAML)."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder, ignore=shutil.ignore_patterns("cases", "schema"))  # the loader reads neither
    path = folder / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def entry(data, key, entry_id):
    return next(item for item in data[key] if item["id"] == entry_id)


def problems_of(folder):
    with pytest.raises(RulesError) as caught:
        load_rules(folder)
    return caught.value.problems


def drop_persian_title(data):
    del entry(data, "outcomes", "rece_job")["title"]["fa"]


def add_unknown_fact(data):
    entry(data, "outcomes", "rece_job")["facts"].append("rece.nope")


def add_unknown_source(data):
    entry(data, "facts", "rece.name")["sources"].append("NOPE-2099")


def use_unknown_question(data):
    entry(data, "notes", "fee_card")["when"] = "outcome == 'rece_job' and colour == 'blue'"


def use_unknown_option(data):
    entry(data, "outcomes", "rece_job")["when"] = "goal == 'jobs'"


def use_unknown_group(data):
    entry(data, "outcomes", "eu_citizen")["when"] = "nationality in @europe"


def make_outcome_unreachable(data):
    entry(data, "outcomes", "eu_citizen")["when"] = "nationality in @eu or nationality == 'DZ'"


def leave_a_gap(data):
    entry(data, "outcomes", "rece_company")["when"] = "goal == 'company' and nationality == 'US'"


def duplicate_fact(data):
    data["facts"].append(dict(entry(data, "facts", "rece.name")))


def malform_date(data):
    entry(data, "facts", "rece.duration")["verified_on"] = "2026-13-01"


def impossible_date(data):
    entry(data, "sources", "SP-F17319")["date"] = "2026-02-30"


def break_expression(data):
    entry(data, "questions", "goal")["when"] = "had_rece == 'no' and (situation == 'researcher'"


def unknown_status(data):
    entry(data, "facts", "rece.name")["status"] = "rumoured"


def ill_typed_condition(data):
    entry(data, "questions", "goal")["when"] = "degree_date < 5"


def ill_typed_answered(data):
    entry(data, "notes", "apply_now")["when"] = "answered(degree) == 1"


def add_an_idle_question(data):
    text = {"en": "Colour?", "fr": "Couleur ?", "fa": "رنگ؟"}
    data["questions"].append({"id": "colour", "kind": "choice", "when": "answered(nationality)", "text": text,
                              "options": [{"id": "blue", "label": text}, {"id": "red", "label": text}]})


def contradict_notes_that_meet(data):
    entry(data, "notes", "apply_window")["contradicts"] = ["fee_card"]


def undate_a_parameter_value(data):
    del entry(data, "parameters", "fee_card")["values"][0]["from"]


def float_parameter_value(data):
    entry(data, "parameters", "fee_card")["values"][0]["cents"] = 75.5


def verify_what_was_not_found(data):
    fact = entry(data, "facts", "rece.duration")
    fact["status"] = "verified"
    fact["text"]["en"] = "Its length was not found."


def unknown_amount_mark(data):
    entry(data, "notes", "fee_card")["text"]["en"] = "You pay {amount:fee_nope}."


def drop_a_unit_text(data):
    del data["unit_EUR_per_hour"]


def list_bilateral_members_too(data):
    entry(data, "groups", "bilateral")["members"] = ["GE"]


def repeat_a_bilateral_row(data):
    data["bilateral"].append(dict(data["bilateral"][0]))


@pytest.mark.parametrize("file, mutate, expected", [
    ("questions.yaml", ill_typed_condition, "questions.yaml: questions.goal.when: ill-typed expression: "
                                            "'<' compares values of one type, not date with number"),
    ("notes.yaml", ill_typed_answered, "notes.yaml: notes.apply_now.when: ill-typed expression: "
                                       "'==' compares values of one type, not yes/no with number"),
    ("questions.yaml", add_an_idle_question, "questions.yaml: questions.colour: idle question: no answer changes "
                                             "the result after {\"nationality\": "),
    ("notes.yaml", contradict_notes_that_meet, "notes.yaml: notes.apply_window.contradicts: 'apply_window' and "
                                               "'fee_card' are both given for"),
    ("parameters.yaml", undate_a_parameter_value, "parameters.yaml: parameters.fee_card.values[0].from: missing date"),
    ("parameters.yaml", float_parameter_value, "parameters.yaml: parameters.fee_card.values[0].cents: must be a whole "
                                               "number of cents"),
    ("facts.yaml", verify_what_was_not_found, "facts.yaml: facts.rece.duration.status: a fact that says something "
                                              "was not found or is not confirmed cannot be `verified`"),
    ("texts/common.yaml", drop_a_unit_text, "texts/common.yaml: unit_EUR_per_hour: missing: the text after an "
                                            "amount EUR_per_hour"),
    ("groups.yaml", list_bilateral_members_too, "groups.yaml: groups.bilateral.members_from: must be `bilateral`"),
    ("groups.yaml", repeat_a_bilateral_row, "groups.yaml: bilateral.BJ: a country is listed twice"),
    ("notes.yaml", unknown_amount_mark, "notes.yaml: notes.fee_card.text.en: {amount:fee_nope}: unknown parameter"),
    ("outcomes.yaml", drop_persian_title, "outcomes.yaml: outcomes.rece_job.title.fa: Persian text missing"),
    ("outcomes.yaml", add_unknown_fact, "outcomes.yaml: outcomes.rece_job.facts["),
    ("facts.yaml", add_unknown_source, "facts.yaml: facts.rece.name.sources: unknown source 'NOPE-2099'"),
    ("notes.yaml", use_unknown_question, "notes.yaml: notes.fee_card.when: unknown question or date 'colour'"),
    ("outcomes.yaml", use_unknown_option, "outcomes.yaml: outcomes.rece_job.when: unknown option 'jobs' of question goal"),
    ("outcomes.yaml", use_unknown_group, "outcomes.yaml: outcomes.eu_citizen.when: unknown group '@europe'"),
    ("outcomes.yaml", make_outcome_unreachable, "outcomes.yaml: outcomes.algeria: can never be reached"),
    ("outcomes.yaml", leave_a_gap, "outcomes.yaml: outcomes: no outcome for the complete answers"),
    ("facts.yaml", duplicate_fact, "facts.yaml: facts.rece.name: duplicate id 'rece.name'"),
    ("facts.yaml", malform_date, "facts.yaml: facts.rece.duration.verified_on: malformed date '2026-13-01'"),
    ("sources.yaml", impossible_date, "sources.yaml: sources.SP-F17319.date: malformed date '2026-02-30': is not a real date"),
    ("questions.yaml", break_expression, "questions.yaml: questions.goal.when: bad expression: expected ')'"),
    ("facts.yaml", unknown_status, "facts.yaml: facts.rece.name.status: must be one of verified, reported, contested"),
])
def test_broken_rules_are_reported_precisely(tmp_path, file, mutate, expected):
    problems = problems_of(broken_rules(tmp_path, file, mutate))
    assert any(problem.startswith(expected) for problem in problems), problems
    if mutate is add_unknown_fact:
        assert any("unknown fact 'rece.nope'" in problem for problem in problems)


def test_unknown_fact_in_outcome_names_it(tmp_path):
    problems = problems_of(broken_rules(tmp_path, "outcomes.yaml", add_unknown_fact))
    assert any(p.startswith("outcomes.yaml: outcomes.rece_job.facts[") and p.endswith("unknown fact 'rece.nope'")
               for p in problems), problems


def test_yaml_syntax_error_names_the_line(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    (folder / "notes.yaml").write_text("notes:\n  - id: fee\n    when: [unclosed\n", encoding="utf-8")
    problems = problems_of(folder)
    assert any(p.startswith("notes.yaml: line ") and "not valid YAML" in p for p in problems), problems


def test_missing_file_is_named(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    (folder / "dates.yaml").unlink()
    assert "dates.yaml: (file): file missing" in problems_of(folder)


def test_all_problems_are_listed_together(tmp_path):
    def two_problems(data):
        drop_persian_title(data)
        entry(data, "outcomes", "algeria")["title"]["fr"] = ""
    problems = problems_of(broken_rules(tmp_path, "outcomes.yaml", two_problems))
    assert "outcomes.yaml: outcomes.rece_job.title.fa: Persian text missing" in problems
    assert "outcomes.yaml: outcomes.algeria.title.fr: French text missing" in problems


def test_the_real_rules_load():
    rules = load_rules()
    # every kind is there, each id once (no count: a new outcome, note or question changes no test here)
    for kind in ("outcomes", "notes", "questions", "dates"):
        ids = [item["id"] for item in rules[kind]]
        assert ids and len(ids) == len(set(ids)), kind


def test_the_bilateral_group_is_the_countries_of_the_bilateral_table(tmp_path):
    rules = load_rules()
    assert rules["groups"]["bilateral"]["members"] == [row["country"] for row in rules["bilateral"]]
    countries = [row["country"] for row in rules["bilateral"]]
    assert countries and len(countries) == len(set(countries))

    def add_senegal(data):
        data["bilateral"].append({"country": "SN", "fact": "bilateral.BA", "length_months": None,
                                  "renewal": "unknown", "degrees": "unknown"})

    added = load_rules(broken_rules(tmp_path, "groups.yaml", add_senegal))
    assert added["groups"]["bilateral"]["members"][-1] == "SN"
    assert added["groups"]["bilateral"]["members"] == [row["country"] for row in added["bilateral"]]


@pytest.mark.parametrize("day", [0, 1], ids=["verified_on", "leap_day"])
def test_the_idle_question_walk_sees_every_complete_answer_set_of_the_compact_walk(day):
    # the loader checks reachability and contradictions on the complete answers of the idle walk (one
    # test per validation day, so that parallel workers share the walks)
    from checker.answer_space import cached_idle_questions, idle_questions, validation_todays, walk_answer_space

    rules = load_rules()
    today = validation_todays(rules)[day]
    complete = []
    assert idle_questions(rules, today, complete) == []
    assert complete == list(walk_answer_space(rules, today, countries_per_group=1, compact=True))
    assert len(complete) > 500
    # the loader's walk, kept on disk, gives the same
    kept = []
    assert cached_idle_questions(rules, today, kept) == [] and kept == complete
