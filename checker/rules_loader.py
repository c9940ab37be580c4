"""Load, validate and compile the rules files (checker/rules/*.yaml) into one JSON-ready dict.

Every problem is reported as ``file: key.path: problem`` and all of them are collected before
``RulesError`` is raised, so a maintainer sees the whole list at once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pycountry
import yaml
from babel import Locale

from checker.engine import add_months, date_problem
from checker.typography import french
from checker.expressions import ExpressionError, infer_type, literals, parse_expression, references

RULES_DIR = Path(__file__).parent / "rules"
# the C parser (libyaml) when PyYAML has it: the same documents, about five times faster
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LANGUAGES = ("en", "fr", "fa")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "fa": "Persian"}
STATUSES = ("verified", "reported", "contested", "open")
QUESTION_KINDS = ("country", "choice", "date", "amount")
# the type an answer of each kind has inside expressions (amounts in cents)
ANSWER_TYPES = {"country": "text", "choice": "text", "date": "date", "amount": "amount"}
AMOUNT_BOUNDS = (1, 10_000_000)  # whole euros, unless a question sets min/max
PANELS = ("can_apply", "not_yet", "other_route", "no_permit_needed", "waiting", "refused", "depends")
DETAILS = ("bilateral_country",)
# a fact that says something was not found cannot be `verified`
NOT_FOUND = re.compile(r"\b(not found|was not found|were not found|not confirmed|no source)\b", re.IGNORECASE)
GROUP_KINDS = ("country", "option", "outcome")
RENEWALS = ("once", "second_permit", "none_found", "unknown")
DEGREES = ("licence_pro_or_master", "master_level", "unknown")
CLAIM_STATUSES = ("outdated", "still_right", "incomplete")
UNITS = ("EUR", "EUR_per_month", "EUR_per_year", "EUR_per_hour")
UNIT_TEXT = "unit_{}"  # texts/common.yaml: the text after an amount of that unit ("a month"); none for EUR
RESERVED_NAMES = ("today", "outcome")
INLINE_MARK = re.compile(r"\{([a-z_]+):([^{}]*)\}")
INLINE_MARK_KINDS = ("fr", "ltr", "amount", "answer", "next_change")
# {amount:<parameter id>}, {answer:<question id>}, {next_change:<parameter id>} (the date of its expected change)
FILES = (
    "meta.yaml", "sources.yaml", "facts.yaml", "parameters.yaml", "groups.yaml",
    "questions.yaml", "outcomes.yaml", "notes.yaml", "dates.yaml", "documents.yaml",
    "claims.yaml", "pages.yaml", "services.yaml",
)
# the guide pages' layout (pages.yaml): block kind -> the keys it takes
PAGE_BLOCKS = {
    "text": (), "options": ("intro",), "option_groups": ("group", "in_group", "not_in_group"), "documents": ("intro", "optional"),
    "bilateral_table": (), "parameters": ("caption",), "sources": (), "fact_index": (), "changelog": (),
    "claims": (), "statuses": (), "link": ("label",),
}
PAGE_TEXT_FILES = ("pages", "maintenance", "common")
RESERVED_SLUGS = ("changes",)  # the What changed page (build_tools/changelog_page.py)
SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


class RulesError(ValueError):
    """The rules files are broken; ``problems`` lists each one as ``file: key.path: problem``."""

    def __init__(self, problems: list[str]):
        super().__init__("the rules are broken:\n" + "\n".join(f"  {p}" for p in problems))
        self.problems = problems


class _Compiler:
    def __init__(self, rules_dir: Path):
        self.rules_dir = rules_dir
        self.problems: list[str] = []
        self.marks: list[tuple[str, str, str, str]] = []  # (file, path, kind, value) of inline marks

    # --- reporting and primitive checks ------------------------------------------------------

    def report(self, file: str, path: str, problem: str) -> None:
        self.problems.append(f"{file}: {path}: {problem}")

    def read(self, name: str):
        path = self.rules_dir / name
        if not path.exists():
            self.report(name, "(file)", "file missing")
            return None
        try:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "(file)"
            self.report(name, where, f"not valid YAML: {getattr(error, 'problem', error)}")
            return None

    def mapping(self, value, file: str, path: str) -> dict:
        if not isinstance(value, dict):
            self.report(file, path, "must be a mapping of keys to values")
            return {}
        return value

    def items(self, document, key: str, file: str) -> list[dict]:
        """A top-level list of entries that each have a unique `id`."""
        if document is None:  # missing or unreadable: already reported
            return []
        entries = self.mapping(document, file, "(file)").get(key)
        if not isinstance(entries, list):
            self.report(file, key, "must be a list")
            return []
        seen: set[str] = set()
        valid = []
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
                self.report(file, f"{key}[{index}]", "every entry needs an `id` text")
                continue
            if entry["id"] in seen:
                self.report(file, f"{key}.{entry['id']}", f"duplicate id '{entry['id']}'")
                continue
            seen.add(entry["id"])
            valid.append(entry)
        return valid

    def required(self, entry: dict, key: str, file: str, path: str, kind=str):
        value = entry.get(key)
        if value is None or (kind is not None and not isinstance(value, kind)):
            expected = {str: "a text", list: "a list", dict: "a mapping", int: "a whole number"}.get(kind, "a value")
            self.report(file, f"{path}.{key}", "missing" if value is None else f"must be {expected}")
            return None
        return value

    def text(self, entry: dict, key: str, file: str, path: str, optional: bool = False) -> dict | None:
        value = entry.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, dict):
            self.report(file, f"{path}.{key}", "missing text (needs en, fr and fa)")
            return None
        compiled = {}
        for language in LANGUAGES:
            translation = value.get(language)
            if not isinstance(translation, str) or not translation.strip():
                self.report(file, f"{path}.{key}.{language}", f"{LANGUAGE_NAMES[language]} text missing")
                continue
            self.check_inline_marks(translation, file, f"{path}.{key}.{language}")
            compiled[language] = french(translation.strip()) if language == "fr" else translation.strip()
        for language in value:
            if language not in LANGUAGES:
                self.report(file, f"{path}.{key}.{language}", f"unknown language '{language}' (use en, fr, fa)")
        return compiled

    def check_inline_marks(self, text: str, file: str, path: str) -> None:
        for kind, value in INLINE_MARK.findall(text):
            self.marks.append((file, path, kind, value))
            if kind not in INLINE_MARK_KINDS:
                self.report(file, path, f"unknown inline mark '{{{kind}:' (use {{fr:…}}, {{ltr:…}}, {{amount:…}}, {{answer:…}} or {{next_change:…}})")
        leftover = INLINE_MARK.sub("", text)
        if "{" in leftover or "}" in leftover:
            self.report(file, path, "unbalanced braces: inline marks are {fr:…}, {ltr:…}, {amount:…}, {answer:…} or {next_change:…}")

    def texts(self, items: list, file: str, path: str) -> list[dict]:
        if not isinstance(items, list):
            self.report(file, path, "must be a list of texts")
            return []
        compiled = []
        for index, item in enumerate(items):
            compiled.append(self.text({"text": item}, "text", file, f"{path}[{index}]") or {})
        return compiled

    def date(self, value, file: str, path: str, optional: bool = False) -> str | None:
        if value is None:
            if not optional:
                self.report(file, path, "missing date")
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            value = value.isoformat()
        problem = date_problem(value if isinstance(value, str) else None)
        if problem:
            self.report(file, path, f"malformed date {str(value)!r}: {problem}")
            return None
        return value

    def expression(self, source, file: str, path: str) -> dict | None:
        try:
            return parse_expression(source)
        except ExpressionError as error:
            self.report(file, path, f"bad expression: {error}")
            return None

    def condition(self, entry: dict, file: str, path: str, required: bool = False) -> dict | None:
        """The compiled `when` of an entry; None (always) when it has none and none is required."""
        if entry.get("when") is None:
            if required:
                self.report(file, f"{path}.when", "missing")
            return None
        return self.expression(entry["when"], file, f"{path}.when")

    def fact_refs(self, entry: dict, rules: dict, file: str, path: str) -> list[str]:
        return self.refs(entry.get("facts", []), rules["facts"], file, f"{path}.facts", "fact")

    def refs(self, ids, known, file: str, path: str, what: str) -> list[str]:
        if not isinstance(ids, list):
            self.report(file, path, f"must be a list of {what} ids")
            return []
        for item in ids:
            if item not in known:
                self.report(file, path, f"unknown {what} '{item}'")
        return [item for item in ids if item in known]

    # --- the files ---------------------------------------------------------------------------

    def compile(self) -> dict:
        documents = {name: self.read(name) for name in FILES}
        meta = self.mapping(documents["meta.yaml"] or {}, "meta.yaml", "(file)")
        countries = country_table()
        rules: dict = {
            "version": self.required(meta, "version", "meta.yaml", "meta"),
            "verified_on": self.date(meta.get("verified_on"), "meta.yaml", "meta.verified_on"),
            "review_after_months": self.required(meta, "review_after_months", "meta.yaml", "meta", int) or 6,
            "covers_from": self.date(meta.get("covers_from"), "meta.yaml", "meta.covers_from"),
            "languages": list(LANGUAGES),
            "countries": countries,
        }
        self.compile_countries(countries)
        rules["sources"] = self.compile_sources(documents["sources.yaml"])
        rules["facts"] = self.compile_facts(documents["facts.yaml"], rules)
        rules["changelog"] = self.compile_changelog(meta, rules)
        rules["parameters"] = self.compile_parameters(documents["parameters.yaml"], rules)
        questions_doc = documents["questions.yaml"]
        outcome_ids = [o.get("id") for o in self.mapping(documents["outcomes.yaml"] or {}, "outcomes.yaml", "(file)").get("outcomes") or [] if isinstance(o, dict)]
        rules["questions"] = self.compile_questions(questions_doc)
        self.check_monthly_checks(rules)
        rules["question_kinds"] = {question["id"]: question["kind"] for question in rules["questions"]}
        rules["groups"], rules["bilateral"] = self.compile_groups(documents["groups.yaml"], rules, outcome_ids)
        rules["dates"] = self.compile_dates(documents["dates.yaml"], rules)
        rules["documents"] = self.compile_documents(documents["documents.yaml"], rules)
        rules["outcomes"] = self.compile_outcomes(documents["outcomes.yaml"], rules)
        rules["notes"] = self.compile_notes(documents["notes.yaml"], rules)
        rules["claims"] = self.compile_claims(documents["claims.yaml"], rules)
        rules["texts"] = self.compile_texts()
        self.check_unit_texts(rules)
        rules["pages"] = self.compile_pages(documents["pages.yaml"], rules)
        rules["services"], rules["outcome_services"] = self.compile_services(documents["services.yaml"], rules)
        if not self.problems:
            self.check_expressions(rules)
            self.check_invariants(rules)
        if not self.problems:
            self.check_reachability(rules)
        if self.problems:
            raise RulesError(self.problems)
        return rules

    def compile_countries(self, countries: dict) -> None:
        """Adds countries.yaml's search synonyms: countries["synonyms"] = {lang: {code: [names]}}."""
        file = "countries.yaml"
        document = self.mapping(self.read(file) or {}, file, "(file)")
        for key in sorted(set(document) - {"synonyms", "add", "leave_out", "names"}):
            self.report(file, key, "unknown key (known: synonyms, add, leave_out, names)")
        self.adjust_country_list(countries, document, file)
        replaced = self.override_country_names(countries, document, file)
        raw = self.mapping(document.get("synonyms") or {}, file, "synonyms")
        synonyms: dict = {language: {} for language in LANGUAGES}
        for code, per_language in raw.items():
            if code not in countries["codes"]:
                self.report(file, f"synonyms.{code}", f"unknown country code {code!r}")
                continue
            for language, names in self.mapping(per_language, file, f"synonyms.{code}").items():
                path = f"synonyms.{code}.{language}"
                if language not in LANGUAGES:
                    self.report(file, path, f"unknown language '{language}' (use en, fr, fa)")
                elif not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
                    self.report(file, path, "must be a list of names")
                else:
                    synonyms[language][code] = [name.strip() for name in names]
        for language, code, cldr_name in replaced:  # the CLDR name a reader may still type
            synonyms[language].setdefault(code, [])
            if cldr_name not in synonyms[language][code]:
                synonyms[language][code].append(cldr_name)
        countries["synonyms"] = synonyms

    def override_country_names(self, countries: dict, document: dict, file: str) -> list[tuple[str, str, str]]:
        """`names`: {code: {lang: name}} where the site names a country otherwise than CLDR's short name
        (one name per country on every page: "Republic of the Congo", not "Congo - Brazzaville").
        Returns the replaced (language, code, CLDR name), kept searchable as synonyms."""
        replaced = []
        for code, per_language in self.mapping(document.get("names") or {}, file, "names").items():
            if code not in countries["codes"]:
                self.report(file, f"names.{code}", f"unknown country code {code!r}")
                continue
            for language, name in self.mapping(per_language, file, f"names.{code}").items():
                if language not in LANGUAGES:
                    self.report(file, f"names.{code}.{language}", f"unknown language '{language}' (use en, fr, fa)")
                elif not isinstance(name, str) or not name.strip():
                    self.report(file, f"names.{code}.{language}", "must be a name")
                else:
                    replaced.append((language, code, countries["names"][language][code]))
                    countries["names"][language][code] = name.strip()
        return replaced

    def adjust_country_list(self, countries: dict, document: dict, file: str) -> None:
        """`add`: codes CLDR names that ISO 3166-1 lacks (XK, Kosovo); `leave_out`: codes not offered
        (territories without a permanent population)."""
        for key in ("add", "leave_out"):
            codes = document.get(key) or []
            if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
                self.report(file, key, "must be a list of upper-case codes (quote 'NO')")
                continue
            for code in codes:
                if key == "add":
                    if code in countries["codes"] or any(code not in names for names in countries["cldr"].values()):
                        self.report(file, f"{key}.{code}", "must be a code CLDR names and ISO 3166-1 lacks")
                        continue
                    countries["codes"].append(code)
                    for language, names in countries["names"].items():
                        names[code] = countries["cldr"][language][code]
                elif code not in countries["codes"]:
                    self.report(file, f"{key}.{code}", f"unknown country code {code!r}")
                else:
                    countries["codes"].remove(code)
                    for names in countries["names"].values():
                        del names[code]
        countries["codes"].sort()
        del countries["cldr"]

    def compile_sources(self, document) -> dict:
        file = "sources.yaml"
        sources = {}
        for entry in self.items(document, "sources", file):
            path = f"sources.{entry['id']}"
            url = entry.get("url")
            problem = None if url is None else url_problem(url)
            if problem:
                self.report(file, f"{path}.url", f"malformed URL {url!r}: {problem}")
                url = None
            no_url = entry.get("no_url", False)
            if no_url not in (True, False):
                self.report(file, f"{path}.no_url", "must be true (or left out)")
            elif no_url and entry.get("url") is not None:
                self.report(file, path, "has both `url` and `no_url: true`: keep one")
            elif not no_url and entry.get("url") is None:
                self.report(file, path, "needs a `url`, or `no_url: true` when it has no web address")
            sources[entry["id"]] = {
                "id": entry["id"],
                "title": self.text(entry, "title", file, path),
                "url": url,
                "no_url": no_url is True,
                "date": self.date(entry.get("date"), file, f"{path}.date"),
                "date_label": self.text(entry, "date_label", file, path),
            }
        return sources

    def compile_facts(self, document, rules: dict) -> dict:
        file = "facts.yaml"
        facts = {}
        for entry in self.items(document, "facts", file):
            path = f"facts.{entry['id']}"
            status = entry.get("status")
            if status not in STATUSES:
                self.report(file, f"{path}.status", f"must be one of {', '.join(STATUSES)}, not {status!r}")
            verified_on = self.date(entry.get("verified_on"), file, f"{path}.verified_on")
            review_by = self.date(entry.get("review_by"), file, f"{path}.review_by", optional=True)
            if review_by is None and verified_on:
                review_by = add_months(verified_on, rules["review_after_months"])
            fact = {
                "id": entry["id"],
                "status": status,
                "sources": self.refs(entry.get("sources"), rules["sources"], file, f"{path}.sources", "source"),
                "verified_on": verified_on,
                "review_by": review_by,
                "text": self.text(entry, "text", file, path),
                "status_note": self.text(entry, "status_note", file, path, optional=True),
                "other_reading": self.text(entry, "other_reading", file, path, optional=status != "contested"),
                "followed_because": self.text(entry, "followed_because", file, path, optional=status != "contested"),
            }
            if not fact["sources"] and isinstance(entry.get("sources"), list):
                self.report(file, f"{path}.sources", "a fact needs at least one source")
            facts[entry["id"]] = fact
        return facts

    def compile_changelog(self, meta: dict, rules: dict) -> list[dict]:
        file = "meta.yaml"
        changelog = []
        entries = meta.get("changelog")
        if not isinstance(entries, list) or not entries:
            self.report(file, "changelog", "must be a list with at least one entry")
            return []
        for index, entry in enumerate(entries):
            path = f"changelog[{index}]"
            entry = self.mapping(entry, file, path)
            changelog.append({
                "date": self.date(entry.get("date"), file, f"{path}.date"),
                "version": self.required(entry, "version", file, path),
                "summary": self.text(entry, "summary", file, path),
                "facts": self.fact_refs(entry, rules, file, path),
            })
        return changelog

    def compile_parameters(self, document, rules: dict) -> dict:
        """Dated values in integer cents, each with its start date and source (OpenFisca style)."""
        file = "parameters.yaml"
        parameters = {}
        for entry in self.items(document, "parameters", file):
            path = f"parameters.{entry['id']}"
            if entry.get("unit") not in UNITS:
                self.report(file, f"{path}.unit", f"must be one of {', '.join(UNITS)}")
            if entry.get("fact") not in rules["facts"]:
                self.report(file, f"{path}.fact", f"unknown fact {entry.get('fact')!r}")
            values = []
            raw_values = entry.get("values")
            if not isinstance(raw_values, list) or not raw_values:
                self.report(file, f"{path}.values", "must be a list of dated values")
                raw_values = []
            for index, raw in enumerate(raw_values):
                value_path = f"{path}.values[{index}]"
                raw = self.mapping(raw, file, value_path)
                cents = raw.get("cents")
                if not isinstance(cents, int) or isinstance(cents, bool) or cents < 0:
                    self.report(file, f"{value_path}.cents", "must be a whole number of cents (e.g. 273455 for 2 734,55 €)")
                if raw.get("source") not in rules["sources"]:
                    self.report(file, f"{value_path}.source", f"unknown source {raw.get('source')!r}")
                values.append({
                    "from": self.date(raw.get("from"), file, f"{value_path}.from"),
                    "cents": cents,
                    "source": raw.get("source"),
                    # the amount was in force on `from` but started earlier, on a day not given:
                    # the guide shows "before <the next value's start>"
                    **({"from_unknown": True} if self.flag(raw, "from_unknown", file, value_path) else {}),
                })
            starts = [value["from"] for value in values if value["from"]]
            if starts != sorted(set(starts)):
                self.report(file, f"{path}.values", "dated values must be in strictly ascending order of `from`")
            if starts and rules["covers_from"] and starts[0] > rules["covers_from"]:
                self.report(file, f"{path}.values[0].from",
                            f"the first value must start by {rules['covers_from']} (meta.yaml covers_from)")
            next_change = self.date(entry.get("next_change"), file, f"{path}.next_change", optional=True)
            if next_change and starts and next_change <= starts[-1]:
                self.report(file, f"{path}.next_change", f"must be after the last dated value ({starts[-1]})")
            upstream = entry.get("upstream")
            if upstream is not None and not (isinstance(upstream, dict) and set(upstream) == {"openfisca"}
                                             and isinstance(upstream["openfisca"], str) and upstream["openfisca"]):
                self.report(file, f"{path}.upstream", "must be `{openfisca: <dotted parameter name>}`")
                upstream = None
            derived = entry.get("derived")
            if derived is not None and not (isinstance(derived, dict) and set(derived) == {"from", "times"}
                                            and isinstance(derived["from"], str)
                                            and isinstance(derived["times"], list) and len(derived["times"]) == 2
                                            and all(isinstance(n, int) and not isinstance(n, bool) and n > 0
                                                    for n in derived["times"])):
                self.report(file, f"{path}.derived", "must be `{from: <parameter id>, times: [numerator, denominator]}`")
                derived = None
            in_result = entry.get("in_result")
            if in_result is not None and in_result != "always" and not (
                    isinstance(in_result, dict) and set(in_result) == {"with_note"}):
                self.report(file, f"{path}.in_result", "must be `always` or `{with_note: <note id>}`")
                in_result = None
            parameters[entry["id"]] = {
                "id": entry["id"],
                "label": self.text(entry, "label", file, path),
                "unit": entry.get("unit"),
                "fact": entry.get("fact"),
                "in_result": in_result,
                "review_by": self.date(entry.get("review_by"), file, f"{path}.review_by", optional=True),
                "next_change": next_change,
                "upstream": upstream,
                "derived": derived,
                "values": values,
            }
        self.check_derived_parameters(parameters)
        return parameters

    def check_derived_parameters(self, parameters: dict) -> None:
        """A `derived` parameter's every value is numerator/denominator × the other parameter's value in
        force the same day, rounded half up to the cent (the threshold = 1.5 × the monthly SMIC)."""
        from checker.engine import parameter_on

        for parameter in parameters.values():
            derived = parameter["derived"]
            if derived is None:
                continue
            path = f"parameters.{parameter['id']}.derived"
            if derived["from"] not in parameters or derived["from"] == parameter["id"]:
                self.report("parameters.yaml", path, f"unknown parameter {derived['from']!r}")
                continue
            numerator, denominator = derived["times"]
            for index, value in enumerate(parameter["values"]):
                if value["from"] is None or not isinstance(value["cents"], int):
                    continue
                base = parameter_on({"parameters": parameters}, derived["from"], value["from"])
                if base is None or not isinstance(base["cents"], int):
                    self.report("parameters.yaml", f"parameters.{parameter['id']}.values[{index}]",
                                f"no value of {derived['from']} in force on {value['from']}")
                    continue
                expected = (2 * base["cents"] * numerator + denominator) // (2 * denominator)
                if value["cents"] != expected:
                    self.report("parameters.yaml", f"parameters.{parameter['id']}.values[{index}].cents",
                                f"must be {expected} ({numerator}/{denominator} × {derived['from']} "
                                f"{base['cents']} in force on {value['from']}, rounded half up), not {value['cents']}")

    def compile_questions(self, document) -> list[dict]:
        file = "questions.yaml"
        questions = []
        for entry in self.items(document, "questions", file):
            path = f"questions.{entry['id']}"
            if entry["id"] in RESERVED_NAMES:
                self.report(file, path, f"'{entry['id']}' is a reserved name")
            kind = entry.get("kind")
            if kind not in QUESTION_KINDS:
                self.report(file, f"{path}.kind", f"must be one of {', '.join(QUESTION_KINDS)}")
            options = []
            if kind == "choice":
                seen = set()
                raw_options = entry.get("options")
                if not isinstance(raw_options, list) or not raw_options:
                    self.report(file, f"{path}.options", "a choice question needs options")
                    raw_options = []
                for raw in raw_options:
                    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                        self.report(file, f"{path}.options", "every option needs an `id` text")
                        continue
                    option_path = f"{path}.options.{raw['id']}"
                    if raw["id"] in seen:
                        self.report(file, option_path, f"duplicate option id '{raw['id']}'")
                    seen.add(raw["id"])
                    options.append({
                        "id": raw["id"],
                        "label": self.text(raw, "label", file, option_path),
                        "hint": self.text(raw, "hint", file, option_path, optional=True),
                        "when": self.condition(raw, file, option_path),
                        "unsure": self.flag(raw, "unsure", file, option_path),
                    })
            bounds = {}
            if kind == "amount":
                bounds = {"min": entry.get("min", AMOUNT_BOUNDS[0]), "max": entry.get("max", AMOUNT_BOUNDS[1])}
                if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in bounds.values()) \
                        or bounds["min"] > bounds["max"]:
                    self.report(file, path, "min and max must be whole numbers of euros, min <= max")
            questions.append({
                "id": entry["id"],
                "kind": kind,
                **bounds,
                "when": self.condition(entry, file, path),
                "when_text": str(entry.get("when", True)),
                "text": self.text(entry, "text", file, path),
                "hint": self.text(entry, "hint", file, path, optional=True),
                "help": self.text(entry, "help", file, path, optional=True),
                "not_after_today": self.flag(entry, "not_after_today", file, path),
                "options": options,
            })
            if questions[-1]["not_after_today"] and kind != "date":
                self.report(file, f"{path}.not_after_today", "only a date question can have it")
            questions[-1].update(self.date_bounds(entry, kind, file, path))
            if "monthly_check" in entry:
                questions[-1]["monthly_check"] = self.monthly_check(entry["monthly_check"], kind, file, path)
        return questions

    def check_monthly_checks(self, rules: dict) -> None:
        for question in rules["questions"]:
            check = question.get("monthly_check")
            if not check:
                continue
            parameter = rules["parameters"].get(check["parameter"])
            if not parameter or parameter.get("unit") != "EUR_per_month":
                self.report("questions.yaml", f"questions.{question['id']}.monthly_check.parameter",
                            f"'{check['parameter']}' is not a parameter in euros a month")

    def monthly_check(self, value, kind, file: str, path: str) -> dict | None:
        """An amount question's check for a monthly amount typed as a yearly one (the browser asks "Is this
        a monthly amount?" below 12 × `parameter` in force and below `below` euros; the engines ignore it)."""
        where = f"{path}.monthly_check"
        if kind != "amount":
            self.report(file, where, "only an amount question can have it")
            return None
        if not isinstance(value, dict) or set(value) != {"parameter", "below"} \
                or not isinstance(value["parameter"], str) \
                or not isinstance(value["below"], int) or isinstance(value["below"], bool) or value["below"] < 1:
            self.report(file, where, "must be {parameter: <a monthly amount parameter>, below: <whole euros>}")
            return None
        return {"parameter": value["parameter"], "below": value["below"]}

    def date_bounds(self, entry: dict, kind, file: str, path: str) -> dict:
        """A date question's plausible years around today (the browser refuses a date outside them; the
        engines do not read them): earliest_years_before_today, latest_years_after_today, whole numbers."""
        bounds = {}
        for key in ("earliest_years_before_today", "latest_years_after_today"):
            if key not in entry:
                continue
            value = entry[key]
            if kind != "date":
                self.report(file, f"{path}.{key}", "only a date question can have it")
            elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
                self.report(file, f"{path}.{key}", "must be a whole number of years between 0 and 100")
            else:
                bounds[key] = value
        return bounds

    def compile_groups(self, document, rules: dict, outcome_ids: list) -> tuple[dict, list]:
        file = "groups.yaml"
        groups = {}
        questions = {question["id"]: question for question in rules["questions"]}
        codes = set(rules["countries"]["codes"])
        bilateral = self.compile_bilateral(document, rules, codes)
        for entry in self.items(document, "groups", file):
            path = f"groups.{entry['id']}"
            kind = entry.get("kind")
            members = entry.get("members")
            if "members_from" in entry:  # the countries of a table of groups.yaml, listed once
                if members is not None or entry["members_from"] != "bilateral" or kind != "country":
                    self.report(file, f"{path}.members_from", "must be `bilateral` (the countries of the "
                                "`bilateral:` table), in a country group without `members`")
                where = entry.get("where") or {}
                if not isinstance(where, dict) or not set(where) <= {"degrees"} \
                        or not set(where.values()) <= set(DEGREES):
                    self.report(file, f"{path}.where", f"must be `{{degrees: <one of {', '.join(DEGREES)}>}}`")
                    where = {}
                members = [row["country"] for row in bilateral
                           if all(row.get(key) == value for key, value in where.items())]
            if not isinstance(members, list) or not members:
                self.report(file, f"{path}.members", "must be a non-empty list")
                members = []
            if len(set(members)) != len(members):
                self.report(file, f"{path}.members", "a member is listed twice")
            if kind == "country":
                known, what = codes, "country code"
            elif kind == "option":
                question = questions.get(entry.get("question"))
                if question is None:
                    self.report(file, f"{path}.question", f"unknown question {entry.get('question')!r}")
                known, what = {o["id"] for o in (question or {}).get("options", [])}, "option"
            elif kind == "outcome":
                known, what = set(outcome_ids), "outcome"
            else:
                self.report(file, f"{path}.kind", f"must be one of {', '.join(GROUP_KINDS)}")
                known, what = set(members), ""
            for member in members:
                if isinstance(member, bool):
                    self.report(file, f"{path}.members", f"{member} is not a code: quote codes such as 'NO' "
                                "(YAML reads a bare NO as false)")
                elif member not in known:
                    self.report(file, f"{path}.members", f"unknown {what} '{member}'")
            groups[entry["id"]] = {
                "id": entry["id"],
                "kind": kind,
                "question": entry.get("question"),
                "label": self.text(entry, "label", file, path),
                "members": members,
            }
        return groups, bilateral

    def compile_bilateral(self, document, rules: dict, codes: set) -> list[dict]:
        """groups.yaml's `bilateral:` table: [{country, fact, length_months, renewal, degrees}]."""
        file = "groups.yaml"
        bilateral = []
        raw_bilateral = self.mapping(document or {}, file, "(file)").get("bilateral") or []
        if not isinstance(raw_bilateral, list):
            self.report(file, "bilateral", "must be a list")
            raw_bilateral = []
        for index, raw in enumerate(raw_bilateral):
            raw = self.mapping(raw, file, f"bilateral[{index}]")
            path = f"bilateral.{raw.get('country', index)}"
            if raw.get("country") not in codes:
                self.report(file, f"{path}.country", f"unknown country code {raw.get('country')!r}")
            if raw.get("fact") not in rules["facts"]:
                self.report(file, f"{path}.fact", f"unknown fact {raw.get('fact')!r}")
            if raw.get("renewal") not in RENEWALS:
                self.report(file, f"{path}.renewal", f"must be one of {', '.join(RENEWALS)}")
            if raw.get("degrees") not in DEGREES:
                self.report(file, f"{path}.degrees", f"must be one of {', '.join(DEGREES)}")
            length = raw.get("length_months")
            if length is not None and not (isinstance(length, int) and length > 0):
                self.report(file, f"{path}.length_months", "must be a positive whole number or null")
            if raw.get("country") in {row["country"] for row in bilateral}:
                self.report(file, path, "a country is listed twice")
            bilateral.append({key: raw.get(key) for key in ("country", "fact", "length_months", "renewal", "degrees")})
        return bilateral

    def conditional_facts(self, entries, rules: dict, file: str, path: str) -> list[dict]:
        compiled = []
        if not isinstance(entries, list):
            self.report(file, path, "must be a list of fact ids")
            return []
        for index, entry in enumerate(entries):
            fact, when = (entry, None) if isinstance(entry, str) else (
                (entry or {}).get("fact"), (entry or {}).get("when"))
            if fact not in rules["facts"]:
                self.report(file, f"{path}[{index}]", f"unknown fact {fact!r}")
                continue
            compiled.append({
                "fact": fact,
                "when": None if when is None else self.expression(when, file, f"{path}[{index}].when"),
            })
        return compiled

    def compile_dates(self, document, rules: dict) -> list[dict]:
        file = "dates.yaml"
        dates = []
        question_ids = {question["id"] for question in rules["questions"]}
        for entry in self.items(document, "dates", file):
            path = f"dates.{entry['id']}"
            if entry["id"] in question_ids or entry["id"] in RESERVED_NAMES:
                self.report(file, path, f"'{entry['id']}' is already the name of a question or reserved")
            dates.append({
                "id": entry["id"],
                "when": self.condition(entry, file, path),
                "value": self.expression(self.required(entry, "value", file, path) or "false", file, f"{path}.value"),
                "label": self.text(entry, "label", file, path),
                "outcome_labels": {
                    outcome: self.text(labels, outcome, file, f"{path}.outcome_labels")
                    for outcome, labels in [(k, {k: v}) for k, v in self.mapping(
                        entry.get("outcome_labels") or {}, file, f"{path}.outcome_labels").items()]
                },
                "calendar": self.flag(entry, "calendar", file, path),
                # the panel's line "File your request before [[date]]" (the first such date to come)
                "deadline": self.text(entry, "deadline", file, path, optional=True),
                "facts": self.fact_refs(entry, rules, file, path),
            })
        return dates

    def flag(self, entry: dict, key: str, file: str, path: str) -> bool:
        value = entry.get(key, False)
        if not isinstance(value, bool):
            self.report(file, f"{path}.{key}", "must be true or false")
            return False
        return value

    def compile_documents(self, document, rules: dict) -> dict:
        file = "documents.yaml"
        documents = {}
        for entry in self.items(document, "documents", file):
            path = f"documents.{entry['id']}"
            documents[entry["id"]] = {
                "id": entry["id"],
                "when": self.condition(entry, file, path),
                "text": self.text(entry, "text", file, path),
                "facts": self.fact_refs(entry, rules, file, path),
            }
        return documents

    def compile_outcomes(self, document, rules: dict) -> list[dict]:
        file = "outcomes.yaml"
        outcomes = []
        for entry in self.items(document, "outcomes", file):
            path = f"outcomes.{entry['id']}"
            outcomes.append({
                "id": entry["id"],
                "when": self.condition(entry, file, path, required=True),
                "when_text": str(entry.get("when")),
                "title": self.text(entry, "title", file, path),
                "facts": self.conditional_facts(entry.get("facts"), rules, file, f"{path}.facts"),
                "next_steps": self.texts(entry.get("next_steps"), file, f"{path}.next_steps"),
                "documents": self.refs(entry.get("documents", []), rules["documents"], file, f"{path}.documents", "document"),
                "after": self.text(entry, "after", file, path, optional=True),
                "panel": self.choice(entry, "panel", PANELS, file, path),
                "detail": self.choice(entry, "detail", DETAILS, file, path, optional=True),
                "alternatives": self.flag(entry, "alternatives", file, path),
            })
        return outcomes

    def choice(self, entry: dict, key: str, allowed: tuple, file: str, path: str, optional: bool = False):
        value = entry.get(key)
        if value is None and optional:
            return None
        if value not in allowed:
            self.report(file, f"{path}.{key}", f"must be one of {', '.join(allowed)}, not {value!r}")
            return None
        return value

    def compile_notes(self, document, rules: dict) -> list[dict]:
        file = "notes.yaml"
        notes = []
        for entry in self.items(document, "notes", file):
            path = f"notes.{entry['id']}"
            notes.append({
                "id": entry["id"],
                "when": self.condition(entry, file, path, required=True),
                "when_text": str(entry.get("when")),
                "text": self.text(entry, "text", file, path),
                "facts": self.fact_refs(entry, rules, file, path),
                "contradicts": self.required(entry, "contradicts", file, path, list) if "contradicts" in entry else [],
                # the note means "file now": the result's panel says so beside the deadline
                "file_now": self.flag(entry, "file_now", file, path),
            })
        return notes

    def compile_claims(self, document, rules: dict) -> list[dict]:
        file = "claims.yaml"
        claims = []
        for entry in self.items(document, "claims", file):
            path = f"claims.{entry['id']}"
            if entry.get("status") not in CLAIM_STATUSES:
                self.report(file, f"{path}.status", f"must be one of {', '.join(CLAIM_STATUSES)}")
            said_in = entry.get("said_in")
            if not isinstance(said_in, list) or any(lang not in LANGUAGES for lang in said_in) \
                    or len(set(said_in)) != len(said_in):
                self.report(file, f"{path}.said_in", f"must be a list of distinct languages among {', '.join(LANGUAGES)}")
                said_in = []
            quoted_from = entry.get("quoted_from")
            if said_in and len(said_in) < len(LANGUAGES) and quoted_from not in said_in:
                self.report(file, f"{path}.quoted_from", "must name a language of `said_in`: the version the "
                            "other languages translate")
            elif quoted_from is not None and quoted_from not in said_in:
                self.report(file, f"{path}.quoted_from", "must be one of the languages of `said_in`")
            claims.append({
                "id": entry["id"],
                "status": entry.get("status"),
                "said_in": said_in,
                "quoted_from": quoted_from,
                "original": self.text(entry, "original", file, path),
                "now": self.text(entry, "now", file, path),
                "facts": self.fact_refs(entry, rules, file, path),
            })
        return claims

    def compile_texts(self) -> dict:
        texts = {}
        folder = self.rules_dir / "texts"
        for path in sorted(folder.glob("*.yaml")):
            file = f"texts/{path.name}"
            document = self.read(file)
            namespace = {}
            for key, value in self.mapping(document or {}, file, "(file)").items():
                namespace[key] = self.text({key: value}, key, file, path.stem)
            texts[path.stem] = namespace
        return texts

    def check_unit_texts(self, rules: dict) -> None:
        """Every unit but EUR has its text `unit_<unit>` in texts/common.yaml (the site and the checker show it)."""
        common = rules["texts"].get("common", {})
        for unit in UNITS[1:]:
            if UNIT_TEXT.format(unit) not in common:
                self.report("texts/common.yaml", UNIT_TEXT.format(unit), f"missing: the text after an amount {unit}")
        if UNIT_TEXT.format(UNITS[0]) in common:
            self.report("texts/common.yaml", UNIT_TEXT.format(UNITS[0]), "an amount in EUR has no unit text")

    def compile_pages(self, document, rules: dict) -> list[dict]:
        """The guide pages' layout: [{slug, sections: [{id, heading, before, facts, after}]}]."""
        file = "pages.yaml"
        if document is None:
            return []
        entries = self.mapping(document, file, "(file)").get("pages")
        if not isinstance(entries, list):
            self.report(file, "pages", "must be a list")
            return []
        keys = {key for name in PAGE_TEXT_FILES for key in rules["texts"].get(name, {})}
        pages, placed, indexes, links = [], set(), 0, []

        def text_key(key, path: str) -> None:
            if key not in keys:
                self.report(file, path, f"unknown text {key!r} (add it to texts/pages.yaml)")

        def blocks(raw, path: str) -> list[dict]:
            nonlocal indexes
            if raw is None:
                return []
            if not isinstance(raw, list):
                self.report(file, path, "must be a list of blocks")
                return []
            out = []
            for index, block in enumerate(raw):
                where = f"{path}[{index}]"
                kind = next((key for key in block if key in PAGE_BLOCKS), None) if isinstance(block, dict) else None
                if kind is None:
                    self.report(file, where, f"must be a block: one of {', '.join(PAGE_BLOCKS)}")
                    continue
                for key in sorted(set(block) - {kind, *PAGE_BLOCKS[kind]}):
                    self.report(file, f"{where}.{key}", f"not a key of a {kind} block")
                value = block[kind]
                if kind == "text":
                    text_key(value, f"{where}.text")
                elif kind in ("options", "option_groups"):
                    question = next((q for q in rules["questions"] if q["id"] == value), None)
                    if question is None or not question.get("options"):
                        self.report(file, f"{where}.{kind}", f"unknown choice question {value!r}")
                    if kind == "option_groups" and block.get("group") not in rules["groups"]:
                        self.report(file, f"{where}.group", f"unknown group {block.get('group')!r}")
                elif kind == "documents":
                    self.refs(value, rules["documents"], file, f"{where}.documents", "document")
                    self.refs(block.get("optional") or [], value or rules["documents"], file, f"{where}.optional",
                              "document of this list")
                elif kind == "parameters":
                    if not value:
                        self.report(file, f"{where}.parameters", "must list parameter ids")
                    self.refs(value or [], rules["parameters"], file, f"{where}.parameters", "parameter")
                elif kind == "bilateral_table":
                    text_key(value, f"{where}.bilateral_table")
                    placed.update(entry["fact"] for entry in rules["bilateral"])
                elif kind == "link":
                    links.append((value, f"{where}.link"))
                indexes += kind == "fact_index"
                for key in PAGE_BLOCKS[kind]:
                    if key in ("intro", "in_group", "not_in_group", "caption", "label"):
                        text_key(block.get(key), f"{where}.{key}")
                out.append({"kind": kind, "value": value,
                            **{key: block.get(key) for key in PAGE_BLOCKS[kind]}})
            return out

        slugs: set[str] = set()
        for index, entry in enumerate(entries):
            slug = entry.get("slug") if isinstance(entry, dict) else None
            if not isinstance(slug, str) or not SLUG.match(slug) or slug in RESERVED_SLUGS or slug in slugs:
                self.report(file, f"pages[{index}].slug",
                            f"needs a unique slug of lower-case letters, digits and '-' (not {slug!r}; "
                            f"{', '.join(RESERVED_SLUGS)} is reserved)")
                continue
            slugs.add(slug)
            path = f"pages.{slug}"
            for key in ("title", "intro"):
                text_key(f"page.{slug}.{key}", f"{path}.{key}")
            sections, anchors = [], set()
            for position, section in enumerate(entry.get("sections") or []):
                where = f"{path}.sections[{position}]"
                section = self.mapping(section, file, where)
                anchor = section.get("id")
                if not isinstance(anchor, str) or not SLUG.match(anchor) or anchor in anchors:
                    self.report(file, f"{where}.id", f"needs a unique anchor id of lower-case letters, digits and '-' (not {anchor!r})")
                anchors.add(anchor)
                text_key(section.get("heading"), f"{where}.heading")
                facts = self.fact_refs(section, rules, file, where)
                placed.update(facts)
                sections.append({"id": anchor, "heading": section.get("heading"), "facts": facts,
                                 "before": blocks(section.get("before"), f"{where}.before"),
                                 "after": blocks(section.get("after"), f"{where}.after")})
            pages.append({"slug": slug, "sections": sections})
        if indexes != 1:
            self.report(file, "pages", f"exactly one `fact_index` block is needed (found {indexes})")
        for slug, where in links:
            if slug not in slugs | set(RESERVED_SLUGS):
                self.report(file, where, f"unknown page {slug!r}")
        return pages

    # --- cross checks ------------------------------------------------------------------------

    def compile_services(self, document, rules: dict) -> tuple[dict, dict]:
        """services.yaml: the services linked from each result (another site with its sources, or a guide
        page), and for every outcome its services in display order."""
        file = "services.yaml"
        services = {}
        slugs = {page["slug"] for page in rules.get("pages") or []}
        for entry in self.items(document, "services", file):
            path = f"services.{entry['id']}"
            service = {"id": entry["id"], "label": self.text(entry, "label", file, path)}
            if ("url" in entry) == ("page" in entry):
                self.report(file, path, "needs either `url` (another site) or `page` (a guide page), not both")
            elif "url" in entry:
                problem = url_problem(entry["url"])
                if problem:
                    self.report(file, f"{path}.url", problem)
                service["url"] = entry["url"]
                service["french_only"] = self.flag(entry, "french_only", file, path)
                named = entry.get("named_as", [])
                if not isinstance(named, list) or not all(isinstance(name, str) and name.strip() for name in named):
                    self.report(file, f"{path}.named_as", "must be a list of words that name the service")
                    named = []
                service["named_as"] = named
                service["sources"] = self.refs(entry.get("sources"), rules["sources"], file, f"{path}.sources", "source")
                if not service["sources"]:
                    self.report(file, f"{path}.sources", "a service on another site needs at least one source")
            else:
                if "named_as" in entry:
                    self.report(file, f"{path}.named_as", "only a service on another site can have it")
                if entry["page"] not in slugs:
                    self.report(file, f"{path}.page", f"unknown page '{entry['page']}'")
                service["page"] = entry["page"]
            services[entry["id"]] = service
        raw = self.mapping((document or {}).get("outcomes") if isinstance(document, dict) else None, file, "outcomes")
        by_outcome = {}
        for outcome in rules["outcomes"]:
            ids = raw.get(outcome["id"])
            if not ids:
                self.report(file, f"outcomes.{outcome['id']}", "every outcome needs at least one service")
                ids = []
            by_outcome[outcome["id"]] = self.refs(ids, services, file, f"outcomes.{outcome['id']}", "service")
        for outcome_id in raw:
            if outcome_id not in by_outcome:
                self.report(file, f"outcomes.{outcome_id}", "unknown outcome")
        return services, by_outcome

    def check_expressions(self, rules: dict) -> None:
        """Every name, group, parameter and compared value an expression uses must exist, and every
        expression must be well typed: conditions are yes/no, date values are dates."""
        questions = {question["id"]: question for question in rules["questions"]}
        outcome_ids = {outcome["id"] for outcome in rules["outcomes"]}
        names = {question_id: ANSWER_TYPES.get(question["kind"], "text") for question_id, question in questions.items()}
        names.update({date["id"]: "date" for date in rules["dates"]}, today="date")
        parameters = set(rules["parameters"])

        def check(tree, file: str, path: str, allow_outcome: bool, expected: str = "yes/no") -> None:
            if tree is None:
                return
            _, groups = references(tree)
            for group in sorted(groups):
                if group not in rules["groups"]:
                    self.report(file, path, f"unknown group '@{group}'")
            try:
                found = infer_type(tree, {**names, "outcome": "text"} if allow_outcome else names, parameters)
            except ExpressionError as error:
                unknown = str(error).startswith("unknown")
                self.report(file, path, str(error) if unknown else f"ill-typed expression: {error}")
                return
            if found != expected:
                self.report(file, path, f"ill-typed expression: must be {expected}, not {found}")
            for name, value in literals(tree):
                if name == "outcome" and value not in outcome_ids:
                    self.report(file, path, f"unknown outcome '{value}'")
                question = questions.get(name)
                if question is None:
                    continue
                if question["kind"] == "choice" and value not in {o["id"] for o in question["options"]}:
                    self.report(file, path, f"unknown option '{value}' of question {name}")
                if question["kind"] == "country" and value not in rules["countries"]["codes"]:
                    self.report(file, path, f"unknown country code '{value}'")

        for question in rules["questions"]:
            check(question["when"], "questions.yaml", f"questions.{question['id']}.when", False)
            for option in question["options"]:
                check(option["when"], "questions.yaml", f"questions.{question['id']}.options.{option['id']}.when", False)
        for date in rules["dates"]:
            check(date["when"], "dates.yaml", f"dates.{date['id']}.when", False)
            check(date["value"], "dates.yaml", f"dates.{date['id']}.value", False, "date")
            if date["id"] in references(date["value"])[0] | references(date["when"])[0]:
                self.report("dates.yaml", f"dates.{date['id']}", "a date cannot depend on itself")
        for outcome in rules["outcomes"]:
            check(outcome["when"], "outcomes.yaml", f"outcomes.{outcome['id']}.when", False)
            for index, entry in enumerate(outcome["facts"]):
                check(entry["when"], "outcomes.yaml", f"outcomes.{outcome['id']}.facts[{index}].when", False)
        for note in rules["notes"]:
            check(note["when"], "notes.yaml", f"notes.{note['id']}.when", True)
        for document in rules["documents"].values():
            check(document["when"], "documents.yaml", f"documents.{document['id']}.when", True)

    def check_invariants(self, rules: dict) -> None:
        """The rules' own invariants: references between entries, statuses and review dates."""
        note_ids = {note["id"] for note in rules["notes"]}
        for parameter in rules["parameters"].values():
            shown = parameter["in_result"]
            if isinstance(shown, dict) and shown["with_note"] not in note_ids:
                self.report("parameters.yaml", f"parameters.{parameter['id']}.in_result",
                            f"unknown note {shown['with_note']!r}")
        for note in rules["notes"]:
            for other in note["contradicts"]:
                if other not in note_ids or other == note["id"]:
                    self.report("notes.yaml", f"notes.{note['id']}.contradicts", f"unknown or same note {other!r}")
        for date in rules["dates"]:
            for outcome in date["outcome_labels"]:
                if outcome not in {o["id"] for o in rules["outcomes"]}:
                    self.report("dates.yaml", f"dates.{date['id']}.outcome_labels", f"unknown outcome {outcome!r}")
        unsure = [f"{q['id']}.{o['id']}" for q in rules["questions"] for o in q["options"] if o["unsure"]]
        listing = [outcome["id"] for outcome in rules["outcomes"] if outcome["alternatives"]]
        if unsure and not listing:
            self.report("outcomes.yaml", "outcomes", f"the unsure options ({', '.join(unsure)}) need an outcome "
                        "with `alternatives: true`, which lists what each sure answer gives")
        if listing and not unsure:
            self.report("outcomes.yaml", f"outcomes.{listing[0]}.alternatives",
                        "no option is `unsure: true`, so there are never alternatives to list")
        for fact in rules["facts"].values():
            if fact["status"] == "verified" and NOT_FOUND.search((fact["text"] or {}).get("en", "")):
                self.report("facts.yaml", f"facts.{fact['id']}.status",
                            "a fact that says something was not found or is not confirmed cannot be `verified`")
        for file, path, kind, value in self.marks:
            known = {"amount": rules["parameters"], "answer": rules["question_kinds"],
                     "next_change": {p["id"] for p in rules["parameters"].values() if p["next_change"]}}.get(kind)
            if known is not None and value not in known:
                what = {"amount": "parameter", "answer": "question", "next_change": "parameter with a `next_change`"}[kind]
                self.report(file, path, f"{{{kind}:{value}}}: unknown {what}")
        # a fact that states or explains a parameter is reviewed no later than the parameter
        for parameter in rules["parameters"].values():
            if parameter["review_by"] is None:
                continue
            for fact in rules["facts"].values():
                uses = parameter["fact"] == fact["id"] or any(
                    f"{{amount:{parameter['id']}}}" in text for text in (fact["text"] or {}).values())
                if uses and (fact["review_by"] or "9999") > parameter["review_by"]:
                    self.report("facts.yaml", f"facts.{fact['id']}.review_by",
                                f"must be {parameter['review_by']} or earlier: it depends on the parameter "
                                f"{parameter['id']}, to be reviewed by then")

    def check_reachability(self, rules: dict) -> None:
        """Walk a compact answer space: every outcome is reached, every complete answer set has one,
        no question is idle (asked where no answer changes the result), no contradictory notes meet."""
        from checker.answer_space import AnswerSpaceGap, idle_questions, validation_todays

        reached: set[str] = set()
        contradicts = {(note["id"], other) for note in rules["notes"] for other in note["contradicts"]}
        try:
            for today in validation_todays(rules):
                complete: list = []  # one walk of the compact space: idle questions, then the complete answers
                idle, gap = [], None
                try:
                    idle = idle_questions(rules, today, complete)
                except AnswerSpaceGap as error:  # the complete answers before it are still checked
                    gap = error
                for answers, result in complete:
                    reached.add(result["outcome"])
                    for note, other in sorted(contradicts):
                        if note in result["notes"] and other in result["notes"]:
                            self.report("notes.yaml", f"notes.{note}.contradicts", f"'{note}' and '{other}' are "
                                        f"both given for {json.dumps(answers)} on {today}")
                            contradicts.discard((note, other))
                for question_id, answers in idle:
                    self.report("questions.yaml", f"questions.{question_id}", "idle question: no answer changes "
                                f"the result after {json.dumps(answers)} on {today}")
                if gap:
                    raise gap
        except AnswerSpaceGap as gap:
            self.report("outcomes.yaml", "outcomes", f"no outcome for the complete answers "
                        f"{json.dumps(gap.answers)} on {gap.today}")
            return
        for outcome in rules["outcomes"]:
            if outcome["id"] not in reached:
                self.report("outcomes.yaml", f"outcomes.{outcome['id']}", "can never be reached")


def url_problem(url) -> str | None:
    """Why a source URL is not acceptable, or None."""
    if not isinstance(url, str):
        return "is not a text"
    if url != url.strip() or any(char.isspace() for char in url):
        return "contains spaces"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "must start with https://"
    host = parts.hostname or ""
    if not host or "." not in host or host.startswith(".") or host.endswith("."):
        return "has no valid host name"
    if parts.username or parts.password:
        return "must not contain a user name or password"
    return None


def country_table() -> dict:
    """ISO 3166-1 codes, with CLDR names in every language of the site."""
    codes = sorted(country.alpha_2 for country in pycountry.countries)
    names, cldr = {}, {}
    for language in LANGUAGES:
        cldr[language] = dict(Locale.parse(language).territories)
        names[language] = {code: cldr[language].get(code, code) for code in codes}
    return {"codes": codes, "names": names, "cldr": cldr}


_cache: dict[tuple[str, float], dict] = {}


def load_rules(rules_dir: Path | str | None = None) -> dict:
    """The compiled rules; cached until a rules file changes."""
    folder = Path(rules_dir or RULES_DIR)
    stamp = max((path.stat().st_mtime for path in folder.rglob("*.yaml")), default=0.0)
    key = (str(folder.resolve()), stamp)
    if key not in _cache:
        _cache[key] = _Compiler(folder).compile()
    return json.loads(json.dumps(_cache[key]))


def rules_json(rules: dict) -> str:
    """The JSON the site ships: compact, UTF-8, keys in the rules' own order."""
    return json.dumps(rules, ensure_ascii=False, separators=(",", ":")) + "\n"
