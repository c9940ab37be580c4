"""Shared pieces of the generated pages: texts, dates, amounts, facts and their sources.

The HTML of a fact, a source, a claim, a parameter table and a page header is in
build_tools/templates/ (Jinja2, autoescaped); the texts given to them are already rendered (Markup).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from checker.inline import INLINE_MARK, render_inline, render_inline_markdown, strip_inline
from checker.typography import amount as format_amount, french

# the page that shows in full the facts no other page lists
SOURCES_PAGE = "sources"
# day-month-year English dates
BABEL_LOCALES = {"en": "en_GB"}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
AMOUNT_MARK = re.compile(r"\{amount:([^{}]*)\}")
QUOTES = {"en": ("“", "”"), "fr": ("«\u00a0", "\u00a0»"), "fa": ("«", "»")}
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                        autoescape=select_autoescape(["html", "md"]), undefined=StrictUndefined,
                        keep_trailing_newline=True)


def local_digits(text: str, lang: str) -> str:
    return text.translate(PERSIAN_DIGITS) if lang == "fa" else text


# where the pages look up an interface text, first match wins
PAGE_TEXT_NAMESPACES = ("pages", "maintenance", "common")


class MissingText(LookupError):
    """A text the pages need is missing from the rules (a strict build must fail)."""


def anchor(prefix: str, identifier: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in identifier.lower())
    return f"{prefix}-{cleaned}"


def fact_anchor(fact_id: str) -> str:
    return anchor("fact", fact_id)


def source_anchor(source_id: str) -> str:
    return anchor("src", source_id)


def in_force(parameter: dict, day: str) -> dict | None:
    """The dated value of a parameter in force on an ISO day (the last one that started by then)."""
    current = None
    for value in parameter["values"]:
        if value["from"] and value["from"] <= day:
            current = value
    return current


def heading(text: str) -> str:
    """A Markdown heading's text with its no-break spaces as entities: the table of contents
    (Python-Markdown's toc) collapses Unicode spaces into plain ones, entities it keeps."""
    return text.replace("\u00a0", "&nbsp;").replace("\u202f", "&#8239;")


def html(value):
    """Already rendered HTML (a text, or lists and tuples of them) marked safe for the templates."""
    if isinstance(value, (list, tuple)):
        return type(value)(html(item) for item in value)
    return None if value is None else Markup(value)


def render(template: str, **values) -> str:
    return TEMPLATES.get_template(template).render(**values)


class PageContext:
    """Everything a page writer needs for one language; `today` (ISO) picks the amounts in force."""

    def __init__(self, rules: dict, lang: str, fact_homes: dict[str, str], today: str | None = None,
                 country_order: list[str] | None = None):
        self.rules = rules
        self.lang = lang
        self.fact_homes = fact_homes
        self.today = today or dt.date.today().isoformat()
        # country codes in this language's collation order (bundle.collated); None: by code point
        self.country_order = {code: index for index, code in enumerate(country_order or [])}
        texts = rules.get("texts", {})
        # the pages' texts, the maintenance pages' texts, and the vocabulary shared with the checker
        self.page_texts = {key: value for namespace in reversed(PAGE_TEXT_NAMESPACES)
                           for key, value in texts.get(namespace, {}).items()}
        self.text_namespace = {key: namespace for namespace in reversed(PAGE_TEXT_NAMESPACES)
                               for key in texts.get(namespace, {})}
        # parameters the layout shows in their own tables; the others go with their fact
        self.tabled = {parameter for page in rules.get("pages", []) for section in page["sections"]
                       for block in section["before"] + section["after"] if block["kind"] == "parameters"
                       for parameter in block["value"]}

    # --- texts -------------------------------------------------------------------------------

    def raw(self, key: str) -> str:
        entry = self.page_texts.get(key)
        if not isinstance(entry, dict) or not entry.get(self.lang):
            raise MissingText(f"texts/{'|'.join(PAGE_TEXT_NAMESPACES)}.yaml: {key}.{self.lang}: text missing")
        return self.amounts(entry[self.lang], f"texts.{key}")

    def amounts(self, text: str, where: str) -> str:
        """The text with each {amount:<parameter>} replaced by the amount in force on `today`."""
        def replace(match: re.Match) -> str:
            parameter = self.rules.get("parameters", {}).get(match.group(1))
            value = in_force(parameter, self.today) if parameter else None
            if value is None:
                raise MissingText(f"rules: {where}: no amount of {match.group(1)!r} in force on {self.today}")
            return self.money(value["cents"])
        return AMOUNT_MARK.sub(replace, text)

    def t(self, key: str) -> str:
        """A page text as Markdown-safe HTML."""
        return render_inline_markdown(self.raw(key))

    def plain(self, key: str) -> str:
        """A page text as plain text (titles, meta descriptions); in Persian, Latin fragments keep
        their isolation as Unicode first-strong isolates (FSI … PDI), the plain-text form of <bdi>."""
        if self.lang != "fa":
            return strip_inline(self.raw(key))
        return INLINE_MARK.sub(lambda match: f"\u2068{match.group(2)}\u2069", self.raw(key))

    def own_raw(self, text: dict | None, where: str) -> str:
        if not isinstance(text, dict) or not text.get(self.lang):
            raise MissingText(f"rules: {where}.{self.lang}: text missing")
        return self.amounts(text[self.lang], where)

    def own(self, text: dict | None, where: str) -> str:
        """A rules text (a {en, fr, fa} map) as Markdown-safe HTML."""
        return render_inline_markdown(self.own_raw(text, where))

    def own_html(self, text: dict, where: str) -> str:
        return render_inline(self.own_raw(text, where))

    # --- values ------------------------------------------------------------------------------

    def date(self, iso: str | None) -> str:
        if not iso:
            return self.t("date.unknown")
        day = dt.date.fromisoformat(iso)
        shown = format_date(day, "long", locale=BABEL_LOCALES.get(self.lang, self.lang))
        shown = french(shown) if self.lang == "fr" else local_digits(shown, self.lang)
        return str(Markup('<time datetime="{}">{}</time>').format(iso, shown))

    def money(self, cents: int) -> str:
        return format_amount(cents, self.lang)

    def amount(self, cents: int, unit: str) -> str:
        """The amount (HTML), then the shared text `unit_<unit>` ("a month") when the unit has one."""
        shown = Markup("<bdi>{}</bdi>").format(self.money(cents))
        unit_key = f"unit_{unit}"
        return str(Markup("{} {}").format(shown, Markup(self.t(unit_key))) if unit_key in self.page_texts else shown)

    def country(self, code: str) -> str:
        names = self.rules.get("countries", {}).get("names", {}).get(self.lang, {})
        return names.get(code, code)

    def by_country_name(self, codes: list[str]) -> list[str]:
        """Country codes sorted by their names as this language sorts them (its collation), not by code point."""
        last = len(self.country_order)
        return sorted(codes, key=lambda code: (self.country_order.get(code, last), self.country(code)))

    # --- facts -------------------------------------------------------------------------------

    def fact(self, fact_id: str) -> dict:
        facts = self.rules["facts"]
        if fact_id not in facts:
            raise MissingText(f"rules: facts.{fact_id}: the pages need this fact")
        return facts[fact_id]

    def fact_target(self, fact_id: str, from_page: str) -> str:
        home = self.fact_homes.get(fact_id, SOURCES_PAGE)
        return f"#{fact_anchor(fact_id)}" if home == from_page else f"{home}.md#{fact_anchor(fact_id)}"

    def fact_link(self, fact_id: str, from_page: str, label: str | None = None) -> str:
        """A Markdown link to a fact; the default label is the title of the page that shows it."""
        label = label or self.t(f"page.{self.fact_homes.get(fact_id, SOURCES_PAGE)}.title")
        return f"[{label}]({self.fact_target(fact_id, from_page)})"

    def status_badge(self, status: str) -> str:
        return str(Markup('<span class="fact-status fact-status--{}" title="{}">{}</span>').format(
            status, self.plain(f"status_{status}_hint"), Markup(self.t(f"status_{status}"))))

    def source_links(self, source_ids: list[str], from_page: str) -> str:
        links = []
        for source_id in source_ids:
            source = self.rules["sources"][source_id]
            title = self.own(source["title"], f"sources.{source_id}.title")
            target = f"#{source_anchor(source_id)}" if from_page == SOURCES_PAGE else f"{SOURCES_PAGE}.md#{source_anchor(source_id)}"
            links.append(f"[{title}]({target})")
        return " · ".join(links)

    def fact_meta(self, fact: dict) -> list[str]:
        where = f"facts.{fact['id']}"
        meta = [self.status_badge(fact["status"])]
        if fact.get("status_note"):
            meta.append(self.own(fact["status_note"], where + ".status_note"))
        # "verified on" only for a verified fact: for the others the date is the day it was reviewed
        label = "fact.verified_on" if fact["status"] == "verified" else "fact.reviewed_on"
        meta.append(self.t(label) + " " + self.date(fact["verified_on"]))
        if fact.get("review_by"):
            meta.append(self.t("fact.review_by") + " " + self.date(fact["review_by"]))
        return meta

    def fact_block(self, fact_id: str, page: str) -> str:
        """A fact in full: text, status, dates, sources; both readings when contested."""
        fact = self.fact(fact_id)
        where = f"facts.{fact_id}"
        readings = []
        if fact["status"] == "contested":
            readings = [(self.t("fact.followed"), self.own(fact["text"], where + ".text")),
                        (self.t("fact.other_reading"), self.own(fact["other_reading"], where + ".other_reading")),
                        (self.t("fact.why"), self.own(fact["followed_because"], where + ".followed_because"))]
        return render("fact.html", status=fact["status"], anchor=fact_anchor(fact_id), readings=html(readings),
                      text=html(self.own(fact["text"], where + ".text")), meta=html(self.fact_meta(fact)),
                      sources_label=html(self.t("fact.sources")), sources=html(self.source_links(fact["sources"], page)),
                      tables=html([self.parameter_table([p], page) for p in self.rules.get("parameters", {}).values()
                                   if p.get("fact") == fact_id and p["id"] not in self.tabled]))

    def parameter_table(self, parameters: list[dict], page: str, caption: str | None = None) -> str:
        """Amounts in force on `today` and their dated history, one row per parameter and value."""
        headings = [self.t("param.what"), self.t("param.from"), self.t("param.value"), self.t("param.source")]
        rows = []
        for parameter in parameters:
            where = f"parameters.{parameter['id']}"
            current = in_force(parameter, self.today)
            label = self.own(parameter["label"], where + ".label")
            starts = [value["from"] for value in parameter["values"]][1:] + [None]
            for value, next_start in reversed(list(zip(parameter["values"], starts))):
                shown = self.amount(value["cents"], parameter["unit"])
                if value is current:
                    shown = str(Markup("<strong>{}</strong> ({} {})").format(
                        Markup(shown), Markup(self.t("param.current")), Markup(self.date(self.today))))
                start = self.date(value["from"])
                if value.get("from_unknown") and next_start:
                    start = str(Markup("{} {}").format(Markup(self.t("param.before")), Markup(self.date(next_start))))
                rows.append([label, start, shown, self.source_links([value["source"]], page)])
                label = ""
        return render("parameters.html", caption=html(caption), headings=html(headings), rows=html(rows),
                      note=html(self.t("param.in_force")), next_changes=html(self.next_changes(parameters)))

    def next_changes(self, parameters: list[dict]) -> list[str]:
        """A line per parameter whose next value is expected (`next_change`) but not yet published."""
        lines = []
        for parameter in parameters:
            if parameter.get("next_change"):
                lines.append(render("next_change.html",
                                    label=html(self.own(parameter["label"], f"parameters.{parameter['id']}.label")),
                                    expected=html(self.t("param.next_change")),
                                    date=html(self.date(str(parameter["next_change"]))),
                                    unknown=html(self.t("param.next_change_unknown"))))
        return lines

    def question(self, question_id: str) -> dict:
        for question in self.rules["questions"]:
            if question["id"] == question_id:
                return question
        raise MissingText(f"rules: questions.{question_id}: the pages need this question")

    def option_label(self, question_id: str, option: dict) -> str:
        return self.own(option["label"], f"questions.{question_id}.options.{option['id']}.label")


def front_matter(title: str, description: str) -> str:
    return yaml.safe_dump({"title": title, "description": description}, allow_unicode=True, width=10_000)
