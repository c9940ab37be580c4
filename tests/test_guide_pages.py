"""The guide pages: the layout file, the pages of versions 2 and 3, the salary table and its next change,
the older guides' quotes, statuses and the label beside each fact's date, the home pages' links,
escaping, and no internal ids shown to readers."""
from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from build_tools import LANGUAGES
from build_tools.generate import GUIDE_DIR, render_pages
from build_tools.pages import fact_homes, page_slugs
from babel.dates import format_date

from build_tools.changelog_page import SLUG as CHANGES_SLUG
from build_tools.render import BABEL_LOCALES, fact_anchor, in_force, local_digits, source_anchor
from checker.rules_loader import RULES_DIR, RulesError, load_rules
from checker.typography import amount, french

NEW_PAGES = ("after-filing", "after-card")
STATUSES = ("verified", "reported", "contested", "open")


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def pages(rules):
    return render_pages(rules, today="2026-11-29")


def layout_facts(rules, slug):
    page = next(page for page in rules["pages"] if page["slug"] == slug)
    return [fact for section in page["sections"] for fact in section["facts"]]


@pytest.mark.parametrize("slug", NEW_PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_new_page_has_its_facts_statuses_and_sources(rules, pages, slug, lang):
    page = pages[GUIDE_DIR / f"{slug}.{lang}.md"]
    facts = layout_facts(rules, slug)
    assert facts, slug
    homes = fact_homes(rules)
    for fact_id in facts:
        fact = rules["facts"][fact_id]
        if homes[fact_id] != slug:
            continue
        assert f'id="{fact_anchor(fact_id)}"' in page
        status = rules["texts"]["common"][f"status_{fact['status']}"][lang]
        assert html.escape(status, quote=False) in page
        for source_id in fact["sources"]:
            assert f"sources.md#{source_anchor(source_id)}" in page
    assert rules["texts"]["pages"][f"page.{slug}.title"][lang].split("{")[0][:10] in page


def test_new_pages_are_in_the_nav():
    nav = (Path(RULES_DIR).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    for slug in NEW_PAGES:
        assert f"guide/{slug}.md" in nav


def salary_parameters(rules):
    return [parameter for page in rules["pages"] for section in page["sections"]
            for block in section["before"] + section["after"] if block["kind"] == "parameters"
            for parameter in block["value"]]


@pytest.mark.parametrize("today", ["2025-01-15", "2026-11-29"])
def test_salary_table_shows_the_amounts_in_force_on_the_build_date(rules, today):
    pages = render_pages(rules, today=today)
    parameters = salary_parameters(rules)
    assert parameters
    for lang in LANGUAGES:
        page = pages[GUIDE_DIR / f"after-card.{lang}.md"]
        current = re.findall(r"<strong><bdi>([^<]*)</bdi>", page)
        expected = [amount(in_force(rules["parameters"][p], today)["cents"], lang) for p in parameters]
        assert current[:len(expected)] == expected, lang
        # each amount is followed by its unit's text, the one the checker shows (texts/common.yaml)
        for parameter_id in parameters:
            parameter = rules["parameters"][parameter_id]
            unit = rules["texts"]["common"][f"unit_{parameter['unit']}"][lang]
            assert f"<strong><bdi>{amount(in_force(parameter, today)['cents'], lang)}</bdi> {unit}</strong>" in page
        # every dated value of each parameter is in the history
        for parameter_id in parameters:
            for value in rules["parameters"][parameter_id]["values"]:
                assert f"<bdi>{amount(value['cents'], lang)}</bdi>" in page


def test_amount_marks_are_rendered_with_the_amount_in_force(rules):
    parameter_id = salary_parameters(rules)[0]
    texts = rules["texts"]["pages"]
    rules = {**rules, "texts": {**rules["texts"], "pages": {
        **texts, "page.after-card.intro": {lang: f"X {{amount:{parameter_id}}} Y" for lang in LANGUAGES}}}}
    pages = render_pages(rules, today="2026-11-29")
    cents = in_force(rules["parameters"][parameter_id], "2026-11-29")["cents"]
    for lang in LANGUAGES:
        assert f"X {amount(cents, lang)} Y" in pages[GUIDE_DIR / f"after-card.{lang}.md"]
    assert amount(273455, "fr") == "2\u202f734,55\u00a0€"
    assert amount(273455, "fa") == "۲٬۷۳۴٫۵۵ یورو"
    assert amount(273455, "en") == "€2,734.55"
    assert amount(15000, "fr") == "150\u00a0€"


class TextParser(HTMLParser):
    """The text a reader sees (no scripts, styles or attributes)."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(path: Path) -> str:
    parser = TextParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def test_no_page_shows_a_fact_id(built_site, rules):
    dotted = [fact_id for fact_id in rules["facts"] if "." in fact_id]
    assert dotted
    pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, dotted)) + r")(?![\w])")
    seen = []
    for path in built_site.rglob("*.html"):
        if "assets" in path.parts:
            continue
        seen += [(str(path.relative_to(built_site)), m) for m in pattern.findall(visible_text(path))]
    assert seen == []


@pytest.mark.parametrize("slug", NEW_PAGES)
def test_new_pages_are_built_in_every_language(built_site, rules, slug):
    for prefix, lang in (("", "en"), ("fr/", "fr"), ("fa/", "fa")):
        text = visible_text(built_site / prefix / "guide" / slug / "index.html")
        title = rules["texts"]["pages"][f"page.{slug}.title"][lang]
        assert re.sub(r"\{\w+:([^}]*)\}", r"\1", title) in text.replace("\u2068", "").replace("\u2069", "")


# --- older guides ---------------------------------------------------------------------------------

QUOTE = re.compile(r'<span class="claim-quote">(.*?)</span>(?: <span class="claim-translated">\((.*?)\)</span>)?', re.S)


def test_older_guides_quote_the_version_that_says_it(rules, pages):
    claims = rules["claims"]
    assert any(claim.get("said_in") for claim in claims), "claims.yaml needs said_in"
    for lang in LANGUAGES:
        page = pages[GUIDE_DIR / f"older-guides.{lang}.md"]
        quotes = QUOTE.findall(page)
        quoted_claims = [claim for claim in claims if claim.get("said_in")]
        assert len(quotes) == len(quoted_claims), lang
        for claim, (quote, translated) in zip(quoted_claims, quotes):
            # the quote is the claim's original in this language, which is the version that says it
            # or a translation marked as such
            assert html.escape(claim["original"][lang].split("{")[0][:30], quote=False)[:20] in quote
            if lang in claim["said_in"]:
                assert not translated, (lang, claim["id"])
            else:
                source = claim.get("quoted_from") or claim["said_in"][0]
                assert translated == rules["texts"]["pages"][f"older.translated_from_{source}"][lang]
        # items the older guides did not say are shown without quotation marks
        for claim in claims:
            if claim.get("said_in") == []:
                shown = page.split(f'id="claim-{claim["id"].replace("_", "-")}"')[1].split("</div>")[0]
                assert "claim-quote" not in shown


def test_fifteen_days_is_attributed_to_the_french_version_only(rules):
    fifteen = re.compile(r"\b15 (days|jours)\b|۱۵ روز")
    claims = [claim for claim in rules["claims"]
              if any(fifteen.search(text) for text in claim["original"].values())]
    assert claims
    for claim in claims:
        assert claim["said_in"] == ["fr"], claim["id"]


# --- statuses, escaping, layout -------------------------------------------------------------------

def test_four_status_labels_one_explanation_each_shared_with_the_checker(rules, pages):
    common = rules["texts"]["common"]
    assert "status_open" in common and common["status_reported"]["fr"] != "Rapporté"
    labels = {lang: [common[f"status_{s}"][lang] for s in STATUSES] for lang in LANGUAGES}
    for lang in LANGUAGES:
        assert len(set(labels[lang])) == 4
        page = pages[GUIDE_DIR / f"sources.{lang}.md"]
        for status in STATUSES:
            assert html.escape(common[f"status_{status}_hint"][lang], quote=False) in page


def rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    return folder


def test_source_title_and_url_with_html_specials_are_escaped(tmp_path):
    folder = rules_copy(tmp_path)
    sources = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8"))
    entry = sources["sources"][0]
    entry["title"] = {lang: 'A "quoted" <b>bold</b> & co' for lang in LANGUAGES}
    entry["url"] = 'https://example.org/a?x="1"&y=<2>'
    (folder / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True), encoding="utf-8")
    try:
        rules = load_rules(folder)
    except RulesError as error:  # the loader may reject the URL, with file: key: problem
        assert any(p.startswith(f"sources.yaml: sources.{entry['id']}.url: ") for p in error.problems)
        return
    page = render_pages(rules, today="2026-11-29")[GUIDE_DIR / "sources.en.md"]
    block = page.split(f'id="{source_anchor(entry["id"])}"')[1].split("</div>")[0]
    assert "<b>" not in block and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in block
    assert 'href="https://example.org/a?x=&#34;1&#34;&amp;y=&lt;2&gt;"' in block


@pytest.mark.parametrize("change, problem", [
    (lambda doc: doc["pages"][0]["sections"][0].update(facts=["no.such_fact"]),
     "pages.yaml: pages.eligibility.sections[0].facts: unknown fact 'no.such_fact'"),
    (lambda doc: doc["pages"][0]["sections"][0].update(heading="no.such_key"),
     "pages.yaml: pages.eligibility.sections[0].heading: unknown text 'no.such_key'"),
    (lambda doc: doc["pages"][0]["sections"][0].update(before=[{"nonsense": 1}]),
     "pages.yaml: pages.eligibility.sections[0].before[0]: must be a block"),
    (lambda doc: doc["pages"][1].update(slug=doc["pages"][0]["slug"]),
     "pages.yaml: pages[1].slug: needs a unique slug"),
])
def test_the_loader_validates_the_layout(tmp_path, change, problem):
    folder = rules_copy(tmp_path)
    layout = yaml.safe_load((folder / "pages.yaml").read_text(encoding="utf-8"))
    change(layout)
    (folder / "pages.yaml").write_text(yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError) as error:
        load_rules(folder)
    assert any(p.startswith(problem) for p in error.value.problems), error.value.problems


def test_every_page_of_the_layout_is_generated_in_every_language(rules, pages):
    for slug in page_slugs(rules):
        for lang in LANGUAGES:
            assert pages[GUIDE_DIR / f"{slug}.{lang}.md"].startswith("---\n")


def test_generic_code_names_no_fact_id_or_heading_key(rules):
    code = "".join((Path(__file__).parent.parent / "build_tools" / name).read_text(encoding="utf-8")
                   for name in ("pages.py", "render.py", "generate.py"))
    for fact_id in rules["facts"]:
        if "." in fact_id:
            assert f'"{fact_id}"' not in code and f"'{fact_id}'" not in code, fact_id
    for key in rules["texts"]["pages"]:
        if re.match(r"^\w+\.h_", key):
            assert key not in code, key


def test_the_page_code_builds_no_html_in_f_strings():
    # HTML comes from the templates (Jinja2, autoescaped) or Markup.format; site_fixes.py edits MkDocs' output
    folder = Path(__file__).parent.parent / "build_tools"
    for path in sorted(folder.glob("*.py")):
        if path.name == "site_fixes.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not re.search(r"""\bf(["']).*<(?:/?[a-z]+)\b.*\1""", line), f"{path.name}:{number}: {line.strip()}"
            assert "&amp;" not in line and "&quot;" not in line, f"{path.name}:{number}: hand escaping"



# --- version 3: the new sections ------------------------------------------------------------------

V3_SECTIONS = {
    # page slug: {section id: the facts it must show}
    "apply": {"no-appointment": ["appointment.no_slot"]},
    "after-filing": {"dates": [], "deemed-refused": []},
    "after-card": {"job-offer": ["status.direct_route", "status.direct_talent", "status.direct_choice",
                                 "status.direct_ordinary"],
                   "company": ["status.entrepreneur"], "civic-exam": ["language.multi_year"]},
    "special-cases": {"work-aps": ["work.aps"], "degree-outside": ["bilateral.degree_outside"]},
}


def section_text(page: str, section_id: str) -> str:
    """A section of a generated page, from its heading to the next heading of the same level."""
    start = re.search(r"^## .*\{#" + re.escape(section_id) + r"\}$", page, re.M)
    assert start, section_id
    end = re.search(r"^## ", page[start.end():], re.M)
    return page[start.end():start.end() + end.start()] if end else page[start.end():]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("slug", sorted(V3_SECTIONS))
def test_version_3_sections_show_their_facts(rules, pages, slug, lang):
    page = pages[GUIDE_DIR / f"{slug}.{lang}.md"]
    for section_id, facts in V3_SECTIONS[slug].items():
        shown = section_text(page, section_id)
        for fact_id in facts:
            assert fact_id in layout_facts(rules, slug), fact_id
            assert f'id="{fact_anchor(fact_id)}"' in shown or f"#{fact_anchor(fact_id)})" in shown, (slug, fact_id)


def test_after_filing_says_how_to_compute_the_dates_and_what_to_do_after_a_refusal(pages):
    # the example of the rules: filed 2026-08-10 -> refused by silence 2026-11-08 (90 days),
    # 2026-12-10 by service-public's 4 months, appeal until 2027-01-08
    examples = {"en": ("90 days", "4 months", "2 months", "8 November 2026", "10 December 2026", "8 January 2027"),
                "fr": ("90 jours", "4 mois", "2 mois", "8 novembre 2026", "10 décembre 2026", "8 janvier 2027"),
                "fa": ("۹۰ روز", "۴ ماه", "۲ ماه", "۸ نوامبر ۲۰۲۶", "۱۰ دسامبر ۲۰۲۶", "۸ ژانویه ۲۰۲۷")}
    for lang, words in examples.items():
        dates = section_text(pages[GUIDE_DIR / f"after-filing.{lang}.md"], "dates")
        for word in words:
            assert french(word) in dates if lang == "fr" else word in dates, (lang, word)
        refused = section_text(pages[GUIDE_DIR / f"after-filing.{lang}.md"], "deemed-refused")
        assert {"en": "recours gracieux", "fr": "recours gracieux", "fa": "recours gracieux"}[lang] in refused


def test_next_permit_page_title_and_contract_types(rules, pages):
    assert rules["texts"]["pages"]["page.after-card.title"]["en"] == "Your next permit: with a job offer or after the card"
    for lang, words in {"en": ("CDI", "CDD", "6 months"), "fr": ("CDI", "CDD", "6 mois"),
                        "fa": ("CDI", "CDD", "۶ ماهه")}.items():
        shown = section_text(pages[GUIDE_DIR / f"after-card.{lang}.md"], "next-permit").replace("\u00a0", " ")
        for word in words:
            assert word in shown, (lang, word)


# --- version 3: the label beside a fact's date ----------------------------------------------------

META = re.compile(r'<p class="fact-meta" markdown>(.*?)</p>', re.S)
BADGE = re.compile(r'fact-status--(\w+)"')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_verified_on_only_beside_a_verified_fact(rules, pages, lang):
    texts = rules["texts"]["pages"]
    verified, reviewed = texts["fact.verified_on"][lang], texts["fact.reviewed_on"][lang]
    assert verified != reviewed and verified not in reviewed and reviewed not in verified
    seen = set()
    for path, page in pages.items():
        if not path.name.endswith(f".{lang}.md"):
            continue
        for meta in META.findall(page):
            status = BADGE.search(meta).group(1)
            seen.add(status)
            if status == "verified":
                assert verified in meta and reviewed not in meta, (path, meta)
            else:
                # a reported, contested or open fact was reviewed on that day, not verified
                assert reviewed in meta and verified not in meta, (path, meta)
    assert seen == set(STATUSES)


def test_reviewed_on_wording(rules):
    texts = rules["texts"]["pages"]
    assert texts["fact.reviewed_on"] == {"en": "reviewed on", "fr": "revu le", "fa": "بازبینی‌شده در"}
    assert texts["fact.verified_on"]["en"] == "checked against its source on"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_status_label_per_fact(rules, pages, lang):
    """The status badge names the status once: the date's label never repeats it ("Verified verified on")."""
    common = rules["texts"]["common"]
    date_labels = [rules["texts"]["pages"][key][lang] for key in ("fact.verified_on", "fact.reviewed_on")]
    for status in STATUSES:
        assert all(common[f"status_{status}"][lang].lower() not in label.lower() for label in date_labels)
    for path, page in pages.items():
        if not path.name.endswith(f".{lang}.md"):
            continue
        for meta in META.findall(page):
            status = BADGE.search(meta).group(1)
            label = common[f"status_{status}"][lang]
            shown = re.sub(r"<[^>]*>", "", meta)
            assert shown.lower().startswith(label.lower()), (path, shown)
            assert not re.search(rf"{re.escape(label)}\W+{re.escape(label)}", shown, re.I), (path, shown)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_header_says_when_the_rules_were_checked(rules, pages, lang):
    checked = rules["texts"]["pages"]["page.rules_checked_on"][lang]
    for slug in page_slugs(rules) + [CHANGES_SLUG]:
        line = re.search(r'<p class="rules-version">(.*?)</p>', pages[GUIDE_DIR / f"{slug}.{lang}.md"]).group(1)
        assert f"· {checked} <time" in line
        assert rules["texts"]["pages"]["fact.verified_on"][lang] not in line
    assert rules["texts"]["pages"]["page.rules_checked_on"]["fr"] == "règles vérifiées le"


# --- version 3: an amount expected to change --------------------------------------------------------

def babel_date(iso: str, lang: str) -> str:
    import datetime as dt
    shown = format_date(dt.date.fromisoformat(iso), "long", locale=BABEL_LOCALES.get(lang, lang))
    return french(shown) if lang == "fr" else local_digits(shown, lang)


NEXT_CHANGE = re.compile(r'<p class="parameter-next-change">(.*?)</p>', re.S)


def test_an_amount_with_a_next_change_says_so_under_its_table(rules):
    changing = "work_threshold_monthly"
    tabled = salary_parameters(rules)
    assert changing in tabled
    parameters = {key: {**value, "next_change": None} for key, value in rules["parameters"].items()}
    parameters[changing]["next_change"] = "2027-01-01"
    parameters["smic_monthly"]["next_change"] = "2027-01-01"
    pages = render_pages({**rules, "parameters": parameters}, today="2026-12-07")
    texts = rules["texts"]["pages"]
    for lang in LANGUAGES:
        date = babel_date("2027-01-01", lang)
        for slug, parameter_id in (("after-card", changing), ("work", "smic_monthly")):
            lines = NEXT_CHANGE.findall(pages[GUIDE_DIR / f"{slug}.{lang}.md"])
            assert len(lines) == 1, (slug, lang, lines)
            line = lines[0]
            label = parameters[parameter_id]["label"][lang]
            assert html.escape(re.sub(r"\{\w+:([^}]*)\}", r"\1", label), quote=False)[:12] in re.sub(r"<[^>]+>", "", line)
            assert f'{texts["param.next_change"][lang]} <time datetime="2027-01-01">{date}</time>' in line
            assert html.escape(texts["param.next_change_unknown"][lang], quote=False) in line
    assert babel_date("2027-01-01", "fr") == "1er\u00a0janvier 2027"
    assert babel_date("2027-01-01", "fa") == "۱ ژانویهٔ ۲۰۲۷" or babel_date("2027-01-01", "fa").startswith("۱ ")
    # without a next change, no line
    quiet = render_pages({**rules, "parameters": {key: {**value, "next_change": None}
                                                  for key, value in rules["parameters"].items()}}, today="2026-12-07")
    assert not any(NEXT_CHANGE.search(page) for page in quiet.values())


def test_the_rules_next_change_is_shown(rules, pages):
    """Whatever parameter the rules give a next change shows the line on the page of its table."""
    changing = [p for p in rules["parameters"].values() if p.get("next_change")]
    for parameter in changing:
        label = re.sub(r"\{\w+:([^}]*)\}", r"\1", parameter["label"]["en"])
        assert any(html.escape(label, quote=False) in re.sub(r"<[^>]+>", "", line)
                   for page in pages.values() for line in NEXT_CHANGE.findall(page)), parameter["id"]


# --- version 3: lists in each language's collation ------------------------------------------------

def table_countries(page: str) -> list[str]:
    table = page.split("{#bilateral-table}")[1]
    return [row.split(" | ")[0].lstrip("| ").strip() for row in table.splitlines()
            if row.startswith("| ") and "---" not in row][1:]


def test_bilateral_table_is_sorted_as_each_language_sorts(rules, pages):
    fr = table_countries(pages[GUIDE_DIR / "special-cases.fr.md"])
    assert fr.index("Bénin") < fr.index("Bosnie-Herzégovine") < fr.index("Burkina Faso")
    fa = table_countries(pages[GUIDE_DIR / "special-cases.fa.md"])
    names = rules["countries"]["names"]["fa"]
    # ک and گ before ه (code point order puts them after)
    assert fa.index(names["GA"]) < fa.index(names["IN"]) and fa.index(names["CG"]) < fa.index(names["IN"])
    en = table_countries(pages[GUIDE_DIR / "special-cases.en.md"])
    assert len(en) == len(rules["bilateral"]) and en == sorted(en, key=str.casefold)


# --- the home pages -------------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs"
OVERCLAIMS = ("official source", "source officielle", "منبع رسمی")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_links_every_guide_page_and_does_not_overclaim(rules, lang):
    home = (DOCS / f"index.{lang}.md").read_text(encoding="utf-8")
    for slug in page_slugs(rules) + [CHANGES_SLUG]:
        assert f"](guide/{slug}.md)" in home, (lang, slug)
    for claim in OVERCLAIMS:
        assert claim not in home, (lang, claim)


# --- issue 22: the services a guide page names, linked ------------------------------------------------

SERVICE_LINK = re.compile(r'<a href="([^"]+)" rel="noreferrer"( hreflang="fr")? class="guide-service" data-service="(\w+)">')


def test_guide_pages_link_the_services_they_name(rules, pages):
    """A guide page whose text names a service of another site (services.yaml `named_as`) lists it under
    "Services named on this page": the URL of the rules, rel="noreferrer", marked when in French only;
    the same services in every language; the apply page names ANEF, the tax stamps, the Paris prefecture
    and the prefecture directory (the Sources and What changed pages name them as sources, not services)."""
    texts = rules["texts"]["pages"]
    services = {sid: s for sid, s in rules["services"].items() if "url" in s}
    found = {}
    for path, page in pages.items():
        slug, lang = path.name.split(".")[0], path.name.split(".")[1]
        if path.parent != GUIDE_DIR or slug in ("sources", CHANGES_SLUG):
            continue
        heading = f"## {texts['page.services_heading'][lang]}"
        body, _, listed = page.partition(heading)
        named = {sid for sid, service in services.items() if any(name in body for name in service["named_as"])}
        links = SERVICE_LINK.findall(listed)
        assert {sid for _url, _fr, sid in links} == named, path
        for url, french, sid in links:
            assert url == services[sid]["url"]
            assert bool(french) == services[sid]["french_only"]
        for line in listed.splitlines():
            if 'class="guide-service"' in line:
                assert line.endswith(texts["page.service_french_only"][lang]) == ('hreflang="fr"' in line), line
        found.setdefault(slug, {})[lang] = named
    for slug, by_lang in found.items():
        assert by_lang["en"] == by_lang["fr"] == by_lang["fa"], slug
    assert found["apply"]["en"] == {"anef", "tax_stamps", "paris_form", "find_prefecture"}
