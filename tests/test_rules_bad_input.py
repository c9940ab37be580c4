"""Broken rules files a careless maintainer could write: one fixture per case, each with its exact
`file: key: problem` message, and `python -m checker rules-json` exiting 2 without a traceback."""

from __future__ import annotations

import shutil

import pytest
import yaml

from checker.rules_loader import RULES_DIR, RulesError, load_rules
from tests.test_engine_spec import cli_in_process
from tests.test_rules_validation import broken_rules, entry


def rules_copy(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder, ignore=shutil.ignore_patterns("cases", "schema"))
    return folder


def edited(tmp_path, file, edit):
    """A copy of the rules with one file's bytes changed by `edit`."""
    folder = rules_copy(tmp_path)
    path = folder / file
    path.write_bytes(edit(path.read_bytes()))
    return folder


def replaced(old: str, new: str):
    def edit(data: bytes) -> bytes:
        assert old.encode() in data, old
        return data.replace(old.encode(), new.encode(), 1)
    return edit


def line_of(data: bytes, text: str) -> int:
    return data[:data.index(text.encode())].count(b"\n") + 1


def assert_reported_exactly(folder, expected: list[str], capsys) -> None:
    with pytest.raises(RulesError) as caught:
        load_rules(folder)
    assert caught.value.problems == expected
    done = cli_in_process(capsys, "--rules", str(folder), "rules-json")
    assert done.returncode == 2 and done.stdout == ""
    assert "Traceback" not in done.stderr and all(problem in done.stderr for problem in expected)


# --- what the reader refuses ---------------------------------------------------------------------

def test_an_impossible_date_is_a_message_not_a_traceback(tmp_path, capsys):
    folder = edited(tmp_path, "facts.yaml", replaced("verified_on: 2026-11-29", "verified_on: 2026-02-30"))
    first = next(f for f in yaml.safe_load((RULES_DIR / "facts.yaml").read_text(encoding="utf-8"))["facts"]
                 if str(f["verified_on"]) == "2026-11-29")
    assert_reported_exactly(folder, [f"facts.yaml: facts.{first['id']}.verified_on: malformed date '2026-02-30': "
                                     "is not a real date"], capsys)


def test_a_latin1_file_is_named_with_the_byte_offset(tmp_path, capsys):
    text = "synonyms:\n  CI: {fr: [Côte d'Ivoire]}\n"
    folder = edited(tmp_path, "countries.yaml", lambda data: text.encode("latin-1"))
    offset = text.index("ô")
    assert_reported_exactly(folder, [f"countries.yaml: line 2: not UTF-8: byte 0xf4 at byte offset {offset} "
                                     "(column 14) cannot be read; save the file as UTF-8"], capsys)


def test_a_utf16_file_is_named(tmp_path, capsys):
    folder = edited(tmp_path, "dates.yaml", lambda data: data.decode("utf-8").encode("utf-16"))
    assert_reported_exactly(folder, ["dates.yaml: (file): not UTF-8: the file starts with a UTF-16 byte-order "
                                     "mark; save it as UTF-8"], capsys)


def test_a_utf16_file_without_byte_order_mark_is_named(tmp_path, capsys):
    folder = edited(tmp_path, "dates.yaml", lambda data: data.decode("utf-8").encode("utf-16-le"))
    assert_reported_exactly(folder, ["dates.yaml: line 1: not UTF-8: byte 0x00 at byte offset 1 (a UTF-16 or "
                                     "UTF-32 file?); save the file as UTF-8"], capsys)


def test_stray_bytes_are_located(tmp_path, capsys):
    data = (RULES_DIR / "notes.yaml").read_bytes()
    at = data.index(b"\n  - id: ") + 1  # the start of the first entry's line
    folder = edited(tmp_path, "notes.yaml", lambda data: data[:at] + b"\x80\xff" + data[at:])
    line = data[:at].count(b"\n") + 1
    assert_reported_exactly(folder, [f"notes.yaml: line {line}: not UTF-8: byte 0x80 at byte "
                                     f"offset {at} (column 1) cannot be read; save the file as UTF-8"], capsys)


def test_a_duplicate_key_is_an_error(tmp_path, capsys):
    data = (RULES_DIR / "notes.yaml").read_bytes()
    when = data[data.index(b"    when: "):].split(b"\n", 1)[0].decode()
    folder = edited(tmp_path, "notes.yaml", replaced(when, f"{when}\n    when: \"true\""))
    first = line_of(data, when)
    assert_reported_exactly(folder, [f"notes.yaml: line {first + 1}: duplicate key 'when' (first given on line "
                                     f"{first})"], capsys)


def test_an_empty_questions_file_is_named(tmp_path, capsys):
    folder = edited(tmp_path, "questions.yaml", lambda data: b"# no questions yet\n")
    assert_reported_exactly(folder, ["questions.yaml: (file): the file is empty (it needs at least its top-level "
                                     "keys)"], capsys)


# --- what the schema refuses ---------------------------------------------------------------------

def misspell_review_by(data):
    fact = entry(data, "facts", "rece.name")
    fact["reviw_by"] = "2027-01-01"


def misspell_calendar(data):
    entry(data, "dates", "window_closes")["calender"] = True


def misspell_contradicts(data):
    note = next(note for note in data["notes"] if note.get("contradicts"))
    note["contradict"] = note.pop("contradicts")


def extra_key_on_an_option(data):
    entry(data, "questions", "goal")["options"][0]["colour"] = "blue"


def misspell_synonyms(data):
    data["synonym"] = data.pop("synonyms")


def cents_beyond_2_53(data):
    entry(data, "parameters", "fee_card")["values"][0]["cents"] = 2**53


def version_a_link_cannot_carry(data):
    data["version"] = "2026.12.07 (draft)"


def contradicting_note_id(data):
    return next(note for note in data["notes"] if note.get("contradicts"))["id"]


@pytest.mark.parametrize("file, mutate, expected", [
    ("facts.yaml", misspell_review_by, "facts.yaml: facts.rece.name.reviw_by: unknown key (did you mean 'review_by'?)"),
    ("dates.yaml", misspell_calendar, "dates.yaml: dates.window_closes.calender: unknown key (did you mean 'calendar'?)"),
    ("questions.yaml", extra_key_on_an_option,
     "questions.yaml: questions.goal.options.{option}.colour: unknown key (known: id, label, hint, when, unsure)"),
    ("countries.yaml", misspell_synonyms, "countries.yaml: synonym: unknown key (did you mean 'synonyms'?)"),
    ("parameters.yaml", cents_beyond_2_53, "parameters.yaml: parameters.fee_card.values[0].cents: 9007199254740992 is "
                                           "beyond ±2^53 − 1 (9 007 199 254 740 991): JavaScript reads a larger whole "
                                           "number as another number"),
    ("meta.yaml", version_a_link_cannot_carry, "meta.yaml: version: '2026.12.07 (draft)' cannot be carried by a "
                                               "shared link (v=…): use letters, digits, '.', '+' and '-', at most 40 "
                                               "characters, starting with a letter or a digit"),
])
def test_the_schema_refuses_what_would_be_silently_wrong(tmp_path, capsys, file, mutate, expected):
    original = yaml.safe_load((RULES_DIR / file).read_text(encoding="utf-8"))
    if mutate is extra_key_on_an_option:
        expected = expected.format(option=entry(original, "questions", "goal")["options"][0]["id"])
    assert_reported_exactly(broken_rules(tmp_path, file, mutate), [expected], capsys)


def test_a_misspelt_contradicts_is_an_error(tmp_path, capsys):
    note = contradicting_note_id(yaml.safe_load((RULES_DIR / "notes.yaml").read_text(encoding="utf-8")))
    assert_reported_exactly(broken_rules(tmp_path, "notes.yaml", misspell_contradicts),
                            [f"notes.yaml: notes.{note}.contradict: unknown key (did you mean 'contradicts'?)"], capsys)


# --- what the later steps refuse -----------------------------------------------------------------

def dates_depending_on_each_other(data):
    entry(data, "dates", "window_closes")["value"] = "add_months(file_before, -2)"
    entry(data, "dates", "file_before")["value"] = "add_days(window_closes, 1)"


def deeply_nested(data):
    entry(data, "notes", "fee_card")["when"] = "(" * 60 + "true" + ")" * 60


def over_long(data):
    entry(data, "notes", "fee_card")["when"] = " or ".join(["outcome == 'rece_job'"] * 120)


@pytest.mark.parametrize("file, mutate, expected", [
    ("dates.yaml", dates_depending_on_each_other,
     "dates.yaml: dates.window_closes: the dates depend on each other: window_closes → file_before → window_closes"),
    ("notes.yaml", deeply_nested, "notes.yaml: notes.fee_card.when: bad expression: nested more than 40 levels deep "
                                  "(parentheses, calls or 'not')"),
    ("notes.yaml", over_long, "notes.yaml: notes.fee_card.when: bad expression: longer than 2000 characters"),
])
def test_cycles_and_expression_limits_are_messages(tmp_path, capsys, file, mutate, expected):
    assert_reported_exactly(broken_rules(tmp_path, file, mutate), [expected], capsys)


def test_problems_after_a_file_that_failed_to_read_are_not_reported(tmp_path, capsys):
    """facts.yaml unreadable: the facts every other file cites are not reported missing."""
    folder = edited(tmp_path, "facts.yaml", lambda data: data.replace(b"facts:", b"facts: [", 1))
    with pytest.raises(RulesError) as caught:
        load_rules(folder)
    assert len(caught.value.problems) == 1 and caught.value.problems[0].startswith("facts.yaml: line ")


# --- the keys added with rules v3: services, date bounds, site names, deadlines, file_now ---------

def misspell_french_only(data):
    service = entry(data, "services", "anef")
    service["french_onyl"] = service.pop("french_only")


def service_with_url_and_page(data):
    entry(data, "services", "guide_apply")["url"] = "https://example.org/"


def page_service_with_sources(data):
    entry(data, "services", "guide_apply")["sources"] = ["SP-F17319"]


def outcome_without_services(data):
    del data["outcomes"]["eu_citizen"]


def unknown_service(data):
    data["outcomes"]["eu_citizen"] = ["guide_eligibilty"]


def years_beyond_100(data):
    entry(data, "questions", "degree_date")["earliest_years_before_today"] = 150


def years_on_a_choice_question(data):
    entry(data, "questions", "goal")["latest_years_after_today"] = 2


def misspell_years(data):
    entry(data, "questions", "degree_date")["earliest_year_before_today"] = \
        entry(data, "questions", "degree_date").pop("earliest_years_before_today")


def from_unknown_not_a_flag(data):
    entry(data, "parameters", "fee_card")["values"][0]["from_unknown"] = "yes"


def site_name_in_an_unknown_language(data):
    data["names"]["CG"]["de"] = "Republik Kongo"


def site_name_of_an_unknown_country(data):
    data["names"]["ZZ"] = {"en": "Nowhere"}


def names_always_shipped_of_an_unknown_country(data):
    data["always_ship_names"].append("ZZ")


def names_always_shipped_twice(data):
    data["always_ship_names"].append("HK")


def empty_site_name(data):
    data["names"]["BA"]["en"] = " "


def deadline_without_persian(data):
    del entry(data, "dates", "file_before")["deadline"]["fa"]


def date_guide_of_an_unknown_page(data):
    entry(data, "dates", "file_before")["guide"] = "aply"


def monthly_check_of_a_yearly_parameter(data):
    entry(data, "questions", "gross_salary")["monthly_check"]["parameter"] = "talent_sq_annual"


def monthly_check_on_a_date_question(data):
    entry(data, "questions", "degree_date")["monthly_check"] = {"parameter": "work_threshold_monthly", "below": 10000}


def service_named_as_an_empty_word(data):
    entry(data, "services", "anef")["named_as"] = [" "]


def file_now_not_a_flag(data):
    entry(data, "notes", "apply_now")["file_now"] = "yes"


def next_change_of_a_parameter_without_one(data):
    note = entry(data, "notes", "threshold_changes")
    note["text"]["en"] = note["text"]["en"].replace("{next_change:work_threshold_monthly}", "{next_change:fee_card}")


def unknown_panel(data):
    entry(data, "outcomes", "waiting_decision")["panel"] = "pending"


@pytest.mark.parametrize("file, mutate, expected", [
    ("services.yaml", misspell_french_only,
     "services.yaml: services.anef.french_onyl: unknown key (did you mean 'french_only'?)"),
    ("services.yaml", service_with_url_and_page,
     "services.yaml: services.guide_apply: needs either `url` (another site) or `page` (a guide page), not both"),
    ("services.yaml", page_service_with_sources,
     "services.yaml: services.guide_apply.sources: only a service on another site (`url`) has it"),
    ("services.yaml", outcome_without_services,
     "services.yaml: outcomes.eu_citizen: every outcome needs at least one service"),
    ("services.yaml", unknown_service, "services.yaml: outcomes.eu_citizen: unknown service 'guide_eligibilty'"),
    ("questions.yaml", years_beyond_100,
     "questions.yaml: questions.degree_date.earliest_years_before_today: must be a whole number of years between 0 "
     "and 100"),
    ("questions.yaml", years_on_a_choice_question,
     "questions.yaml: questions.goal.latest_years_after_today: only a date question can have it"),
    ("questions.yaml", misspell_years, "questions.yaml: questions.degree_date.earliest_year_before_today: unknown key "
                                       "(did you mean 'earliest_years_before_today'?)"),
    ("parameters.yaml", from_unknown_not_a_flag,
     "parameters.yaml: parameters.fee_card.values[0].from_unknown: must be true or false"),
    ("countries.yaml", site_name_in_an_unknown_language,
     "countries.yaml: names.CG.de: unknown language 'de' (use en, fr, fa)"),
    ("countries.yaml", site_name_of_an_unknown_country, "countries.yaml: names.ZZ: unknown country code 'ZZ'"),
    ("countries.yaml", empty_site_name, "countries.yaml: names.BA.en: must be a name"),
    ("countries.yaml", names_always_shipped_of_an_unknown_country,
     "countries.yaml: always_ship_names.ZZ: unknown country code 'ZZ'"),
    ("countries.yaml", names_always_shipped_twice, "countries.yaml: always_ship_names.HK: listed twice"),
    ("dates.yaml", deadline_without_persian, "dates.yaml: dates.file_before.deadline.fa: Persian text missing"),
    ("dates.yaml", date_guide_of_an_unknown_page, "dates.yaml: dates.file_before.guide: unknown page 'aply'"),
    ("questions.yaml", monthly_check_of_a_yearly_parameter,
     "questions.yaml: questions.gross_salary.monthly_check.parameter: 'talent_sq_annual' is not a parameter in euros "
     "a month"),
    ("questions.yaml", monthly_check_on_a_date_question,
     "questions.yaml: questions.degree_date.monthly_check: only an amount question can have it"),
    ("services.yaml", service_named_as_an_empty_word, "services.yaml: services.anef.named_as[0]: must be a word or words, not blank"),
    ("notes.yaml", file_now_not_a_flag, "notes.yaml: notes.apply_now.file_now: must be true or false"),
    ("notes.yaml", next_change_of_a_parameter_without_one,
     "notes.yaml: notes.threshold_changes.text.en: {next_change:fee_card}: unknown parameter with a `next_change`"),
    ("outcomes.yaml", unknown_panel, "outcomes.yaml: outcomes.waiting_decision.panel: must be one of can_apply, "
                                     "not_yet, other_route, no_permit_needed, waiting, refused, depends, not 'pending'"),
])
def test_the_keys_of_rules_v3_are_checked(tmp_path, capsys, file, mutate, expected):
    assert_reported_exactly(broken_rules(tmp_path, file, mutate), [expected], capsys)
