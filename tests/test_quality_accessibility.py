"""Accessibility gate: axe-core (packaged, WCAG 2.0/2.1/2.2 A and AA plus best practices) finds no
violation on any built page in en, fr and fa, nor on any state of the checker; and a run through
the Persian checker by keyboard alone (Tab, Space, Enter, arrow keys; ASCII digits only) reaches
a result.
"""
from __future__ import annotations

import pytest

from tests.browser import browser, checker_page, open_page  # noqa: F401
from tests.quality import (LANGUAGES, axe_violations, lang_of, outcome_fragments, page_urls, question_prefixes,
                           rules, step)

pytestmark = pytest.mark.browser


def test_every_page_of_the_site_has_no_axe_violation(browser, built_site, site_server):  # noqa: F811
    urls = page_urls(built_site)
    assert len(urls) >= 3 * 12 and {lang_of(url) for url in urls} == set(LANGUAGES)
    found = {}
    context, page, watch = open_page(browser, site_server.base_url)
    try:
        for url in urls:
            page.goto(site_server.base_url + url, wait_until="load")
            if url.endswith(("checker/", "checker/index.html")):
                page.wait_for_selector("#checker-app[data-state='ready']")
            violations = axe_violations(page)
            if violations:
                found[url or "/"] = violations
    finally:
        context.close()
    assert not found, "\n".join(f"{url}:\n  " + "\n  ".join(lines) for url, lines in found.items())
    assert not watch.problems(), watch.problems()


def stray_text(page) -> list[str]:
    """Text nodes of the checker that are a leaked JavaScript value ('null', 'undefined', 'NaN', …)."""
    return page.evaluate(r"""() => { const found = []; const walker = document.createTreeWalker(
        document.querySelector('#checker-app'), NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) { const text = walker.currentNode.data;
        if (/(^|\s)(null|undefined|NaN|\[object Object\])(\s|$)/.test(text)) found.push(text.trim().slice(0, 80)); }
      return found; }""")


def show(page, fragment: str, expected_step: str) -> None:
    """Move the open checker to the state of a fragment (the app follows hash changes)."""
    if fragment:
        page.evaluate("(fragment) => { location.hash = fragment; }", fragment)
    page.wait_for_function("(wanted) => document.querySelector('#checker-app').dataset.step === wanted",
                           arg=expected_step)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_question_and_its_error_summary_has_no_axe_violation(checker_page, lang):  # noqa: F811
    found = {}
    page = checker_page.open(lang)
    for question_id, fragment in question_prefixes():
        show(page, fragment, question_id)
        assert not stray_text(page), (question_id, stray_text(page))
        violations = axe_violations(page)
        if violations:
            found[question_id] = violations
        # Continue with no answer: the error summary
        page.click(f"form[data-question='{question_id}'] button[type='submit']")
        page.wait_for_selector(".checker-error-summary")
        violations = axe_violations(page)
        if violations:
            found[f"{question_id} (error summary)"] = violations
    assert not found, "\n".join(f"{state}:\n  " + "\n  ".join(lines) for state, lines in found.items())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_outcome_and_the_answers_summary_has_no_axe_violation(checker_page, lang):  # noqa: F811
    found = {}
    page = checker_page.open(lang)
    for outcome, fragment in outcome_fragments():
        show(page, fragment, "result")
        page.wait_for_selector(f"[data-outcome='{outcome}']")
        assert not stray_text(page), (outcome, stray_text(page))
        # the result holds the check-answers summary with a Change link for each answer
        assert page.locator("[data-change]").count() >= 1
        violations = axe_violations(page)
        if violations:
            found[outcome] = violations
    # a Change link opens the question again, with a way back to the result
    page.locator("[data-change]").first.click()
    page.wait_for_selector(".checker-back")
    violations = axe_violations(page)
    if violations:
        found["changing an answer"] = violations
    # a link with problems shows its notice
    show(page, "nationality=IR&colour=blue&degree_date=2026-02-30&v=0.1", "situation")
    page.wait_for_selector("[data-notice]")
    violations = axe_violations(page)
    if violations:
        found["link notices"] = violations
    assert not found, "\n".join(f"{state}:\n  " + "\n  ".join(lines) for state, lines in found.items())


# --- keyboard only, in Persian --------------------------------------------------------------------

def focused(page) -> dict:
    return page.evaluate("() => { const e = document.activeElement; return {tag: e.tagName.toLowerCase(),"
                         " name: e.name || null, type: e.type || null, value: 'value' in e ? e.value : null,"
                         " cls: e.className || ''}; }")


def tab_until(page, test, limit: int = 60, key: str = "Tab") -> dict:
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if test(now):
            return now
    raise AssertionError(f"{key} never reached the wanted control (last: {focused(page)})")


def choose_with_arrows(page, name: str, value: str) -> None:
    """Focus the radio group of `name` by Tab, then move to `value` with the arrow keys."""
    tab_until(page, lambda now: now["name"] == name and now["type"] == "radio")
    for _ in range(12):
        if focused(page)["value"] == value:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reached {name}={value}")


def test_a_keyboard_only_run_through_the_persian_checker(checker_page):  # noqa: F811
    answers = {"nationality": "IR", "situation": "student_permit", "had_rece": "no", "degree": "master",
               "degree_date": "2026-07-01", "permit_expiry": "2027-06-30", "goal": "job"}
    page = checker_page.open("fa")
    # the country search: Tab to it, type Iran with the Arabic yeh many keyboards produce, Enter picks it
    tab_until(page, lambda now: "checker-combobox__input" in now["cls"], limit=120)
    page.keyboard.insert_text("ايران")
    page.keyboard.press("Enter")
    assert page.locator("select[name='nationality']").input_value() == "IR"
    tab_until(page, lambda now: now["type"] == "submit")
    page.keyboard.press("Enter")
    assert step(page) == "situation"
    # Continue with nothing chosen: the error summary takes focus; Enter on its link goes to the field
    tab_until(page, lambda now: now["type"] == "submit")
    page.keyboard.press("Enter")
    assert page.locator(".checker-error-summary").is_visible()
    tab_until(page, lambda now: now["tag"] == "a", limit=5)
    page.keyboard.press("Enter")
    assert focused(page)["name"] == "situation"
    page.keyboard.press("Shift+Tab")  # back before the group, then into it again
    choose_with_arrows(page, "situation", answers["situation"])
    page.keyboard.press("Enter")      # implicit submission from a radio
    for question_id in ("had_rece", "degree"):
        assert step(page) == question_id
        choose_with_arrows(page, question_id, answers[question_id])
        tab_until(page, lambda now: now["type"] == "submit")
        page.keyboard.press("Enter")
    for question_id in ("degree_date", "permit_expiry"):
        assert step(page) == question_id
        tab_until(page, lambda now, name=f"{question_id}_day": now["name"] == name)
        year, month, day = answers[question_id].split("-")
        for text in (day, month):             # day, month, year: three fields
            page.keyboard.type(text)
            page.keyboard.press("Tab")
        page.keyboard.type(year)
        page.keyboard.press("Enter")
    assert step(page) == "goal"
    choose_with_arrows(page, "goal", answers["goal"])
    page.keyboard.press("Enter")
    assert step(page) == "result"
    assert page.locator("[data-outcome='rece_job']").is_visible()
    assert page.evaluate("document.activeElement.id") == "checker-heading"
    # Back by keyboard from the result, then forward again
    tab_until(page, lambda now: "checker-back" in now["cls"], limit=5, key="Shift+Tab")
    page.keyboard.press("Enter")
    assert step(page) == "goal"
    tab_until(page, lambda now: now["type"] == "submit")
    page.keyboard.press("Enter")
    assert step(page) == "result"
    # a Change link is reachable and works by keyboard
    tab_until(page, lambda now: page.evaluate("document.activeElement.dataset.change") == "degree", limit=200)
    assert page.evaluate("document.activeElement.dataset.change") == "degree"
    page.keyboard.press("Enter")
    assert step(page) == "degree"
