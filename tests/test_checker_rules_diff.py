"""A link made under an older rules version, reopened after the rules changed (issue 19), in Chromium:
above the result, what changed for these answers (outcome, notes, dates, amounts, dropped answers, the
changelog since), in each language; the "nothing changed" line; a version the site does not keep, a
newer one, an archived file that does not read; the calendar file keeps the events of the old one.
Expected values come from checker/compare.py on the same answers and day."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from checker.archive import load_archived
from checker.compare import compare_rules
from checker.rules_loader import load_rules
from tests.browser import browser, checker_page, plain  # noqa: F401
from tests.checker_cases import fragment_of

pytestmark = pytest.mark.browser
RULES = load_rules()
OLD_VERSION = "2026.11.29"
OLD = load_archived(OLD_VERSION)
TODAY = "2026-12-07"
HOLDER = {"nationality": "IR", "situation": "rece_holder", "rece_expiry": "2027-06-30", "plan": "job",
          "gross_salary": 33000, "job_related": "yes", "contract": "permanent"}
KEPT = {key: value for key, value in HOLDER.items() if key not in ("job_related", "contract")}


def text(key: str, lang: str) -> str:
    """An interface text as the page shows it, up to its first placeholder."""
    return plain(RULES["texts"]["checker"][key][lang]).split("[[")[0].strip()


def shown_diff(page) -> dict:
    page.wait_for_selector("[data-outcome]")
    return page.evaluate("""() => {
        const root = document.querySelector('[data-rules-diff]');
        if (!root) return null;
        return {
          from: root.dataset.fromVersion, to: root.dataset.toVersion,
          changes: [...root.querySelectorAll('[data-diff]')].map((node) => [node.dataset.diff, node.dataset.before, node.dataset.after]),
          nothing: root.querySelectorAll('[data-diff-nothing]').length,
          changelog: [...root.querySelectorAll('[data-changelog-version]')].map((node) => node.dataset.changelogVersion),
          times: [...root.querySelectorAll(':scope > p time')].map((node) => node.getAttribute('datetime')),
          text: root.textContent,
          aboveResult: Boolean(root.compareDocumentPosition(document.querySelector('[data-outcome]')) & Node.DOCUMENT_POSITION_FOLLOWING),
        };
    }""")


def expected_changes(answers: dict) -> list[list[str]]:
    comparison = compare_rules(OLD, RULES, answers, TODAY)
    return [["outcome" if change["kind"] == "outcome" else f"{change['kind']}:{change['id']}",
             "" if change["before"] is None else str(change["before"]),
             "" if change["after"] is None else str(change["after"])] for change in comparison["changes"]]


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_a_link_of_2026_11_29_shows_what_changed_for_the_card_holder(checker_page, lang):
    page = checker_page.open(lang, fragment_of(HOLDER, OLD_VERSION), today=TODAY)
    shown = shown_diff(page)
    assert shown, "no [data-rules-diff] section"
    assert (shown["from"], shown["to"]) == (OLD_VERSION, RULES["version"])
    changes = {key: (before, after) for key, before, after in shown["changes"]}
    assert changes["outcome"] == ("status_salarie", "status_ordinary")
    assert changes["amount:work_threshold_monthly"] == ("273455", "280053")
    assert changes["dropped:job_related"] == ("yes", "")
    assert changes["dropped:contract"] == ("permanent", "")
    assert shown["changes"] == expected_changes(HOLDER)
    assert shown["nothing"] == 0 and shown["aboveResult"]
    assert shown["times"] == ["2026-11-29", "2026-12-07"]
    assert shown["changelog"] == ["2026.12.07"]
    # in the reader's language: the heading, both outcomes' titles, the amounts as the result writes them
    assert text("diff_heading", lang) in shown["text"]
    old_title = next(plain(outcome["title"][lang]) for outcome in OLD["outcomes"] if outcome["id"] == "status_salarie")
    new_title = next(plain(outcome["title"][lang]) for outcome in RULES["outcomes"] if outcome["id"] == "status_ordinary")
    assert old_title.split("{")[0][:25] in shown["text"] and new_title.split("{")[0][:25] in shown["text"]
    amount_now = page.locator("[data-part='amounts'] [data-parameter='work_threshold_monthly'] .checker-amount").first.text_content()
    assert amount_now in page.locator("[data-diff='amount:work_threshold_monthly']").text_content()
    assert "{" not in shown["text"] and "[[" not in shown["text"]
    if lang == "fa":
        assert not any(character.isascii() and character.isdigit() for character in page.locator("[data-diff='amount:work_threshold_monthly']").text_content())
    # the result is the current one; the answers kept are those it uses; no link notice for the dropped ones
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "status_ordinary"
    assert page.locator("[data-notice]").count() == 0
    # the address keeps the link as it was made (reloaded or shared again, it shows this again) until the
    # reader changes an answer: then it holds the answers used, under the current version
    assert page.evaluate("location.hash") == "#" + fragment_of(HOLDER, OLD_VERSION)
    page.locator("button[data-change='gross_salary']").click()
    page.locator("#checker-input-gross_salary").fill("33000")
    page.locator("#checker-input-gross_salary").press("Enter")
    page.wait_for_function("!location.hash.includes('v=%s')" % OLD_VERSION)
    assert page.evaluate("location.hash") == "#" + fragment_of(KEPT, RULES["version"])


def test_a_link_whose_result_did_not_change_says_so_in_one_line(checker_page):
    answers = {"nationality": "DE"}
    page = checker_page.open("en", fragment_of(answers, OLD_VERSION), today=TODAY)
    shown = shown_diff(page)
    assert shown["nothing"] == 1 and shown["changes"] == [] == expected_changes(answers)
    assert page.locator("[data-diff-nothing]").text_content() == plain(RULES["texts"]["checker"]["diff_nothing"]["en"])
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "eu_citizen"


@pytest.mark.parametrize("version,key", [("2026.11.27", "diff_unknown"), ("2027.03.01", "diff_newer")])
def test_a_version_the_site_does_not_keep_is_said_plainly(checker_page, version, key):
    requests = []
    page = checker_page.open("fr", fragment_of(HOLDER, version), today=TODAY,
                             before=lambda page: page.on("request", lambda request: requests.append(request.url)))
    assert shown_diff(page) is None
    notice = page.locator("[data-notice='version']")
    assert text(key, "fr") in plain(notice.text_content())
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "status_ordinary"
    assert not [url for url in requests if "/archive/" in urlsplit(url).path]


def test_a_corrupt_archived_file_is_said_plainly_and_the_current_result_shown(checker_page):
    def corrupt(page):
        page.route("**/archive/rules-*.json", lambda route: route.fulfill(
            status=200, content_type="application/json", body='{"version": "2026.11.29", "questions": [tru'))
    page = checker_page.open("en", fragment_of(HOLDER, OLD_VERSION), today=TODAY, before=corrupt)
    assert shown_diff(page) is None
    assert text("diff_failed", "en") in plain(page.locator("[data-notice='version']").text_content())
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "status_ordinary"
    # the answers the current rules use are kept
    for key, value in KEPT.items():
        assert f"{key}={value}" in page.evaluate("location.hash")


def test_an_archived_file_of_another_version_is_refused(checker_page):
    def wrong(page):
        page.route("**/archive/rules-*.json", lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps({"version": "2020.01.01"})))
    page = checker_page.open("fa", fragment_of(HOLDER, OLD_VERSION), today=TODAY, before=wrong)
    assert shown_diff(page) is None
    assert text("diff_failed", "fa") in plain(page.locator("[data-notice='version']").text_content())


def test_the_current_version_fetches_no_archive(checker_page):
    requests = []
    page = checker_page.open("en", fragment_of(KEPT, RULES["version"]), today=TODAY,
                             before=lambda page: page.on("request", lambda request: requests.append(request.url)))
    page.wait_for_selector("[data-outcome]")
    assert shown_diff(page) is None
    assert not [url for url in requests if "/archive/" in urlsplit(url).path]


# --- the calendar file: the events of the file the old version gave are updated -----------------------

def digest(text: str) -> str:
    """calendar.js's digest (two 32-bit FNV-1a hashes of the UTF-8 bytes)."""
    a, b = 0x811C9DC5, 0x01000193 ^ 0x5BD1E995
    for byte in text.encode("utf-8"):
        a = ((a ^ byte) * 0x01000193) & 0xFFFFFFFF
        b = ((b ^ byte) * 0x5BD1E995) & 0xFFFFFFFF
    return f"{a:08x}{b:08x}"


def uid(date_id: str, rules: dict, answers: dict, host: str) -> str:
    """The UID result.js gives a date of these answers (serialised in the order of these rules' questions)."""
    fragment = "&".join(f"{question['id']}={answers[question['id']]}" for question in rules["questions"]
                        if question["id"] in answers) + "&v="
    return f"{date_id}-{digest(date_id + '|' + digest(fragment))}@{host}"


def test_the_calendar_file_of_the_new_result_keeps_the_events_of_the_old_one(checker_page):
    page = checker_page.open("en", fragment_of(HOLDER, OLD_VERSION), today=TODAY)
    assert shown_diff(page)
    with page.expect_download() as info:
        page.click("[data-action='calendar']")
    events = Calendar.from_ical(open(info.value.path(), "rb").read()).walk("VEVENT")
    assert events
    host = urlsplit(page.url).hostname
    date_ids = [str(event["UID"]).split("-")[0] for event in events]
    assert [str(event["UID"]) for event in events] == [uid(date_id, OLD, HOLDER, host) for date_id in date_ids]
    # the current answers alone would give other UIDs (job_related and contract are no longer asked)
    assert uid(date_ids[0], RULES, KEPT, host) != uid(date_ids[0], OLD, HOLDER, host)


# --- what the site publishes --------------------------------------------------------------------------

PREFIX = {"en": "", "fr": "fr/", "fa": "fa/"}


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_the_site_publishes_each_older_version_beside_the_rules(built_site, lang):
    folder = built_site / PREFIX[lang] / "assets" / "checker"
    [rules_file] = folder.glob("rules.*.json")   # rules.<hash>.json
    current = json.loads(rules_file.read_text(encoding="utf-8"))
    assert current["archive"] == [OLD_VERSION] and "changelog" not in current
    published = json.loads((folder / "archive" / f"rules-{OLD_VERSION}.json").read_text(encoding="utf-8"))
    assert published["version"] == OLD_VERSION and published["language"] == lang
    assert not {"texts", "facts", "sources", "claims", "pages", "changelog"} & set(published)
    assert published["later_changelog"][0]["version"] == RULES["version"]
    assert published["later_changelog"][0]["summary"] == RULES["changelog"][0]["summary"][lang]
    # the published files compare the holder's answers as the archive does
    comparison = compare_rules(published, {**current, "changelog": published["later_changelog"]}, HOLDER, TODAY)
    assert comparison["changes"] == compare_rules(OLD, RULES, HOLDER, TODAY)["changes"]
    # the current version is not published twice
    assert not (folder / "archive" / f"rules-{RULES['version']}.json").exists()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_no_axe_violation_on_the_rules_diff(checker_page, lang):
    from tests.quality import axe_violations

    page = checker_page.open(lang, fragment_of(HOLDER, OLD_VERSION), today=TODAY)
    assert shown_diff(page)
    assert axe_violations(page) == []
