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
from checker.expressions import ExpressionError, literals, parse_expression, references

RULES_DIR = Path(__file__).parent / "rules"
LANGUAGES = ("en", "fr", "fa")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "fa": "Persian"}
STATUSES = ("verified", "reported", "contested")
QUESTION_KINDS = ("country", "choice", "date")
GROUP_KINDS = ("country", "option", "outcome")
RENEWALS = ("once", "second_permit", "unknown")
CLAIM_STATUSES = ("outdated", "still_right", "incomplete")
UNITS = ("EUR", "EUR_per_month", "EUR_per_year", "EUR_per_hour")
RESERVED_NAMES = ("today", "outcome")
INLINE_MARK = re.compile(r"\{([a-z]+):([^{}]*)\}")
INLINE_MARK_KINDS = ("fr", "ltr")
FILES = (
    "meta.yaml", "sources.yaml", "facts.yaml", "parameters.yaml", "groups.yaml",
    "questions.yaml", "outcomes.yaml", "notes.yaml", "dates.yaml", "documents.yaml",
    "claims.yaml",
)


class RulesError(ValueError):
    """The rules files are broken; ``problems`` lists each one as ``file: key.path: problem``."""

    def __init__(self, problems: list[str]):
        super().__init__("the rules are broken:\n" + "\n".join(f"  {p}" for p in problems))
        self.problems = problems


class _Compiler:
    def __init__(self, rules_dir: Path):
        self.rules_dir = rules_dir
        self.problems: list[str] = []

    # --- reporting and primitive checks ------------------------------------------------------

    def report(self, file: str, path: str, problem: str) -> None:
        self.problems.append(f"{file}: {path}: {problem}")

    def read(self, name: str):
        path = self.rules_dir / name
        if not path.exists():
            self.report(name, "(file)", "file missing")
            return None
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
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
            compiled[language] = translation.strip()
        for language in value:
            if language not in LANGUAGES:
                self.report(file, f"{path}.{key}.{language}", f"unknown language '{language}' (use en, fr, fa)")
        return compiled

    def check_inline_marks(self, text: str, file: str, path: str) -> None:
        for kind, _ in INLINE_MARK.findall(text):
            if kind not in INLINE_MARK_KINDS:
                self.report(file, path, f"unknown inline mark '{{{kind}:' (use {{fr:…}} or {{ltr:…}})")
        leftover = INLINE_MARK.sub("", text)
        if "{" in leftover or "}" in leftover:
            self.report(file, path, "unbalanced braces: inline marks are {fr:…} or {ltr:…}")

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
        rules["groups"], rules["bilateral"] = self.compile_groups(documents["groups.yaml"], rules, outcome_ids)
        rules["dates"] = self.compile_dates(documents["dates.yaml"], rules)
        rules["documents"] = self.compile_documents(documents["documents.yaml"], rules)
        rules["outcomes"] = self.compile_outcomes(documents["outcomes.yaml"], rules)
        rules["notes"] = self.compile_notes(documents["notes.yaml"], rules)
        rules["claims"] = self.compile_claims(documents["claims.yaml"], rules)
        rules["texts"] = self.compile_texts()
        if not self.problems:
            self.check_expressions(rules)
        if not self.problems:
            self.check_reachability(rules)
        if self.problems:
            raise RulesError(self.problems)
        return rules

    def compile_countries(self, countries: dict) -> None:
        """Adds countries.yaml's search synonyms: countries["synonyms"] = {lang: {code: [names]}}."""
        file = "countries.yaml"
        document = self.mapping(self.read(file) or {}, file, "(file)")
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
        countries["synonyms"] = synonyms

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
            sources[entry["id"]] = {
                "id": entry["id"],
                "title": self.text(entry, "title", file, path),
                "url": url,
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
                if not isinstance(raw.get("value"), (int, float)) or isinstance(raw.get("value"), bool):
                    self.report(file, f"{value_path}.value", "must be a number")
                if raw.get("source") not in rules["sources"]:
                    self.report(file, f"{value_path}.source", f"unknown source {raw.get('source')!r}")
                values.append({
                    "from": self.date(raw.get("from"), file, f"{value_path}.from", optional=True),
                    "value": raw.get("value"),
                    "source": raw.get("source"),
                })
            starts = [value["from"] for value in values if value["from"]]
            if starts != sorted(starts):
                self.report(file, f"{path}.values", "dated values must be in ascending order of `from`")
            parameters[entry["id"]] = {
                "id": entry["id"],
                "label": self.text(entry, "label", file, path),
                "unit": entry.get("unit"),
                "fact": entry.get("fact"),
                "values": values,
            }
        return parameters

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
                    })
            questions.append({
                "id": entry["id"],
                "kind": kind,
                "when": self.condition(entry, file, path),
                "when_text": str(entry.get("when", True)),
                "text": self.text(entry, "text", file, path),
                "hint": self.text(entry, "hint", file, path, optional=True),
                "options": options,
            })
        return questions

    def compile_groups(self, document, rules: dict, outcome_ids: list) -> tuple[dict, list]:
        file = "groups.yaml"
        groups = {}
        questions = {question["id"]: question for question in rules["questions"]}
        codes = set(rules["countries"]["codes"])
        for entry in self.items(document, "groups", file):
            path = f"groups.{entry['id']}"
            kind = entry.get("kind")
            members = entry.get("members")
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
        bilateral = []
        raw_bilateral = self.mapping(document or {}, file, "(file)").get("bilateral") or []
        for index, raw in enumerate(raw_bilateral):
            raw = self.mapping(raw, file, f"bilateral[{index}]")
            path = f"bilateral.{raw.get('country', index)}"
            if raw.get("country") not in codes:
                self.report(file, f"{path}.country", f"unknown country code {raw.get('country')!r}")
            if raw.get("fact") not in rules["facts"]:
                self.report(file, f"{path}.fact", f"unknown fact {raw.get('fact')!r}")
            if raw.get("renewal") not in RENEWALS:
                self.report(file, f"{path}.renewal", f"must be one of {', '.join(RENEWALS)}")
            length = raw.get("length_months")
            if length is not None and not (isinstance(length, int) and length > 0):
                self.report(file, f"{path}.length_months", "must be a positive whole number or null")
            bilateral.append({key: raw.get(key) for key in ("country", "fact", "length_months", "renewal")})
        return groups, bilateral

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
                "facts": self.fact_refs(entry, rules, file, path),
            })
        return dates

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
            })
        return outcomes

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
            })
        return notes

    def compile_claims(self, document, rules: dict) -> list[dict]:
        file = "claims.yaml"
        claims = []
        for entry in self.items(document, "claims", file):
            path = f"claims.{entry['id']}"
            if entry.get("status") not in CLAIM_STATUSES:
                self.report(file, f"{path}.status", f"must be one of {', '.join(CLAIM_STATUSES)}")
            claims.append({
                "id": entry["id"],
                "status": entry.get("status"),
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

    # --- cross checks ------------------------------------------------------------------------

    def check_expressions(self, rules: dict) -> None:
        """Every name, group and compared value an expression uses must exist."""
        questions = {question["id"]: question for question in rules["questions"]}
        date_ids = {date["id"] for date in rules["dates"]}
        outcome_ids = {outcome["id"] for outcome in rules["outcomes"]}

        def check(tree, file: str, path: str, allow_outcome: bool) -> None:
            if tree is None:
                return
            names, groups = references(tree)
            for name in sorted(names):
                known = name in questions or name in date_ids or name == "today" or (allow_outcome and name == "outcome")
                if not known:
                    self.report(file, path, f"unknown question or date '{name}'")
            for group in sorted(groups):
                if group not in rules["groups"]:
                    self.report(file, path, f"unknown group '@{group}'")
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
        for date in rules["dates"]:
            check(date["when"], "dates.yaml", f"dates.{date['id']}.when", False)
            check(date["value"], "dates.yaml", f"dates.{date['id']}.value", False)
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

    def check_reachability(self, rules: dict) -> None:
        """Walk a compact answer space: every outcome is reached, every complete answer set has one."""
        from checker.answer_space import AnswerSpaceGap, validation_todays, walk_answer_space

        reached: set[str] = set()
        try:
            for today in validation_todays(rules):
                for _, result in walk_answer_space(rules, today, countries_per_group=1, compact=True):
                    reached.add(result["outcome"])
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
    names = {}
    for language in LANGUAGES:
        territories = Locale.parse(language).territories
        names[language] = {code: territories.get(code, code) for code in codes}
    return {"codes": codes, "names": names}


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
