"""The country search (checker/web/combobox.js) in Chromium, in English, French and Persian: names in any
language, synonyms from countries.yaml, Arabic letter variants; it offers the right country first
and never chooses one the reader did not choose."""
from __future__ import annotations

import pytest

from checker.rules_loader import load_rules
from tests.browser import browser, checker_page, plain  # noqa: F401

pytestmark = pytest.mark.browser
RULES = load_rules()
NAMES = RULES["countries"]["names"]
SEARCHES = {
    "usa": "US",
    "America": "US",
    "korea": "KR",
    "آمریکا": "US",
    "ايران": "IR",        # with the Arabic yeh
    "ايالات": "US",       # with the Arabic yeh: «ایالات متحده»
    "Allem": "DE",        # the French name, typed on any page
    "ivory": "CI",
    "Holland": "NL",
    "انگلیس": "GB",
}


def step(page) -> str:
    return page.locator("#checker-app").get_attribute("data-step")


def search(page, text: str):
    field = page.locator("[data-combobox='nationality']")
    field.fill("")
    field.focus()
    # Persian typed with keyboard.type fires no key events: insert the text, then press a key
    page.keyboard.insert_text(text)
    page.keyboard.press("Shift")
    return field


def offered(page) -> list[str]:
    return page.eval_on_selector_all("#checker-input-nationality-list [role='option']", "nodes => nodes.map(n => n.dataset.code)")


def chosen(page) -> str:
    return page.locator("select[name='nationality']").input_value()


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_each_search_offers_the_right_country_first_and_never_picks_another(checker_page, lang):
    page = checker_page.open(lang)
    for text, code in SEARCHES.items():
        field = search(page, text)
        assert offered(page)[:1] == [code], (text, offered(page))
        assert chosen(page) in ("", code), (text, chosen(page))
        assert field.get_attribute("aria-expanded") == "true"
        assert field.get_attribute("aria-activedescendant") == "checker-input-nationality-list-0"
        # Enter picks the highlighted option and names it in the field
        page.keyboard.press("Enter")
        assert chosen(page) == code
        assert field.input_value() == NAMES[lang][code]
        assert field.get_attribute("aria-expanded") == "false"
        assert step(page) == "nationality"
    # and the next Enter sends the answer
    page.keyboard.press("Enter")
    assert step(page) == "situation"
    assert page.evaluate("location.hash").startswith(f"#nationality={SEARCHES['انگلیس']}")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_partial_name_chooses_nothing_until_the_reader_picks(checker_page, lang):
    page = checker_page.open(lang)
    field = search(page, "ir")                  # Iran, Iraq, Ireland, …
    assert len(offered(page)) > 1 and chosen(page) == ""
    page.keyboard.press("ArrowDown")            # the second option
    second = offered(page)[1]
    assert field.get_attribute("aria-activedescendant") == "checker-input-nationality-list-1"
    assert chosen(page) == ""
    page.keyboard.press("Escape")               # closes the list, chooses nothing
    assert field.get_attribute("aria-expanded") == "false" and chosen(page) == ""
    # submitting now is an error, with the text kept
    page.click("form[data-question='nationality'] button[type='submit']")
    assert page.locator(".checker-error-summary").is_visible()
    assert page.locator("[data-combobox='nationality']").input_value() == "ir"
    assert page.locator("[data-combobox='nationality']").get_attribute("aria-invalid") == "true"
    assert "nationality" not in page.evaluate("location.hash")
    # a click on an option chooses it
    search(page, "ir")
    page.locator(f"#checker-input-nationality-list [data-code='{second}']").click()
    assert chosen(page) == second
    assert page.locator("[data-combobox='nationality']").input_value() == NAMES[lang][second]


def test_editing_a_chosen_name_unchooses_it(checker_page):
    page = checker_page.open("en")
    search(page, "Iran")
    assert chosen(page) == "IR"                 # the whole name typed: that country
    page.keyboard.press("Backspace")
    assert chosen(page) == ""                   # "Ira": Iran or Iraq, the reader has not said
    assert offered(page)[:2] == ["IR", "IQ"]


def test_no_match_says_so(checker_page):
    page = checker_page.open("fr")
    search(page, "Atlantide")
    none = page.locator(".checker-combobox__none")
    assert none.is_visible() and "Aucun pays" in none.text_content()
    assert offered(page) == [] and chosen(page) == ""


def test_the_combobox_follows_the_aria_pattern(checker_page):
    page = checker_page.open("fa")
    field = page.locator("[data-combobox='nationality']")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-autocomplete") == "list"
    assert field.get_attribute("aria-controls") == "checker-input-nationality-list"
    label = page.locator("label[for='checker-input-nationality']")
    assert label.count() == 1 and label.is_visible()
    assert "checker-input-nationality-hint" in field.get_attribute("aria-describedby")
    # the native select is still in the form, hidden, with every country (the fallback)
    select = page.locator("select[name='nationality']")
    assert select.is_hidden() and select.locator("option[value]").count() == len(RULES["countries"]["codes"]) + 1
    search(page, "فرانسه")
    assert page.locator("[role='listbox'] [role='option'][aria-selected='true']").count() == 1
    status = page.locator("#checker-input-nationality-status")
    page.wait_for_function("() => document.querySelector('#checker-input-nationality-status').textContent !== ''")
    assert "کشور" in status.text_content()


def test_a_chosen_country_comes_back_filled_in(checker_page):
    page = checker_page.open("en")
    search(page, "korea")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert step(page) == "situation"
    page.click(".checker-back")
    assert step(page) == "nationality"
    assert page.locator("[data-combobox='nationality']").input_value() == "South Korea"
    assert chosen(page) == "KR"


@pytest.mark.parametrize("lang, width", [("en", 1280), ("fa", 375)])
def test_the_options_fill_the_list_from_edge_to_edge(checker_page, lang, width):
    """No list indent from the theme (Material's `[dir] .md-typeset ul li` margins) on either side."""
    page = checker_page.open(lang, viewport={"width": width, "height": 800})
    search(page, "ir" if lang == "en" else "ایر")
    box = page.locator("[role='listbox']").evaluate("""node => {
        const list = node.getBoundingClientRect(), option = node.querySelector('[role=option]').getBoundingClientRect();
        const style = getComputedStyle(node);
        return {inner: node.clientWidth, width: option.width, start: getComputedStyle(node).direction === 'rtl'
            ? list.right - parseFloat(style.borderRightWidth) - option.right
            : option.left - list.left - parseFloat(style.borderLeftWidth)};
    }""")
    assert abs(box["start"]) < 1 and abs(box["width"] - box["inner"]) < 1, box


@pytest.mark.parametrize("lang, query", [("en", "Iran"), ("fr", "Iran"), ("en", "Ira")])
def test_the_status_counts_the_matches_in_the_language_s_plural(checker_page, lang, query):
    page = checker_page.open(lang)
    search(page, query)
    status = page.locator("#checker-input-nationality-status")
    page.wait_for_function("() => document.querySelector('#checker-input-nationality-status').textContent !== ''")
    count = len(offered(page))
    key = "country_result_one" if count == 1 else "country_results"
    assert status.text_content() == plain(RULES["texts"]["checker"][key][lang]).replace("[[count]]", str(count))
