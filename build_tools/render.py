"""Shared pieces of the generated pages: texts, dates, amounts, facts and their sources."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_currency

from checker.inline import render_inline, render_inline_markdown, strip_inline

# Which generated page (docs/guide/<slug>.<lang>.md) shows each fact in full.
SOURCES_PAGE = "sources"
# day-month-year English dates and amounts
BABEL_LOCALES = {"en": "en_GB"}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
PERSIAN_NUMBER = str.maketrans("0123456789,.", "۰۱۲۳۴۵۶۷۸۹٬٫")


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


class PageContext:
    """Everything a page writer needs for one language."""

    def __init__(self, rules: dict, lang: str, fact_homes: dict[str, str]):
        self.rules = rules
        self.lang = lang
        self.fact_homes = fact_homes
        texts = rules.get("texts", {})
        # the pages' texts, the maintenance pages' texts, and the vocabulary shared with the checker
        self.page_texts = {key: value for namespace in reversed(PAGE_TEXT_NAMESPACES)
                           for key, value in texts.get(namespace, {}).items()}
        self.text_namespace = {key: namespace for namespace in reversed(PAGE_TEXT_NAMESPACES)
                               for key in texts.get(namespace, {})}

    # --- texts -------------------------------------------------------------------------------

    def raw(self, key: str) -> str:
        entry = self.page_texts.get(key)
        if not isinstance(entry, dict) or not entry.get(self.lang):
            raise MissingText(f"texts/{'|'.join(PAGE_TEXT_NAMESPACES)}.yaml: {key}.{self.lang}: text missing")
        return entry[self.lang]

    def t(self, key: str) -> str:
        """A page text as Markdown-safe HTML."""
        return render_inline_markdown(self.raw(key))

    def plain(self, key: str) -> str:
        return strip_inline(self.raw(key))

    def own(self, text: dict | None, where: str) -> str:
        """A rules text (a {en, fr, fa} map) as Markdown-safe HTML."""
        if not isinstance(text, dict) or not text.get(self.lang):
            raise MissingText(f"rules: {where}.{self.lang}: text missing")
        return render_inline_markdown(text[self.lang])

    def own_html(self, text: dict, where: str) -> str:
        if not isinstance(text, dict) or not text.get(self.lang):
            raise MissingText(f"rules: {where}.{self.lang}: text missing")
        return render_inline(text[self.lang])

    # --- values ------------------------------------------------------------------------------

    def date(self, iso: str | None) -> str:
        if not iso:
            return self.t("date.unknown")
        day = dt.date.fromisoformat(iso)
        shown = local_digits(format_date(day, "long", locale=BABEL_LOCALES.get(self.lang, self.lang)), self.lang)
        return f'<time datetime="{iso}">{shown}</time>'

    def amount(self, value: float, unit: str) -> str:
        money = format_currency(value, "EUR", locale=BABEL_LOCALES.get(self.lang, self.lang))
        if self.lang == "fa":
            money = money.translate(PERSIAN_NUMBER)
        suffix = {
            "EUR_per_month": " " + self.t("unit.per_month"),
            "EUR_per_year": " " + self.t("unit.per_year"),
            "EUR_per_hour": " " + self.t("unit.per_hour"),
        }.get(unit, "")
        return f"<bdi>{money}</bdi>{suffix}"

    def country(self, code: str) -> str:
        names = self.rules.get("countries", {}).get("names", {}).get(self.lang, {})
        return names.get(code, code)

    # --- facts -------------------------------------------------------------------------------

    def fact(self, fact_id: str) -> dict:
        facts = self.rules["facts"]
        if fact_id not in facts:
            raise MissingText(f"rules: facts.{fact_id}: the pages need this fact")
        return facts[fact_id]

    def fact_link(self, fact_id: str, from_page: str, label: str | None = None) -> str:
        home = self.fact_homes.get(fact_id, SOURCES_PAGE)
        target = f"#{fact_anchor(fact_id)}" if home == from_page else f"{home}.md#{fact_anchor(fact_id)}"
        return f"[{label or fact_id}]({target})"

    def status_badge(self, status: str) -> str:
        return f'<span class="fact-status fact-status--{status}">{self.t("status_" + status)}</span>'

    def source_links(self, source_ids: list[str], from_page: str) -> str:
        links = []
        for source_id in source_ids:
            source = self.rules["sources"][source_id]
            title = self.own(source["title"], f"sources.{source_id}.title")
            target = f"#{source_anchor(source_id)}" if from_page == SOURCES_PAGE else f"{SOURCES_PAGE}.md#{source_anchor(source_id)}"
            links.append(f"[{title}]({target})")
        return " · ".join(links)

    def fact_block(self, fact_id: str, page: str) -> str:
        """A fact in full: text, status, dates, sources; both readings when contested."""
        fact = self.fact(fact_id)
        where = f"facts.{fact_id}"
        status = fact["status"]
        lines = [f'<div class="fact fact--{status}" id="{fact_anchor(fact_id)}" markdown>', ""]
        if status == "contested":
            lines += [f'**{self.t("fact.followed")}** {self.own(fact["text"], where + ".text")}', ""]
            lines += [f'**{self.t("fact.other_reading")}** {self.own(fact["other_reading"], where + ".other_reading")}', ""]
            lines += [f'**{self.t("fact.why")}** {self.own(fact["followed_because"], where + ".followed_because")}', ""]
        else:
            lines += [self.own(fact["text"], where + ".text"), ""]
        meta = [self.status_badge(status)]
        if fact.get("status_note"):
            meta.append(self.own(fact["status_note"], where + ".status_note"))
        meta.append(f'{self.t("fact.verified_on")} {self.date(fact["verified_on"])}')
        if fact.get("review_by"):
            meta.append(f'{self.t("fact.review_by")} {self.date(fact["review_by"])}')
        lines += ['<p class="fact-meta" markdown>' + " · ".join(meta) + "</p>", ""]
        lines += [f'<p class="fact-sources" markdown>{self.t("fact.sources")} '
                  f'{self.source_links(fact["sources"], page)}</p>', ""]
        lines += self.parameter_tables(fact_id, page)
        lines += ["</div>", ""]
        return "\n".join(lines)

    def parameter_tables(self, fact_id: str, page: str) -> list[str]:
        """The dated values (parameters) that belong to a fact, one table each."""
        out = []
        for parameter in self.rules.get("parameters", {}).values():
            if parameter.get("fact") != fact_id:
                continue
            where = f"parameters.{parameter['id']}"
            out += [f'<p class="parameter-label"><strong>{self.own_html(parameter["label"], where + ".label")}</strong></p>', ""]
            out += [f'| {self.t("param.from")} | {self.t("param.value")} | {self.t("param.source")} |',
                    "|---|---|---|"]
            for value in parameter["values"]:
                out.append(f'| {self.date(value["from"])} | {self.amount(value["value"], parameter["unit"])} '
                           f'| {self.source_links([value["source"]], page)} |')
            out.append("")
        if out:
            out += [f'<p class="parameter-note">{self.t("param.in_force")}</p>', ""]
        return out

    def option_label(self, question_id: str, option_id: str) -> str:
        for question in self.rules["questions"]:
            if question["id"] == question_id:
                for option in question["options"]:
                    if option["id"] == option_id:
                        return self.own(option["label"], f"questions.{question_id}.options.{option_id}.label")
        raise MissingText(f"rules: questions.{question_id}.options.{option_id}: the pages need this option")

    def question(self, question_id: str) -> dict:
        for question in self.rules["questions"]:
            if question["id"] == question_id:
                return question
        raise MissingText(f"rules: questions.{question_id}: the pages need this question")
