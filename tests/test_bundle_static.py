"""Static first, one bundle, data per language (build_tools/bundle.py, generate.py, overrides/main.html):

- the built checker page holds, without JavaScript, a form with the first question (the nationality
  control, its label and hint in the page's language) and the page's message that the checker needs
  JavaScript, with the guide's links;
- the app (one esbuild bundle, checker.js, and nothing else of ours) takes the form over in Chromium
  without moving it (its box stays put, no layout-shift entry); the result's code (result.js) loads
  only when the reader starts answering, or at once for a link that holds answers;
- each language's rules file holds no text of the other two languages; the engines work from it;
- without esbuild the build stops and says how to install it.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from build_tools import bundle as bundle_module
from build_tools.generate import WEB_DIR, checker_files, checker_rules
from checker.engine import evaluate
from checker.localise import is_text, join_parts, split_for_result
from checker.rules_loader import LANGUAGES, load_rules
from tests.browser import CHECKER_PATHS, RESULT_CODE, RULES_FILE, browser, open_page, plain  # noqa: F401

RULES = load_rules()
PREFIX = {"en": "", "fr": "fr/", "fa": "fa/"}
FIRST = RULES["questions"][0]
TEXTS = {**RULES["texts"]["common"], **RULES["texts"]["checker"]}




class _Form(HTMLParser):
    """The first <form> inside #checker-app: its fields, options, texts and whether Continue is disabled."""

    def __init__(self):
        super().__init__()
        self.depth = 0          # inside #checker-app
        self.in_form = False
        self.fields, self.options, self.texts = [], [], []
        self.submit_disabled = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and attrs.get("id") == "checker-app":
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1
        if self.depth and tag == "form":
            self.in_form = True
        if self.in_form and tag in ("select", "input"):
            self.fields.append(attrs)
        if self.in_form and tag == "option":
            self.options.append(attrs.get("value"))
        if self.in_form and tag == "button":
            self.submit_disabled = "disabled" in attrs

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.in_form:
            self.texts.append(data)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_built_page_holds_the_first_question_without_javascript(built_site, lang):
    html = (built_site / PREFIX[lang] / "checker" / "index.html").read_text(encoding="utf-8")
    form = _Form()
    form.feed(html)
    text = plain(" ".join(form.texts))
    assert plain(FIRST["text"][lang]) in text
    assert plain(FIRST["hint"][lang]) in text
    assert [field.get("name") for field in form.fields] == [FIRST["id"]]
    select = form.fields[0]
    # the label names the control
    label = re.search(rf'<label for="{select["id"]}">(.*?)</label>', html)
    assert label and plain(re.sub(r"<[^>]+>", "", label.group(1))) == plain(FIRST["text"][lang])
    # every country, in the page's language, after the empty choice
    assert form.options[0] == "" and sorted(form.options[1:]) == sorted(RULES["countries"]["codes"])
    names = RULES["countries"]["names"][lang]
    assert f'<option value="DE">{names["DE"]}</option>' in html
    others = [RULES["countries"]["names"][other]["DE"] for other in LANGUAGES if other != lang]
    assert not any(f">{name}</option>" in html for name in others if name != names["DE"])
    assert plain(TEXTS["continue"][lang]) in text and form.submit_disabled is True
    # the no-JavaScript message with the guide's links, as before
    assert re.search(r"<noscript>.*?guide/eligibility/.*?</noscript>", html, re.S)


def test_the_page_loads_one_bundle_of_ours_and_its_language_s_rules(built_site):
    for lang in LANGUAGES:
        html = (built_site / PREFIX[lang] / "checker" / "index.html").read_text(encoding="utf-8")
        ours = re.findall(r'<script[^>]*src="([^"]*assets/checker/[^"]*)"', html)
        assert [re.sub(r"\.[0-9a-f]{10}\.", ".", src.rsplit("/", 1)[1]) for src in ours] == ["checker.js"], ours
        assert re.search(r'data-rules="[./]*(?:%s)?assets/checker/rules\.[0-9a-f]{10}\.json"' % PREFIX[lang], html)
    [bundle_file] = (built_site / "assets" / "checker").glob("checker.*.js")
    bundle = bundle_file.read_text(encoding="utf-8")
    # one module: no import of another file; minified: no comments, no indentation
    assert not re.search(r"""\bimport\s*[{*"']|\bfrom\s*["']\.""", bundle)
    sources = sum(len(path.read_text(encoding="utf-8")) for path in WEB_DIR.glob("*.js"))
    assert not re.search(r"^\s*//", bundle, re.M) and "\n  " not in bundle and len(bundle) < 0.6 * sources
    # the generated first question and the full rules are not published by themselves
    assert not list(built_site.rglob(".first-question*")) and not list(built_site.rglob(".rules.json"))


def texts_of(value):
    if is_text(value):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts_of(item)


def strings(value, key=None):
    """Every string of a JSON value but addresses (a URL may hold a French word)."""
    if isinstance(value, str) and key != "url":
        yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, key)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_published_rules_file_holds_one_language(built_site, lang):
    [rules_file] = (built_site / PREFIX[lang] / "assets" / "checker").glob("rules.*.json")
    [texts_file] = (built_site / PREFIX[lang] / "assets" / "checker").glob("result-texts.*.json")
    first, second = checker_files(RULES, lang)
    assert json.loads(rules_file.read_text(encoding="utf-8")) == json.loads(json.dumps(first))
    assert json.loads(texts_file.read_text(encoding="utf-8")) == json.loads(json.dumps(second))
    shipped = join_parts(first, second)
    assert split_for_result(shipped) == (first, second)  # joined from the second file alone, nothing lost
    assert shipped["language"] == lang
    own = "\n".join(text[lang] for text in texts_of(RULES))
    foreign = {text[other] for text in texts_of(RULES) for other in LANGUAGES
               if other != lang and len(text[other]) > 12 and text[other] not in own}
    assert len(foreign) > 100
    words = "\n".join(strings(shipped))
    leaked = [text for text in foreign if text in words]
    assert not leaked, leaked[:3]
    assert shipped["texts"]["checker"]["continue"] == TEXTS["continue"][lang]
    local = checker_rules(RULES, lang)
    assert {key: value for key, value in shipped.items() if key != "countries"} == \
        {key: value for key, value in local.items() if key != "countries"}
    answers = {"nationality": "IR", "situation": "student_permit", "had_rece": "no", "degree": "master",
               "degree_date": "2026-07-01", "permit_expiry": "2027-06-30", "goal": "job"}
    assert evaluate(shipped, answers, "2026-11-29") == evaluate(RULES, answers, "2026-11-29")


def test_the_country_search_still_knows_every_language_s_names():
    for lang in LANGUAGES:
        search = checker_rules(RULES, lang)["countries"]["synonyms"]
        for other in LANGUAGES:
            if other != lang:
                assert RULES["countries"]["names"][other]["DE"] in search[other]["DE"]
        assert RULES["countries"]["names"][lang]["DE"] not in search[lang].get("DE", [])


def test_without_esbuild_the_build_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_module, "ESBUILD", tmp_path / "js" / "node_modules" / ".bin" / "esbuild")
    monkeypatch.setattr(bundle_module, "JS_DIR", tmp_path / "js")
    with pytest.raises(bundle_module.BundleError, match=r"esbuild is not installed.*make js"):
        bundle_module.bundle(tmp_path / "app.js")


# every layout shift of the page but the theme's header (Material moves its language menu once its script
# runs, on every page of the site and of a stock Material site): [{value, sources: [node names]}]
LAYOUT = """() => new Promise((resolve) => {
  const shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const nodes = entry.sources.map((source) => source.node).filter(Boolean);
      if (nodes.every((node) => node.closest && node.closest(".md-header"))) continue;
      shifts.push({ value: entry.value, sources: nodes.map((node) => `${node.nodeName}.${node.className}`) });
    }
  }).observe({ type: "layout-shift", buffered: true });
  requestAnimationFrame(() => setTimeout(() => resolve(shifts), 0));
})"""


def box(page) -> dict:
    return page.locator("form[data-question]").first.bounding_box()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_app_takes_the_form_over_without_moving_it(browser, site_server, lang):
    context, page, watch = open_page(browser, site_server.base_url, viewport={"width": 390, "height": 844})
    try:
        held, requested = [], []
        page.on("request", lambda request: requested.append(request.url))
        page.route(RULES_FILE, lambda route: held.append(route))
        page.goto(site_server.base_url + CHECKER_PATHS[lang], wait_until="domcontentloaded")
        page.wait_for_selector("#checker-app[data-state='loading']")
        before = box(page)
        assert page.locator("[data-checker-static] select[name]").is_visible()
        held[0].continue_()
        page.wait_for_selector("#checker-app[data-state='ready']")
        assert page.locator("[data-checker-static]").count() == 0     # the app's own form now
        after = box(page)
        assert {k: round(v) for k, v in after.items() if k != "height"} == \
            {k: round(v) for k, v in before.items() if k != "height"}
        assert abs(after["height"] - before["height"]) < 1, (before, after)
        assert page.evaluate(LAYOUT) == []
        # and the app's form works: the search field replaced the select
        assert page.locator("[data-combobox]").is_visible()
        ours = [url for url in requested if "/assets/checker/" in url]
        assert sorted(re.sub(r"\.[0-9a-f]{10}\.", ".", url.rsplit("/", 1)[1]) for url in ours) == \
            ["checker.css", "checker.js", "rules.json"], ours
        assert any(url.startswith(site_server.base_url + PREFIX[lang] + "assets/checker/rules.") for url in ours)
        assert not watch.problems(), watch.problems()
    finally:
        context.close()


def test_a_country_chosen_before_the_app_runs_is_kept(browser, site_server):
    context, page, watch = open_page(browser, site_server.base_url)
    try:
        held = []
        page.route(RULES_FILE, lambda route: held.append(route))
        page.goto(site_server.base_url + CHECKER_PATHS["fr"], wait_until="domcontentloaded")
        page.wait_for_selector("#checker-app[data-state='loading']")
        page.locator("[data-checker-static] select").select_option("IR")
        held[0].continue_()
        page.wait_for_selector("#checker-app[data-state='ready']")
        assert page.locator("select[name='nationality']").input_value() == "IR"
        assert page.locator("[data-combobox]").input_value() == RULES["countries"]["names"]["fr"]["IR"]
        assert not watch.problems(), watch.problems()
    finally:
        context.close()


def test_the_result_code_loads_when_the_reader_starts_answering(browser, site_server):
    context, page, watch = open_page(browser, site_server.base_url)
    try:
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(site_server.base_url + CHECKER_PATHS["en"])
        page.wait_for_selector("#checker-app[data-state='ready']")
        page.wait_for_load_state("networkidle")
        assert not [url for url in requested if RESULT_CODE.search(url)]
        with page.expect_request(RESULT_CODE):
            page.locator("[data-combobox]").focus()
        page.locator("select[name='nationality']").select_option("DE", force=True)
        page.click("form[data-question='nationality'] button[type='submit']")
        page.wait_for_selector("[data-outcome='eu_citizen']")
        assert len([url for url in requested if RESULT_CODE.search(url)]) == 1
        assert not watch.problems(), watch.problems()
    finally:
        context.close()


def test_a_link_with_answers_opens_on_the_result_with_its_code_loaded(browser, site_server):
    context, page, watch = open_page(browser, site_server.base_url)
    try:
        page.goto(site_server.base_url + CHECKER_PATHS["fa"] + "#nationality=DE")
        page.wait_for_selector("#checker-app[data-state='ready']")
        # drawn with the app's start, not after: no half-drawn step
        assert page.locator("#checker-app").get_attribute("data-step") == "result"
        assert page.locator("[data-outcome='eu_citizen']").is_visible()
        assert not watch.problems(), watch.problems()
    finally:
        context.close()
