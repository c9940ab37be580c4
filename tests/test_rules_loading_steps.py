"""The loader's steps one by one (checker/rules_loading/): the reader, the schema, the date-cycle
invariant, and the published JSON Schema."""

from __future__ import annotations

import json

import pytest

from checker.__main__ import write_schemas
from checker.expressions import parse_expression
from checker.rules_loader import RULES_DIR, read_documents
from checker.rules_loading import invariants, reader, schema
from checker.rules_loading.problems import Problems


def parsed(text: str, name: str = "notes.yaml"):
    problems = Problems()
    return reader.parse(text, name, problems), problems


def validated(name: str, text: str) -> list[str]:
    document, problems = parsed(text, name)
    assert document is not None, problems
    schema.validate(name, document, problems)
    return problems


# --- reader --------------------------------------------------------------------------------------

def test_the_reader_refuses_a_key_given_twice_at_any_depth():
    assert parsed("a:\n  b: 1\n  c: 2\n  b: 3\n") == (None, ["notes.yaml: line 4: duplicate key 'b' (first given on line 2)"])


def test_the_reader_keeps_an_impossible_date_as_its_text():
    document, problems = parsed("a: 2026-02-30\nb: 2026-02-28\n")
    assert document == {"a": "2026-02-30", "b": __import__("datetime").date(2026, 2, 28)} and not problems
    assert isinstance(document["a"], reader.BadDate)


@pytest.mark.parametrize("data, expected", [
    ("a: é\n".encode("latin-1"), "x.yaml: line 1: not UTF-8: byte 0xe9 at byte offset 3 (column 4) cannot be read; "
                                 "save the file as UTF-8"),
    ("a: 1\nb: é\n".encode("cp1252"), "x.yaml: line 2: not UTF-8: byte 0xe9 at byte offset 8 (column 4) cannot be "
                                      "read; save the file as UTF-8"),
    ("a: 1\n".encode("utf-32"), "x.yaml: (file): not UTF-8: the file starts with a UTF-32 byte-order mark; save it "
                                "as UTF-8"),
])
def test_the_reader_names_the_first_byte_that_is_not_utf8(data, expected):
    problems = Problems()
    assert reader.decode(data, "x.yaml", problems) is None and problems == [expected]


def test_the_reader_reports_control_characters_and_empty_files():
    assert parsed("a: \x07\n")[1] == ["notes.yaml: line 1: not valid YAML: character #x0007 at character 4: "
                                      "control characters are not allowed"]
    assert parsed("\n# nothing\n")[1] == ["notes.yaml: (file): the file is empty (it needs at least its top-level keys)"]


# --- schema --------------------------------------------------------------------------------------

TEXT = "{en: a, fr: b, fa: c}"


@pytest.mark.parametrize("name, text, expected", [
    ("notes.yaml", "notes:\n  - id: n\n    when: x\n    text: {en: a, fr: b}\n",
     ["notes.yaml: notes.n.text.fa: Persian text missing"]),
    ("notes.yaml", f"notes:\n  - id: n\n    text: {TEXT}\n", ["notes.yaml: notes.n.when: missing"]),
    ("notes.yaml", "notes:\n  - id: n\n    when: x\n    text: {en: a, fr: b, fa: c, de: d}\n",
     ["notes.yaml: notes.n.text.de: unknown language 'de' (use en, fr, fa)"]),
    ("dates.yaml", f"dates:\n  - id: d\n    value: x\n    label: {TEXT}\n    calendar: 'yes'\n",
     ["dates.yaml: dates.d.calendar: must be true or false"]),
    ("questions.yaml", f"questions:\n  - id: q\n    kind: amount\n    text: {TEXT}\n    max: 1.5\n",
     ["questions.yaml: questions.q.max: must be a whole number of euros"]),
    ("questions.yaml", f"questions:\n  - id: q\n    kind: amount\n    text: {TEXT}\n    min: '5'\n",
     ["questions.yaml: questions.q.min: must be a whole number of euros"]),
    ("groups.yaml", f"groups:\n  - id: g\n    kind: country\n    label: {TEXT}\n    members: [FR, NO]\n",
     ["groups.yaml: groups.g.members[1]: False is not a code: quote codes such as 'NO' (YAML reads a bare NO as false)"]),
    ("outcomes.yaml", f"outcomes:\n  - id: o\n    when: x\n    title: {TEXT}\n    facts: [{{fact: f, whne: x}}]\n"
                      "    next_steps: []\n    panel: can_apply\n",
     ["outcomes.yaml: outcomes.o.facts[0]: unknown key 'whne' (did you mean 'when'?)"]),
    ("parameters.yaml", f"parameters:\n  - id: p\n    label: {TEXT}\n    unit: EUR\n    fact: f\n"
                        "    in_result: {with_notes: x}\n    values: [{from: 2026-01-01, cents: 1, source: s}]\n",
     ["parameters.yaml: parameters.p.in_result: must be `always` or `{with_note: <note id>}`"]),
    ("pages.yaml", "pages:\n  - slug: a\n    sections:\n      - {id: s, heading: h, before: [{text: t, group: g}]}\n",
     ["pages.yaml: pages.a.sections[0].before[0]: 'group' is not a key of a text block (it takes none)"]),
    ("texts/common.yaml", "a: {en: x, fr: y}\n", ["texts/common.yaml: common.a.fa: Persian text missing"]),
    ("cases/x.yaml", "cases:\n  - today: 2026-01-01\n    expect: {outcom: x}\n",
     ["cases/x.yaml: cases[0].expect.outcom: unknown key (did you mean 'outcome'?)"]),
    ("meta.yaml", "- a\n", ["meta.yaml: (file): must be a mapping of keys to values"]),
])
def test_the_schema_names_file_key_and_problem(name, text, expected):
    assert validated(name, text) == expected


def test_the_real_rules_and_cases_fit_their_schema():
    problems = Problems()
    read_documents(RULES_DIR, problems)
    for path in sorted((RULES_DIR / "cases").glob("*.yaml")):
        name = f"cases/{path.name}"
        schema.validate(name, reader.read(RULES_DIR, name, problems), problems)
    assert problems == []


def test_the_published_json_schema_is_up_to_date(tmp_path):
    written = write_schemas(tmp_path)
    assert sorted(path.name for path in written) == sorted(path.name for path in (RULES_DIR / "schema").glob("*.json"))
    for path in written:
        assert path.read_text(encoding="utf-8") == (RULES_DIR / "schema" / path.name).read_text(encoding="utf-8"), \
            f"checker/rules/schema/{path.name} is out of date: run `python -m checker schema`"
        assert json.loads(path.read_text(encoding="utf-8"))["additionalProperties"] is not True


# --- invariants ----------------------------------------------------------------------------------

def dates(**values):
    return {"dates": [{"id": key, "when": None, "value": parse_expression(value)} for key, value in values.items()]}


def test_a_cycle_between_dates_is_one_message():
    problems = Problems()
    invariants.date_cycles(dates(a="add_days(c, 1)", b="add_days(a, 1)", c="add_days(b, 1)", d="add_days(a, 2)"),
                           problems)
    assert problems == ["dates.yaml: dates.a: the dates depend on each other: a → c → b → a"]


def test_dates_that_use_earlier_dates_are_fine():
    problems = Problems()
    invariants.date_cycles(dates(a="today", b="add_days(a, 1)", c="add_months(b, 2)"), problems)
    assert problems == []


# --- resolve and typecheck, on the real documents changed in memory -------------------------------

@pytest.fixture(scope="module")
def documents():
    problems = Problems()
    read = read_documents(RULES_DIR, problems)
    assert problems == []
    return read


def resolved(documents, change):
    import copy

    from checker.rules_loading.resolve import Resolver

    changed = copy.deepcopy(documents)
    change(changed)
    problems = Problems()
    resolver = Resolver(changed, problems)
    return resolver.build(), problems


def test_resolve_reports_duplicate_ids_and_unknown_references(documents):
    def change(docs):
        facts = docs["facts.yaml"]["facts"]
        facts.append(dict(facts[0]))
        docs["notes.yaml"]["notes"][0]["facts"] = ["no.such_fact"]
    _, problems = resolved(documents, change)
    first_fact = documents["facts.yaml"]["facts"][0]["id"]
    first_note = documents["notes.yaml"]["notes"][0]["id"]
    assert problems == [f"facts.yaml: facts.{first_fact}: duplicate id '{first_fact}'",
                        f"notes.yaml: notes.{first_note}.facts: unknown fact 'no.such_fact'"]


def test_resolve_asks_a_contested_fact_for_its_other_reading(documents):
    def change(docs):
        fact = next(f for f in docs["facts.yaml"]["facts"] if f["status"] == "contested")
        del fact["other_reading"]
    contested = next(f for f in documents["facts.yaml"]["facts"] if f["status"] == "contested")["id"]
    assert resolved(documents, change)[1] == [
        f"facts.yaml: facts.{contested}.other_reading: missing text (needs en, fr and fa): a contested fact says the "
        "other reading and why this one is followed"]


def test_typecheck_names_the_expression_and_its_problem(documents):
    from checker.rules_loading import typecheck

    def change(docs):
        docs["notes.yaml"]["notes"][0]["when"] = "degree_date < 5"
    rules, problems = resolved(documents, change)
    assert problems == []
    typecheck.check_expressions(rules, problems)
    first_note = documents["notes.yaml"]["notes"][0]["id"]
    assert problems == [f"notes.yaml: notes.{first_note}.when: ill-typed expression: '<' compares values of one "
                        "type, not date with number"]
