"""From answer to action (issue 22), in real Chromium: every outcome links to the services the reader
uses next (outside the evidence, ordinary links, marked when the site is in French only), and a result
where the reader can apply states the deadline in its panel, with "file now" when it applies; the notes
come before the documents."""
from __future__ import annotations

import pytest

from checker.rules_loader import load_rules
from tests.browser import browser, checker_page, plain  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS, case_per_outcome, fragment_of
from tests.quality import axe_violations

RULES = load_rules()
VERSION = RULES["version"]
TEXTS = RULES["texts"]["checker"]
CASES = case_per_outcome()


def test_every_outcome_has_services_in_the_rules():
    assert set(RULES["outcome_services"]) == {outcome["id"] for outcome in RULES["outcomes"]}
    for outcome_id, ids in RULES["outcome_services"].items():
        assert ids, outcome_id
    for service in RULES["services"].values():
        assert ("url" in service) != ("page" in service)
        if "url" in service:
            assert service["url"].startswith("https://") and service["sources"], service["id"]


def check_services(page, outcome_id: str, lang: str) -> None:
    part = page.locator("[data-part='services']")
    assert part.is_visible(), outcome_id
    assert page.locator(".checker-evidence [data-part='services'], .checker-evidence [data-service]").count() == 0
    items = part.locator("[data-service]")
    assert items.evaluate_all("nodes => nodes.map((n) => n.dataset.service)") == RULES["outcome_services"][outcome_id]
    for index, service_id in enumerate(RULES["outcome_services"][outcome_id]):
        service = RULES["services"][service_id]
        link = items.nth(index).locator("a")
        assert plain(service["label"][lang]) in link.text_content()
        if "url" in service:
            assert link.get_attribute("href") == service["url"]
            assert link.get_attribute("rel") == "noreferrer"
            assert link.get_attribute("target") is None
            marked = items.nth(index).locator("[data-french-only]").count() == 1
            assert marked == (service["french_only"] and lang != "fr"), (service_id, lang)
        else:
            href = link.evaluate("(a) => a.href")
            assert href.endswith(f"/guide/{service['page']}/")
            assert page.request.get(href).ok, href
    # the services come before the documents and the evidence
    order = page.eval_on_selector_all("[data-part]", "nodes => nodes.map((n) => n.dataset.part)")
    for later in ("documents", "evidence"):
        if later in order:
            assert order.index("services") < order.index(later), order


def test_each_outcome_links_to_its_next_services(checker_page):
    missing = sorted(set(RULES["outcome_services"]) - set(CASES))
    assert not missing, f"no scenario case reaches {missing}"
    for outcome_id, case in CASES.items():
        page = checker_page.open("en", fragment_of(case["answers"], VERSION), today=case["today"])
        assert page.locator(f"[data-outcome='{outcome_id}']").is_visible(), outcome_id
        check_services(page, outcome_id, "en")
        assert not page.watch.problems(), page.watch.problems()
        page.context.close()
        checker_page.opened = []


@pytest.mark.parametrize("lang", ["fr", "fa"])
def test_services_in_french_and_persian(checker_page, lang):
    page = checker_page.open(lang, fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    check_services(page, "rece_job", lang)
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_the_deadline_is_in_the_panel_and_notes_come_before_documents(checker_page, lang):
    page = checker_page.open(lang, fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    deadline = page.locator(".checker-panel [data-deadline='file_before']")
    assert deadline.is_visible()
    assert deadline.locator("time").get_attribute("datetime") == "2027-06-30"
    file_before = next(date for date in RULES["dates"] if date["id"] == "file_before")
    assert plain(file_before["deadline"][lang]).split("[[")[0] in deadline.text_content()
    assert page.locator("[data-file-now]").count() == 0
    order = page.eval_on_selector_all("[data-part]", "nodes => nodes.map((n) => n.dataset.part)")
    assert order.index("notes") < order.index("documents"), order


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_file_now_is_in_the_panel_in_the_last_two_months(checker_page, lang):
    # a permit that ends in 7 weeks: the window has closed, file now
    answers = {**OUTCOME_ANSWERS["rece_job"], "permit_expiry": "2027-01-15"}
    page = checker_page.open(lang, fragment_of(answers, VERSION))
    assert page.locator("[data-note='apply_now']").count() == 1
    panel = page.locator(".checker-panel")
    assert panel.locator("[data-file-now]").is_visible()
    assert plain(TEXTS["file_now"][lang]) in panel.text_content()
    assert panel.locator("[data-deadline] time").get_attribute("datetime") == "2027-01-15"
