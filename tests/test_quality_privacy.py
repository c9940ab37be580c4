"""Privacy gate, the one place for it: the built site loads nothing from another origin (no web
fonts) and ships no cookie, storage or analytics code; the checker's sources use no storage and
call no one; in Chromium, loading every page of the site, and running the checker to a result in
each language, makes no request to another origin and no failed request, sets no cookie, writes
nothing to localStorage or sessionStorage (nor IndexedDB or Cache Storage), and logs no console
error. Each page in the browser also has the lang and dir of its language.

Writes are caught as they happen: an init script wraps Storage.prototype.setItem and the
document.cookie setter before any page script runs; the end state is checked too.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.linkcheck import off_origin_resources
from tests.browser import browser, click_through, open_page  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS
from tests.quality import LANGUAGES, lang_of, page_urls, rules

WEB = Path(__file__).resolve().parent.parent / "checker" / "web"
APP_FILES = sorted(path for path in WEB.glob("*.js") if path.name != "engine.js")


# --- what is shipped ---------------------------------------------------------------------------

def test_no_resource_from_another_origin(built_site):
    assert off_origin_resources(built_site) == []
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path


def test_no_cookie_storage_or_analytics_code(built_site):
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        scripts = " ".join(re.findall(r"<script\b[^>]*>.*?</script>", text, flags=re.S))
        assert "document.cookie" not in scripts and "gtag(" not in scripts, path
        assert "analytics" not in scripts.lower() and "googletagmanager" not in text, path
        if "__md_set" in text:
            assert "__md_set=()=>{}" in text, path


def test_the_app_stores_nothing_and_calls_no_one():
    assert APP_FILES
    for path in APP_FILES:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"localStorage|sessionStorage|document\.cookie|indexedDB|sendBeacon|XMLHttpRequest|WebSocket",
                             source), path.name
        assert not re.search(r"https?://", source), path.name


# --- in the browser ----------------------------------------------------------------------------

SPY = """(() => {
  const log = [];
  Object.defineProperty(window, '__privacyLog', { value: log });
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    log.push(`${this === window.localStorage ? 'localStorage' : 'sessionStorage'}.setItem(${key})`);
    return setItem.call(this, key, value);
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get() { return cookie.get.call(this); },
    set(value) { log.push(`document.cookie = ${String(value).split('=')[0]}`); return cookie.set.call(this, value); },
  });
})();"""

STATE = """async () => ({
  log: window.__privacyLog ? [...window.__privacyLog] : ['the spy did not run'],
  cookie: document.cookie,
  local: localStorage.length,
  session: sessionStorage.length,
  databases: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
  caches: 'caches' in window ? await caches.keys() : [],
})"""

CLEAN = {"log": [], "cookie": "", "local": 0, "session": 0, "databases": [], "caches": []}


def watched_context(browser, base_url):  # noqa: F811
    context, page, watch = open_page(browser, base_url)
    context.add_init_script(SPY)
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    return context, page, watch, failed


@pytest.mark.browser
def test_every_page_loads_cleanly_and_stays_private(browser, built_site, site_server):  # noqa: F811
    context, page, watch, failed = watched_context(browser, site_server.base_url)
    problems, wrong_direction = {}, {}
    try:
        for url in page_urls(built_site):
            page.goto(site_server.base_url + url, wait_until="networkidle")
            if url.endswith("checker/"):
                page.wait_for_selector("#checker-app[data-state='ready']")
            state = page.evaluate(STATE)
            if state != CLEAN:
                problems[url or "/"] = state
            lang = lang_of(url)
            shown = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
            if shown != [lang, "rtl" if lang == "fa" else "ltr"]:
                wrong_direction[url or "/"] = shown
        cookies = context.cookies()
    finally:
        context.close()
    assert not problems, problems
    assert not wrong_direction, wrong_direction
    assert cookies == []
    assert not watch.problems(), watch.problems()
    assert not failed, failed


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_checker_run_to_a_result_stays_private(browser, site_server, lang):  # noqa: F811
    context, page, watch, failed = watched_context(browser, site_server.base_url)
    try:
        page.goto(site_server.base_url + {"en": "", "fr": "fr/", "fa": "fa/"}[lang] + "checker/")
        page.wait_for_selector("#checker-app[data-state='ready']")
        states = []
        for outcome in ("rece_company", "bilateral_aps"):
            click_through(page, rules(), OUTCOME_ANSWERS[outcome])
            page.wait_for_selector(f"[data-outcome='{outcome}']")
            states.append(page.evaluate(STATE))
            page.click("[data-action='start-again']")
            page.wait_for_selector("#checker-app[data-step='nationality']")
        # a shared link opened directly
        page.goto(page.url.split("#")[0] + "#" + "&".join(f"{k}={v}" for k, v in OUTCOME_ANSWERS["rece_job"].items()))
        page.wait_for_selector("[data-outcome='rece_job']")
        # the result's own actions: copy the link, download the calendar file
        page.click("[data-action='copy']")
        with page.expect_download():
            page.click("[data-action='calendar']")
        page.wait_for_load_state("networkidle")
        states.append(page.evaluate(STATE))
        cookies = context.cookies()
    finally:
        context.close()
    assert all(state == CLEAN for state in states), states
    assert cookies == []
    assert not watch.problems(), watch.problems()
    assert not failed, failed


@pytest.mark.browser
def test_the_spy_sees_a_write(browser, site_server):  # noqa: F811
    """The instrument itself works: a write to storage or a cookie is caught."""
    context, page, _watch, _failed = watched_context(browser, site_server.base_url)
    try:
        page.goto(site_server.base_url + "privacy/")
        page.evaluate("() => { sessionStorage.setItem('k', '1'); document.cookie = 'c=1'; }")
        state = page.evaluate(STATE)
    finally:
        context.close()
    assert state["log"] == ["sessionStorage.setItem(k)", "document.cookie = c"]
    assert state["session"] == 1 and state["cookie"] == "c=1"
