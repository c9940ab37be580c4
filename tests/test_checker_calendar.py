"""The checker's "Add to calendar" file: RFC 5545, parsed with the icalendar package."""
from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from checker.engine import evaluate
from checker.rules_loader import load_rules
from tests.browser import TODAY, browser, checker_page  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS, fragment_of

pytestmark = pytest.mark.browser
RULES = load_rules()


def download_calendar(page) -> bytes:
    with page.expect_download() as info:
        page.click("[data-action='calendar']")
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    return open(download.path(), "rb").read()


def source_urls(date_id: str) -> set[str]:
    date = next(entry for entry in RULES["dates"] if entry["id"] == date_id)
    return {RULES["sources"][source]["url"] for fact in date["facts"] for source in RULES["facts"][fact]["sources"]
            if RULES["sources"][source]["url"]}


@pytest.mark.parametrize("outcome, lang, expected", [
    ("rece_job", "en", ["window_opens", "window_closes", "file_before"]),
    ("bilateral_aps", "fa", ["window_opens", "window_closes", "file_before"]),
    ("abroad_visa", "fr", ["abroad_apply_by"]),
])
def test_calendar_file_holds_the_right_dates(checker_page, outcome, lang, expected):
    answers = OUTCOME_ANSWERS[outcome]
    page = checker_page.open(lang, fragment_of(answers, RULES["version"]))
    raw = download_calendar(page)
    # CRLF line ends only, lines of at most 75 octets
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
    events = calendar.walk("VEVENT")
    dates = evaluate(RULES, answers, TODAY)["dates"]
    assert [event.decoded("DTSTART") for event in events] == [dt.date.fromisoformat(dates[i]) for i in expected]
    uids = set()
    for date_id, event in zip(expected, events):
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)   # all-day, VALUE=DATE
        assert event.decoded("DTEND") == start + dt.timedelta(days=1)
        assert event.get("DTSTAMP") is not None
        uids.add(str(event["UID"]))
        description = str(event["DESCRIPTION"])
        for url in source_urls(date_id):
            assert url in description
        assert RULES["verified_on"] in description
        label = next(entry for entry in RULES["dates"] if entry["id"] == date_id)["label"][lang]
        assert str(event["SUMMARY"]) == label.replace("{fr:", "").replace("{ltr:", "").replace("}", "")
    assert len(uids) == len(events)


def test_no_calendar_button_without_dates(checker_page):
    page = checker_page.open("en", fragment_of(OUTCOME_ANSWERS["eu_citizen"], RULES["version"]))
    assert page.locator("[data-outcome='eu_citizen']").is_visible()
    assert page.locator("[data-action='calendar']").count() == 0
