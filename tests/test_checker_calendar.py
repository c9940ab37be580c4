"""The checker's "Add to calendar" file: RFC 5545, parsed with the icalendar package: future dates only,
a reminder a week before each event, UIDs that stay the same across rules versions, a file name and
digits in the page's language."""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from checker.engine import evaluate
from checker.rules_loader import load_rules
from tests.browser import RULES_FILE, TODAY, browser, checker_page, plain  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS, case_per_outcome, fragment_of

pytestmark = pytest.mark.browser
RULES = load_rules()
LATIN_DIGIT = re.compile(r"[0-9]")
# rece_job with a permit that ends soon: the recommended window opened before TODAY
SOON = dict(OUTCOME_ANSWERS["rece_job"], permit_expiry="2027-02-15")


def download_calendar(page) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click("[data-action='calendar']")
    download = info.value
    return download.suggested_filename, open(download.path(), "rb").read()


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
    name, raw = download_calendar(page)
    assert name == plain(RULES["texts"]["checker"]["calendar_filename"][lang]) and name.endswith(".ics")
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
        assert RULES["version"] in description or lang == "fa"
        date = next(entry for entry in RULES["dates"] if entry["id"] == date_id)
        label = (date.get("outcome_labels") or {}).get(outcome, date["label"])[lang]
        assert str(event["SUMMARY"]) == plain(label)
        # the event links to the guide page that explains its date, on this site, in this language
        assert date["guide"], f"dates.yaml: {date_id} has no guide page"
        link = urlsplit(str(event["URL"]))
        assert (link.scheme, link.netloc) == tuple(urlsplit(page.url)[:2])
        assert link.path.endswith(f"/{'' if lang == 'en' else lang + '/'}guide/{date['guide']}/"), link.path
        # a reminder one week before
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == -dt.timedelta(days=7)
        assert plain(label) in str(alarms[0]["DESCRIPTION"])
    assert len(uids) == len(events)


def test_a_past_date_is_marked_past_and_left_out_of_the_calendar(checker_page):
    dates = evaluate(RULES, SOON, TODAY)["dates"]
    assert dates["window_opens"] < TODAY < dates["window_closes"]
    for lang in ("en", "fr", "fa"):
        page = checker_page.open(lang, fragment_of(SOON, RULES["version"]))
        past_row = page.locator(".checker-dates__row", has=page.locator("time[data-date='window_opens']"))
        assert past_row.get_attribute("data-past") == ""
        assert plain(RULES["texts"]["checker"]["date_past"][lang]) in past_row.inner_text()
        future_row = page.locator(".checker-dates__row", has=page.locator("time[data-date='window_closes']"))
        assert future_row.get_attribute("data-past") is None
        _, raw = download_calendar(page)
        starts = [event.decoded("DTSTART") for event in Calendar.from_ical(raw).walk("VEVENT")]
        assert dt.date.fromisoformat(dates["window_opens"]) not in starts
        assert starts == [dt.date.fromisoformat(dates[i]) for i in ("window_closes", "file_before")]
        assert all(event.walk("VALARM") for event in Calendar.from_ical(raw).walk("VEVENT"))


def uids_under(checker_page, version: str, answers: dict) -> list[str]:
    def newer(route):
        body = json.loads(route.fetch().text())
        body["version"] = version
        route.fulfill(body=json.dumps(body), content_type="application/json")

    def serve_newer_rules(page):
        if version != RULES["version"]:
            page.route(RULES_FILE, newer)
    page = checker_page.open("en", fragment_of(answers), before=serve_newer_rules)
    page.wait_for_selector("[data-outcome]")
    assert page.evaluate("location.hash").endswith(f"v={version}")
    _, raw = download_calendar(page)
    return [str(event["UID"]) for event in Calendar.from_ical(raw).walk("VEVENT")]


def test_event_uids_stay_the_same_across_rules_versions(checker_page):
    answers = OUTCOME_ANSWERS["rece_job"]
    current = uids_under(checker_page, RULES["version"], answers)
    newer = uids_under(checker_page, "2099.01.01", answers)
    assert current == newer and len(set(current)) == 3
    # another person's answers: other UIDs
    other = uids_under(checker_page, RULES["version"], dict(answers, degree_date="2026-06-30"))
    assert not set(other) & set(current)


def test_the_persian_file_has_a_persian_name_and_persian_digits(checker_page):
    page = checker_page.open("fa", fragment_of(OUTCOME_ANSWERS["rece_job"], RULES["version"]))
    name, raw = download_calendar(page)
    assert re.search(r"[\u0600-\u06ff]", name) and name.endswith(".ics")
    for event in Calendar.from_ical(raw).walk("VEVENT"):
        description = str(event["DESCRIPTION"])
        # source lines keep titles and codes verbatim (R431-5, URLs); the file's own lines are in Persian digits
        source_prefix = plain(RULES["texts"]["checker"]["calendar_source_no_url"]["fa"]).split("[[")[0]
        lines = [line for line in description.split("\n") if not line.startswith(source_prefix)]
        assert len(lines) == 2 and not any(LATIN_DIGIT.search(line) for line in lines), lines
        assert not LATIN_DIGIT.search(str(event["SUMMARY"])) and not LATIN_DIGIT.search(str(event.walk("VALARM")[0]["DESCRIPTION"]))
        assert "۲۰۲۶" in description   # the verification date, in Persian digits


def test_no_calendar_button_without_dates(checker_page):
    page = checker_page.open("en", fragment_of(OUTCOME_ANSWERS["eu_citizen"], RULES["version"]))
    assert page.locator("[data-outcome='eu_citizen']").is_visible()
    assert page.locator("[data-action='calendar']").count() == 0


@pytest.mark.parametrize("outcome, lang", [("status_none", "en"), ("renew_student_permit", "fr"), ("permit_expired", "fa"),
                                           ("bilateral_aps", "fa")])
def test_the_calendar_holds_the_flagged_future_dates_with_the_outcome_titles(checker_page, outcome, lang):
    """The file holds exactly the dates flagged `calendar: true` that the result has and that are
    not past (never degree_recent_until), titled for this outcome where the rules say so."""
    case = case_per_outcome()[outcome]
    result = evaluate(RULES, case["answers"], case["today"])
    expected = [date for date in RULES["dates"]
                if date.get("calendar") and date["id"] in result["dates"] and result["dates"][date["id"]] >= case["today"]]
    page = checker_page.open(lang, fragment_of(case["answers"], RULES["version"]), today=case["today"])
    assert page.locator(f"[data-outcome='{outcome}']").is_visible()
    if not expected:
        assert page.locator("[data-action='calendar']").count() == 0
        return
    _, raw = download_calendar(page)
    events = Calendar.from_ical(raw).walk("VEVENT")
    assert [event.decoded("DTSTART") for event in events] == [dt.date.fromisoformat(result["dates"][d["id"]]) for d in expected]
    for date, event in zip(expected, events):
        title = (date.get("outcome_labels") or {}).get(outcome, date["label"])[lang]
        assert str(event["SUMMARY"]) == plain(title)
