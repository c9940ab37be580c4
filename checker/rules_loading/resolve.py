"""Step 3: resolve every reference between the rules files while building the compiled rules.

The documents have passed the schema (schema.py), so every key is known and every value has its
type; this step checks what the ids name (a fact's sources, an outcome's facts and documents, a
group's members…) and what one entry says about another (ascending dated values, derived amounts,
unique ids and slugs), and builds the JSON-ready rules both engines read.
"""

from __future__ import annotations

import datetime as dt
import re

import pycountry
from babel import Locale

from checker.engine import add_months
from checker.expressions import ExpressionError, parse_expression
from checker.rules_loading.problems import Problems
from checker.rules_loading.schema import LANGUAGES, PAGE_BLOCKS, UNITS
from checker.typography import french
from checker.urls import url_problem

AMOUNT_BOUNDS = (1, 10_000_000)  # whole euros, unless a question sets min/max
UNIT_TEXT = "unit_{}"  # texts/common.yaml: the text after an amount of that unit ("a month"); none for EUR
RESERVED_NAMES = ("today", "outcome")
INLINE_MARK = re.compile(r"\{([a-z_]+):([^{}]*)\}")
INLINE_MARK_KINDS = ("fr", "ltr", "amount", "answer", "next_change")
# {amount:<parameter id>}, {answer:<question id>}, {next_change:<parameter id>} (the date of its expected change)
PAGE_TEXT_FILES = ("pages", "maintenance", "common")
RESERVED_SLUGS = ("changes",)  # the What changed page (build_tools/changelog_page.py)
SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


class Resolver:
    """Builds the compiled rules from documents that passed the schema, resolving every id they use."""

    def __init__(self, documents: dict, problems: Problems):
        self.documents = documents  # file name (`facts.yaml`, `texts/pages.yaml`) -> its YAML document
        self.problems = problems
        self.marks: list[tuple[str, str, str, str]] = []  # (file, path, kind, value) of inline marks

    # --- reporting and primitive checks ------------------------------------------------------

    def report(self, file: str, path: str, problem: str) -> None:
        self.problems.report(file, path, problem)

    def items(self, document: dict, key: str, file: str) -> list[dict]:
        """A top-level list of entries, each with a unique `id`."""
        seen: set[str] = set()
        valid = []
        for entry in document[key]:
            if entry["id"] in seen:
                self.report(file, f"{key}.{entry['id']}", f"duplicate id '{entry['id']}'")
                continue
            seen.add(entry["id"])
            valid.append(entry)
        return valid

    def text(self, entry: dict, key: str, file: str, path: str) -> dict | None:
        """A text {en, fr, fa} with its inline marks checked, French typography applied; None when absent."""
        value = entry.get(key)
        if value is None:
            return None
        compiled = {}
        for language in LANGUAGES:
            translation = value[language].strip()
            self.check_inline_marks(translation, file, f"{path}.{key}.{language}")
            compiled[language] = french(translation) if language == "fr" else translation
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
        return [self.text({"text": item}, "text", file, f"{path}[{index}]") for index, item in enumerate(items)]

    @staticmethod
    def date(value) -> str | None:
        """A date as YYYY-MM-DD (the schema has checked it), or None."""
        if isinstance(value, dt.datetime):
            value = value.date()
        return value.isoformat() if isinstance(value, dt.date) else value

    def expression(self, source, file: str, path: str) -> dict | None:
        try:
            return parse_expression(source)
        except ExpressionError as error:
            self.report(file, path, f"bad expression: {error}")
            return None

    def condition(self, entry: dict, file: str, path: str) -> dict | None:
        """The compiled `when` of an entry; None (always) when it has none."""
        if entry.get("when") is None:
            return None
        return self.expression(entry["when"], file, f"{path}.when")

    def fact_refs(self, entry: dict, rules: dict, file: str, path: str) -> list[str]:
        return self.refs(entry.get("facts", []), rules["facts"], file, f"{path}.facts", "fact")

    def refs(self, ids: list, known, file: str, path: str, what: str) -> list[str]:
        for item in ids:
            if item not in known:
                self.report(file, path, f"unknown {what} '{item}'")
        return [item for item in ids if item in known]

    # --- the files ---------------------------------------------------------------------------

    def build(self) -> dict:
        documents = self.documents
        meta = documents["meta.yaml"]
        countries = country_table()
        rules: dict = {
            "version": meta["version"],
            "verified_on": self.date(meta["verified_on"]),
            "review_after_months": meta["review_after_months"],
            "covers_from": self.date(meta["covers_from"]),
            "languages": list(LANGUAGES),
            "countries": countries,
        }
        self.compile_countries(countries)
        rules["sources"] = self.compile_sources(documents["sources.yaml"])
        rules["facts"] = self.compile_facts(documents["facts.yaml"], rules)
        rules["changelog"] = self.compile_changelog(meta, rules)
        rules["parameters"] = self.compile_parameters(documents["parameters.yaml"], rules)
        questions_doc = documents["questions.yaml"]
        outcome_ids = [outcome["id"] for outcome in documents["outcomes.yaml"]["outcomes"]]
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
        self.check_date_guides(rules)
        rules["services"], rules["outcome_services"] = self.compile_services(documents["services.yaml"], rules)
        return rules

    def compile_countries(self, countries: dict) -> None:
        """Adds countries.yaml's search synonyms, countries["synonyms"] = {lang: {code: [names]}}, and the
        codes whose names always ship, countries["always_ship_names"] = [code] (sorted)."""
        file = "countries.yaml"
        document = self.documents[file]
        self.adjust_country_list(countries, document, file)
        replaced = self.override_country_names(countries, document, file)
        synonyms: dict = {language: {} for language in LANGUAGES}
        for code, per_language in (document.get("synonyms") or {}).items():
            if code not in countries["codes"]:
                self.report(file, f"synonyms.{code}", f"unknown country code {code!r}")
                continue
            for language, names in per_language.items():
                synonyms[language][code] = [name.strip() for name in names]
        for language, code, cldr_name in replaced:  # the CLDR name a reader may still type
            synonyms[language].setdefault(code, [])
            if cldr_name not in synonyms[language][code]:
                synonyms[language][code].append(cldr_name)
        countries["synonyms"] = synonyms
        countries["always_ship_names"] = []
        for code in document.get("always_ship_names") or []:
            if code not in countries["codes"]:
                self.report(file, f"always_ship_names.{code}", f"unknown country code {code!r}")
            elif code in countries["always_ship_names"]:
                self.report(file, f"always_ship_names.{code}", "listed twice")
            else:
                countries["always_ship_names"].append(code)
        countries["always_ship_names"].sort()

    def override_country_names(self, countries: dict, document: dict, file: str) -> list[tuple[str, str, str]]:
        """`names`: {code: {lang: name}} where the site names a country otherwise than CLDR's short name
        (one name per country on every page: "Republic of the Congo", not "Congo - Brazzaville").
        Returns the replaced (language, code, CLDR name), kept searchable as synonyms."""
        replaced = []
        for code, per_language in (document.get("names") or {}).items():
            if code not in countries["codes"]:
                self.report(file, f"names.{code}", f"unknown country code {code!r}")
                continue
            for language, name in per_language.items():
                replaced.append((language, code, countries["names"][language][code]))
                countries["names"][language][code] = name.strip()
        return replaced

    def adjust_country_list(self, countries: dict, document: dict, file: str) -> None:
        """`add`: codes CLDR names that ISO 3166-1 lacks (XK, Kosovo); `leave_out`: codes not offered
        (territories without a permanent population)."""
        for key in ("add", "leave_out"):
            for code in document.get(key) or []:
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
            if no_url and entry.get("url") is not None:
                self.report(file, path, "has both `url` and `no_url: true`: keep one")
            elif not no_url and entry.get("url") is None:
                self.report(file, path, "needs a `url`, or `no_url: true` when it has no web address")
            sources[entry["id"]] = {
                "id": entry["id"],
                "title": self.text(entry, "title", file, path),
                "url": url,
                "no_url": no_url,
                "date": self.date(entry["date"]),
                "date_label": self.text(entry, "date_label", file, path),
            }
        return sources

    def compile_facts(self, document, rules: dict) -> dict:
        file = "facts.yaml"
        facts = {}
        for entry in self.items(document, "facts", file):
            path = f"facts.{entry['id']}"
            status = entry["status"]
            verified_on = self.date(entry["verified_on"])
            review_by = self.date(entry.get("review_by"))
            if review_by is None:
                review_by = add_months(verified_on, rules["review_after_months"])
            fact = {
                "id": entry["id"],
                "status": status,
                "sources": self.refs(entry["sources"], rules["sources"], file, f"{path}.sources", "source"),
                "verified_on": verified_on,
                "review_by": review_by,
                "text": self.text(entry, "text", file, path),
                "status_note": self.text(entry, "status_note", file, path),
                "other_reading": self.text(entry, "other_reading", file, path),
                "followed_because": self.text(entry, "followed_because", file, path),
            }
            for key in ("other_reading", "followed_because"):
                if status == "contested" and fact[key] is None:
                    self.report(file, f"{path}.{key}", "missing text (needs en, fr and fa): a contested fact "
                                "says the other reading and why this one is followed")
            if not fact["sources"]:
                self.report(file, f"{path}.sources", "a fact needs at least one source")
            facts[entry["id"]] = fact
        return facts

    def compile_changelog(self, meta: dict, rules: dict) -> list[dict]:
        file = "meta.yaml"
        changelog = []
        for index, entry in enumerate(meta["changelog"]):
            path = f"changelog[{index}]"
            changelog.append({
                "date": self.date(entry["date"]),
                "version": entry["version"],
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
            if entry["fact"] not in rules["facts"]:
                self.report(file, f"{path}.fact", f"unknown fact {entry['fact']!r}")
            values = []
            for index, raw in enumerate(entry["values"]):
                if raw["source"] not in rules["sources"]:
                    self.report(file, f"{path}.values[{index}].source", f"unknown source {raw['source']!r}")
                values.append({"from": self.date(raw["from"]), "cents": raw["cents"], "source": raw["source"],
                               # the amount was in force on `from` but started earlier, on a day not given:
                               # the guide shows "before <the next value's start>"
                               **({"from_unknown": True} if raw.get("from_unknown") else {})})
            starts = [value["from"] for value in values]
            if starts != sorted(set(starts)):
                self.report(file, f"{path}.values", "dated values must be in strictly ascending order of `from`")
            if starts[0] > rules["covers_from"]:
                self.report(file, f"{path}.values[0].from",
                            f"the first value must start by {rules['covers_from']} (meta.yaml covers_from)")
            next_change = self.date(entry.get("next_change"))
            if next_change and next_change <= starts[-1]:
                self.report(file, f"{path}.next_change", f"must be after the last dated value ({starts[-1]})")
            parameters[entry["id"]] = {
                "id": entry["id"],
                "label": self.text(entry, "label", file, path),
                "unit": entry["unit"],
                "fact": entry["fact"],
                "in_result": entry.get("in_result"),
                "review_by": self.date(entry.get("review_by")),
                "next_change": next_change,
                "upstream": entry.get("upstream"),
                "derived": entry.get("derived"),
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
                base = parameter_on({"parameters": parameters}, derived["from"], value["from"])
                if base is None:
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
            kind = entry["kind"]
            options = []
            if kind == "choice":
                seen = set()
                if not entry.get("options"):
                    self.report(file, f"{path}.options", "a choice question needs options")
                for raw in entry.get("options") or []:
                    option_path = f"{path}.options.{raw['id']}"
                    if raw["id"] in seen:
                        self.report(file, option_path, f"duplicate option id '{raw['id']}'")
                    seen.add(raw["id"])
                    options.append({
                        "id": raw["id"],
                        "label": self.text(raw, "label", file, option_path),
                        "hint": self.text(raw, "hint", file, option_path),
                        "when": self.condition(raw, file, option_path),
                        "unsure": raw.get("unsure", False),
                    })
            bounds = {}
            if kind == "amount":
                bounds = {key: default if entry.get(key) is None else entry[key]
                          for key, default in zip(("min", "max"), AMOUNT_BOUNDS)}
                if bounds["min"] > bounds["max"]:
                    self.report(file, path, "min and max must be whole numbers of euros, min <= max")
            questions.append({
                "id": entry["id"],
                "kind": kind,
                **bounds,
                "when": self.condition(entry, file, path),
                "when_text": str(entry.get("when", True)),
                "text": self.text(entry, "text", file, path),
                "hint": self.text(entry, "hint", file, path),
                "help": self.text(entry, "help", file, path),
                "not_after_today": entry.get("not_after_today", False),
                "options": options,
            })
            if questions[-1]["not_after_today"] and kind != "date":
                self.report(file, f"{path}.not_after_today", "only a date question can have it")
            questions[-1].update(self.date_bounds(entry, kind, file, path))
            if entry.get("monthly_check") is not None:
                if kind != "amount":
                    self.report(file, f"{path}.monthly_check", "only an amount question can have it")
                else:
                    check = entry["monthly_check"]
                    questions[-1]["monthly_check"] = {"parameter": check["parameter"], "below": check["below"]}
        return questions

    def check_monthly_checks(self, rules: dict) -> None:
        """A monthly check names a parameter in euros a month."""
        for question in rules["questions"]:
            check = question.get("monthly_check")
            if not check:
                continue
            parameter = rules["parameters"].get(check["parameter"])
            if not parameter or parameter.get("unit") != "EUR_per_month":
                self.report("questions.yaml", f"questions.{question['id']}.monthly_check.parameter",
                            f"'{check['parameter']}' is not a parameter in euros a month")

    def date_bounds(self, entry: dict, kind: str, file: str, path: str) -> dict:
        """A date question's plausible years around today (the browser refuses a date outside them; the
        engines do not read them): earliest_years_before_today, latest_years_after_today."""
        bounds = {}
        for key in ("earliest_years_before_today", "latest_years_after_today"):
            if entry.get(key) is None:
                continue
            if kind != "date":
                self.report(file, f"{path}.{key}", "only a date question can have it")
            else:
                bounds[key] = entry[key]
        return bounds

    def compile_groups(self, document, rules: dict, outcome_ids: list) -> tuple[dict, list]:
        file = "groups.yaml"
        groups = {}
        questions = {question["id"]: question for question in rules["questions"]}
        codes = set(rules["countries"]["codes"])
        bilateral = self.compile_bilateral(document, rules, codes)
        for entry in self.items(document, "groups", file):
            path = f"groups.{entry['id']}"
            kind = entry["kind"]
            members = entry.get("members")
            if "members_from" in entry:  # the countries of a table of groups.yaml, listed once
                if members is not None or kind != "country":
                    self.report(file, f"{path}.members_from", "must be `bilateral` (the countries of the "
                                "`bilateral:` table), in a country group without `members`")
                where = entry.get("where") or {}
                members = [row["country"] for row in bilateral
                           if all(row.get(key) == value for key, value in where.items())]
            elif "where" in entry:
                self.report(file, f"{path}.where", "only a group with `members_from` can have it")
            if not members:
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
            else:
                known, what = set(outcome_ids), "outcome"
            for member in members:
                if member not in known:
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
        for raw in document.get("bilateral") or []:
            path = f"bilateral.{raw['country']}"
            if raw["country"] not in codes:
                self.report(file, f"{path}.country", f"unknown country code {raw['country']!r}")
            if raw["fact"] not in rules["facts"]:
                self.report(file, f"{path}.fact", f"unknown fact {raw['fact']!r}")
            if raw["country"] in {row["country"] for row in bilateral}:
                self.report(file, path, "a country is listed twice")
            bilateral.append({key: raw.get(key) for key in ("country", "fact", "length_months", "renewal", "degrees")})
        return bilateral

    def conditional_facts(self, entries, rules: dict, file: str, path: str) -> list[dict]:
        compiled = []
        for index, entry in enumerate(entries):
            fact, when = (entry, None) if isinstance(entry, str) else (entry["fact"], entry["when"])
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
                "value": self.expression(entry["value"], file, f"{path}.value"),
                "label": self.text(entry, "label", file, path),
                "outcome_labels": {outcome: self.text({outcome: label}, outcome, file, f"{path}.outcome_labels")
                                   for outcome, label in (entry.get("outcome_labels") or {}).items()},
                "calendar": entry.get("calendar", False),
                # the panel's line "File your request before [[date]]" (the first such date to come)
                "deadline": self.text(entry, "deadline", file, path),
                # the guide page a calendar event links to
                "guide": entry.get("guide"),   # a pages.yaml slug (check_date_guides)
                "facts": self.fact_refs(entry, rules, file, path),
            })
        return dates

    def check_date_guides(self, rules: dict) -> None:
        """A date's `guide` names a guide page of pages.yaml."""
        slugs = {page["slug"] for page in rules["pages"]}
        for date in rules["dates"]:
            if date["guide"] is not None and date["guide"] not in slugs:
                self.report("dates.yaml", f"dates.{date['id']}.guide", f"unknown page '{date['guide']}'")

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
                "when": self.condition(entry, file, path),
                "when_text": str(entry["when"]),
                "title": self.text(entry, "title", file, path),
                "facts": self.conditional_facts(entry["facts"], rules, file, f"{path}.facts"),
                "next_steps": self.texts(entry["next_steps"], file, f"{path}.next_steps"),
                "documents": self.refs(entry.get("documents", []), rules["documents"], file, f"{path}.documents", "document"),
                "after": self.text(entry, "after", file, path),
                "panel": entry["panel"],
                "detail": entry.get("detail"),
                "alternatives": entry.get("alternatives", False),
            })
        return outcomes

    def compile_notes(self, document, rules: dict) -> list[dict]:
        file = "notes.yaml"
        notes = []
        for entry in self.items(document, "notes", file):
            path = f"notes.{entry['id']}"
            notes.append({
                "id": entry["id"],
                "when": self.condition(entry, file, path),
                "when_text": str(entry["when"]),
                "text": self.text(entry, "text", file, path),
                "facts": self.fact_refs(entry, rules, file, path),
                "contradicts": entry.get("contradicts", []),
                # the note means "file now": the result's panel says so beside the deadline
                "file_now": entry.get("file_now", False),
            })
        return notes

    def compile_claims(self, document, rules: dict) -> list[dict]:
        file = "claims.yaml"
        claims = []
        for entry in self.items(document, "claims", file):
            path = f"claims.{entry['id']}"
            said_in = entry["said_in"]
            if len(set(said_in)) != len(said_in):
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
                "status": entry["status"],
                "said_in": said_in,
                "quoted_from": quoted_from,
                "original": self.text(entry, "original", file, path),
                "now": self.text(entry, "now", file, path),
                "facts": self.fact_refs(entry, rules, file, path),
            })
        return claims

    def compile_texts(self) -> dict:
        texts = {}
        for file in sorted(name for name in self.documents if name.startswith("texts/")):
            stem = file[len("texts/"):-len(".yaml")]
            namespace = {}
            for key, value in self.documents[file].items():
                namespace[key] = self.text({key: value}, key, file, stem)
            texts[stem] = namespace
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
        entries = document["pages"]
        keys = {key for name in PAGE_TEXT_FILES for key in rules["texts"].get(name, {})}
        pages, placed, indexes, links = [], set(), 0, []

        def text_key(key, path: str) -> None:
            if key not in keys:
                self.report(file, path, f"unknown text {key!r} (add it to texts/pages.yaml)")

        def blocks(raw, path: str) -> list[dict]:
            nonlocal indexes
            out = []
            for index, block in enumerate(raw or []):
                where = f"{path}[{index}]"
                kind = next(key for key in block if key in PAGE_BLOCKS)  # the schema checked there is one
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
            slug = entry["slug"]
            if not SLUG.match(slug) or slug in RESERVED_SLUGS or slug in slugs:
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
                anchor = section["id"]
                if not SLUG.match(anchor) or anchor in anchors:
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

    def compile_services(self, document, rules: dict) -> tuple[dict, dict]:
        """services.yaml: the services linked from each result (another site with its sources, or a guide
        page), and for every outcome its services in display order."""
        file = "services.yaml"
        services = {}
        slugs = {page["slug"] for page in rules["pages"]}
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
                service["french_only"] = entry.get("french_only", False)
                service["named_as"] = entry.get("named_as", [])
                service["sources"] = self.refs(entry.get("sources", []), rules["sources"], file,
                                               f"{path}.sources", "source")
                if not service["sources"]:
                    self.report(file, f"{path}.sources", "a service on another site needs at least one source")
            else:
                for key in ("french_only", "named_as", "sources"):
                    if key in entry:
                        self.report(file, f"{path}.{key}", "only a service on another site (`url`) has it")
                if entry["page"] not in slugs:
                    self.report(file, f"{path}.page", f"unknown page '{entry['page']}'")
                service["page"] = entry["page"]
            services[entry["id"]] = service
        raw = document["outcomes"]
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


def country_table() -> dict:
    """ISO 3166-1 codes, with CLDR names in every language of the site."""
    codes = sorted(country.alpha_2 for country in pycountry.countries)
    names, cldr = {}, {}
    for language in LANGUAGES:
        cldr[language] = dict(Locale.parse(language).territories)
        names[language] = {code: cldr[language].get(code, code) for code in codes}
    return {"codes": codes, "names": names, "cldr": cldr}
