"""The reference rule engine.

``evaluate(rules, answers, today)`` returns the result object (see checker/rules/README.md,
"Evaluation"): ``{"rules_version", "complete", "next_question", "outcome", "notes", "dates"
(ISO dates), "amounts" (integer cents), "documents", "alternatives", "facts"}``. It interprets the compiled rules
(the same JSON the browser gets) and nothing else: the law lives in the rules files.

checker/web/engine.js mirrors this module function by function, with the same names in camelCase.
The one difference: this module raises ``AnswerError``, the browser engine returns the same
messages in ``result.errors``.
"""

from __future__ import annotations

import itertools
import re

ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
SAFE_VALUE = re.compile(r"[A-Za-z0-9_-]{1,40}")
FIRST_YEAR, LAST_YEAR = 1900, 2199


class AnswerError(ValueError):
    """Bad answers (or a bad date for today). Each message starts with the question id."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


# --- dates -----------------------------------------------------------------------------------

def days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def date_problem(value) -> str | None:
    """Why a value is not a usable ISO date, or None when it is one."""
    if not isinstance(value, str):
        return "must be a date written YYYY-MM-DD"
    match = ISO_DATE.fullmatch(value)
    if not match:
        return "must be a date written YYYY-MM-DD"
    year, month, day = (int(part) for part in match.groups())
    if month < 1 or month > 12 or day < 1 or day > days_in_month(year, month):
        return "is not a real date"
    if year < FIRST_YEAR or year > LAST_YEAR:
        return f"must be between the years {FIRST_YEAR} and {LAST_YEAR}"
    return None


def add_months(iso_date: str, months: int) -> str:
    """Month arithmetic (checker/rules/DOMAIN.md, "Dates"): the day is clamped to the end of the target month."""
    year, month, day = (int(part) for part in iso_date.split("-"))
    total = year * 12 + (month - 1) + months
    new_year, new_month = total // 12, total % 12 + 1
    new_day = min(day, days_in_month(new_year, new_month))
    return f"{new_year:04d}-{new_month:02d}-{new_day:02d}"


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm, integers only)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The (year, month, day) of a count of days since 1970-01-01 (inverse of days_from_civil)."""
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + (3 if shifted_month < 10 else -9)
    return year_of_era + era * 400 + (month <= 2), month, day


def add_days(iso_date: str, days: int) -> str:
    """Day arithmetic (checker/rules/DOMAIN.md, "Dates"): calendar days, 2026-08-10 + 90 = 2026-11-08."""
    year, month, day = civil_from_days(days_from_civil(*(int(part) for part in iso_date.split("-"))) + days)
    return f"{year:04d}-{month:02d}-{day:02d}"


# --- input checks ----------------------------------------------------------------------------

def quoted(value) -> str:
    """A value echoed in a message, only when it is short and plain."""
    return f" '{value}'" if isinstance(value, str) and SAFE_VALUE.fullmatch(value) else ""


def amount_problem(question: dict, value) -> str | None:
    """Why a value is not a usable amount answer (whole euros within the question's bounds)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number of euros"
    if value < question["min"] or value > question["max"]:
        return f"must be between {question['min']} and {question['max']} euros"
    return None


def answer_problem(rules: dict, question: dict, value, today: str | None) -> str | None:
    """Why an answer cannot be used for its question, or None (``today``: a valid ISO date, or None)."""
    kind = question["kind"]
    if kind == "date":
        problem = date_problem(value)
        if problem is None and question["not_after_today"] and today is not None and value > today:
            return f"{question['id']}: is after today"
        return f"{question['id']}:{quoted(value)} {problem}" if problem else None
    if kind == "amount":
        problem = amount_problem(question, value)
        return f"{question['id']}: {problem}" if problem else None
    if not isinstance(value, str):
        return f"{question['id']}: the answer must be a text value"
    if kind == "country":
        if value not in rules["countries"]["codes"]:
            return f"{question['id']}:{quoted(value)} is not an ISO 3166-1 alpha-2 country code (upper case)"
        return None
    if value not in [option["id"] for option in question["options"]]:
        return f"{question['id']}:{quoted(value)} is not one of the options"
    return None


def utf16_order(text: str) -> bytes:
    """Sort key that orders strings as JavaScript's default sort does."""
    return text.encode("utf-16-be", "surrogatepass")


def check_inputs(rules: dict, answers, today) -> list[str]:
    errors: list[str] = []
    problem = date_problem(today)
    if problem:
        errors.append(f"today: {problem}")
    elif today < rules["covers_from"]:
        errors.append(f"today: before {rules['covers_from']}, the first date these rules cover")
    valid_today = None if problem else today
    if not isinstance(answers, dict):
        return errors + ["answers: must be an object mapping question ids to answers"]
    if not all(isinstance(question_id, str) for question_id in answers):
        return errors + ["answers: question ids must be texts"]
    questions = {question["id"]: question for question in rules["questions"]}
    for question_id in sorted(answers, key=utf16_order):
        if question_id not in questions:
            errors.append(f"{question_id if SAFE_VALUE.fullmatch(question_id) else 'answers'}: unknown question")
    for question in rules["questions"]:
        if question["id"] in answers:
            problem = answer_problem(rules, question, answers[question["id"]], valid_today)
            if problem:
                errors.append(problem)
    return errors


# --- expressions -----------------------------------------------------------------------------

def make_scope(rules: dict, answers: dict, today: str, outcome: str | None = None) -> dict:
    return {"rules": rules, "answers": answers, "today": today, "outcome": outcome}


def resolve_name(name: str, scope: dict):
    if name == "today":
        return scope["today"]
    if name == "outcome":
        return scope["outcome"]
    if name in scope["answers"]:
        return answer_value(scope["rules"], name, scope["answers"][name])
    for date in scope["rules"]["dates"]:
        if date["id"] == name:
            return compute_date(date, scope)
    return None


def evaluate_expression(node: dict, scope: dict):
    if "lit" in node:
        return node["lit"]
    if "ref" in node:
        return resolve_name(node["ref"], scope)
    if "group" in node:
        return scope["rules"]["groups"][node["group"]]["members"]
    if "list" in node:
        return [evaluate_expression(item, scope) for item in node["list"]]
    if "param" in node:
        return parameter_on(scope["rules"], node["param"], scope["today"])["cents"]
    if "next_change" in node:
        return scope["rules"]["parameters"][node["next_change"]]["next_change"]
    if "call" in node:
        return call_function(node["call"], node["args"], scope)
    return apply_operator(node["op"], node["args"], scope)


def answer_value(rules: dict, question_id: str, value):
    """An answer as expressions see it: amounts (whole euros) in cents, the rest as given."""
    if rules["question_kinds"][question_id] == "amount":
        return int(value) * 100
    return value


def call_function(name: str, args: list, scope: dict):
    if name == "answered":
        return args[0]["ref"] in scope["answers"]
    start = evaluate_expression(args[0], scope)
    count = evaluate_expression(args[1], scope)
    if start is None or count is None:
        return None
    return add_days(start, count) if name == "add_days" else add_months(start, count)


def apply_operator(operator: str, args: list, scope: dict):
    if operator == "and":
        return all(is_true(evaluate_expression(arg, scope)) for arg in args)
    if operator == "or":
        return any(is_true(evaluate_expression(arg, scope)) for arg in args)
    if operator == "not":
        return not is_true(evaluate_expression(args[0], scope))
    left = evaluate_expression(args[0], scope)
    right = evaluate_expression(args[1], scope)
    if operator == "*":
        return None if left is None or right is None else left * right
    if left is None or right is None:
        return False
    if operator == "==":
        return left == right
    if operator == "!=":
        return left != right
    if operator == "<":
        return left < right
    if operator == "<=":
        return left <= right
    if operator == ">":
        return left > right
    if operator == ">=":
        return left >= right
    if operator == "in":
        return left in right
    return left not in right  # "not in"


def is_true(value) -> bool:
    return value is True


def condition_holds(condition: dict | None, scope: dict) -> bool:
    return condition is None or is_true(evaluate_expression(condition, scope))


# --- evaluation ------------------------------------------------------------------------------

def options_for(rules: dict, question: dict, answers: dict, today: str) -> list[dict]:
    """The options of a choice question offered after these answers (each option's `when` holds)."""
    scope = make_scope(rules, answers, today)
    return [option for option in question["options"] if condition_holds(option["when"], scope)]


def walk_path(rules: dict, answers: dict, today: str) -> tuple[dict, str | None, list[str]]:
    """The answers on the path, the next question to ask, and the problems: answers off the path, and
    choices among options not offered for the answers before them."""
    on_path: dict = {}
    next_question = None
    errors: list[str] = []
    for question in rules["questions"]:
        if condition_holds(question["when"], make_scope(rules, on_path, today)):
            if question["id"] not in answers:
                next_question = question["id"]
                break
            value = answers[question["id"]]
            if question["kind"] == "choice" and value not in [o["id"] for o in options_for(rules, question, on_path, today)]:
                errors.append(f"{question['id']}:{quoted(value)} is not one of the options for these answers")
            on_path[question["id"]] = value
    errors += [
        f"{question['id']}: not asked for these answers (the question is off the path)"
        for question in rules["questions"]
        if question["id"] in answers and question["id"] not in on_path
    ]
    return on_path, next_question, errors


def compute_date(date: dict, scope: dict) -> str | None:
    if not condition_holds(date["when"], scope):
        return None
    return evaluate_expression(date["value"], scope)


def compute_dates(rules: dict, scope: dict) -> dict:
    dates = {}
    for date in rules["dates"]:
        value = compute_date(date, scope)
        if value is not None:
            dates[date["id"]] = value
    return dates


def find_outcome(rules: dict, scope: dict) -> str | None:
    for outcome in rules["outcomes"]:
        if condition_holds(outcome["when"], scope):
            return outcome["id"]
    return None


def collect_notes(rules: dict, scope: dict) -> list[str]:
    return [note["id"] for note in rules["notes"] if condition_holds(note["when"], scope)]


def country_question(rules: dict) -> str:
    """The id of the question whose answer is a country (found by its kind, not by its id)."""
    return next(question["id"] for question in rules["questions"] if question["kind"] == "country")


def detail_row(rules: dict, outcome: dict, scope: dict) -> dict | None:
    """The reader's row of the table an outcome details (``detail: bilateral_country``: the row of the
    answer to the country question), or None."""
    if outcome["detail"] != "bilateral_country":
        return None
    country = scope["answers"].get(country_question(rules))
    return next((row for row in rules["bilateral"] if row["country"] == country), None)


def collect_facts(rules: dict, outcome_id: str, note_ids: list[str], scope: dict) -> list[str]:
    """The outcome's deciding facts, the fact of its detail row, then the facts of its notes, each once."""
    facts: list[str] = []
    outcome = next(outcome for outcome in rules["outcomes"] if outcome["id"] == outcome_id)
    entries = list(outcome["facts"])
    row = detail_row(rules, outcome, scope)
    if row is not None:
        entries.append({"fact": row["fact"], "when": None})
    for note in rules["notes"]:
        if note["id"] in note_ids:
            entries.extend({"fact": fact, "when": None} for fact in note["facts"])
    for entry in entries:
        if entry["fact"] not in facts and condition_holds(entry["when"], scope):
            facts.append(entry["fact"])
    return facts


def collect_documents(rules: dict, outcome_id: str, scope: dict) -> list[str]:
    """The outcome's documents whose condition holds, in the outcome's order."""
    outcome = next(outcome for outcome in rules["outcomes"] if outcome["id"] == outcome_id)
    return [
        document_id
        for document_id in outcome["documents"]
        if condition_holds(rules["documents"][document_id]["when"], scope)
    ]


def unsure_questions(rules: dict, answers: dict) -> list[dict]:
    """The questions answered with an "I'm not sure" option (``unsure: true``), in question order."""
    return [
        question for question in rules["questions"]
        if question["id"] in answers
        and any(option["unsure"] and option["id"] == answers[question["id"]] for option in question["options"])
    ]


def collect_alternatives(rules: dict, outcome_id: str, answers: dict, today: str) -> list[dict]:
    """What each sure answer would give, for an outcome with ``alternatives: true`` (else []).

    Every combination of the unsure questions' other options (first question slowest) replaces the
    unsure answers; answers no longer on the path are dropped; equal ``if`` maps give one entry.
    Shape: [{"if": {question: value}, "complete", "outcome", "next_question", "notes"}].
    """
    outcome = next(outcome for outcome in rules["outcomes"] if outcome["id"] == outcome_id)
    if not outcome["alternatives"]:
        return []
    unsure = unsure_questions(rules, answers)
    choices = [[option["id"] for option in options_for(rules, question, answers, today) if not option["unsure"]]
               for question in unsure]
    alternatives: list[dict] = []
    for values in itertools.product(*choices):
        replaced = {**answers, **{question["id"]: value for question, value in zip(unsure, values)}}
        kept, _, _ = walk_path(rules, replaced, today)
        condition = {question["id"]: value for question, value in zip(unsure, values) if question["id"] in kept}
        if any(entry["if"] == condition for entry in alternatives):
            continue
        result = evaluate(rules, kept, today)
        alternatives.append({"if": condition, "complete": result["complete"], "outcome": result["outcome"],
                             "next_question": result["next_question"], "notes": result["notes"]})
    return alternatives


def collect_amounts(rules: dict, note_ids: list[str], today: str) -> dict:
    """The parameters in force on today that the result carries (cents): those shown always,
    and those shown with a note that the result has."""
    amounts = {}
    for parameter in rules["parameters"].values():
        shown = parameter["in_result"]
        if shown == "always" or (shown is not None and shown["with_note"] in note_ids):
            amounts[parameter["id"]] = parameter_on(rules, parameter["id"], today)["cents"]
    return amounts


def evaluate(rules: dict, answers: dict, today: str) -> dict:
    """The result for these answers on ``today`` (ISO date); AnswerError lists every bad input."""
    errors = check_inputs(rules, answers, today)
    if not errors:
        on_path, next_question, errors = walk_path(rules, answers, today)
    if errors:
        raise AnswerError(errors)
    scope = make_scope(rules, on_path, today)
    result = {
        "rules_version": rules["version"],
        "complete": next_question is None,
        "next_question": next_question,
        "outcome": None,
        "notes": [],
        "dates": compute_dates(rules, scope),
        "amounts": {},
        "documents": [],
        "alternatives": [],
        "facts": [],
    }
    if next_question is None:
        outcome = find_outcome(rules, scope)
        if outcome is None:
            raise AnswerError(["answers: no outcome matches these answers (a gap in the rules)"])
        scope["outcome"] = outcome
        result["outcome"] = outcome
        result["notes"] = collect_notes(rules, scope)
        result["documents"] = collect_documents(rules, outcome, scope)
        result["alternatives"] = collect_alternatives(rules, outcome, on_path, today)
        result["facts"] = collect_facts(rules, outcome, result["notes"], scope)
    result["amounts"] = collect_amounts(rules, result["notes"], today)
    return result


# --- helpers for the result page -------------------------------------------------------------

def parameter_on(rules: dict, parameter_id: str, day: str) -> dict | None:
    """The dated value ``{"from", "cents", "source"}`` of a parameter in force on a day (ISO): the
    last one whose start is not after it; None before the first."""
    in_force = None
    for entry in rules["parameters"][parameter_id]["values"]:
        if entry["from"] <= day:
            in_force = entry
    return in_force
