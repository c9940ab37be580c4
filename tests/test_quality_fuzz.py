"""Fuzzing gate.

- At least 10,000 generated URL fragments (random keys, unknown values, impossible dates, Persian
  and Arabic-Indic digits, huge strings, repeated keys, broken percent escapes, …) go through the
  checker's own fragment parser (checker/web/fragment.js, unchanged, in one embedded V8): no
  uncaught exception; every dropped part is reported in the category the app turns into a message;
  what is kept is a valid answer set on the path, that round-trips through the link, and on which
  both engines agree. A sample also runs in the real page, which shows the message.
- At least 10,000 generated answer sets go through both engines (Python and V8, in bulk), which
  must return identical results.

Hypothesis caps the size of one example, so each example is a batch; the batches add up to the
totals, asserted at the end.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from py_mini_racer import MiniRacer

from checker.answer_space import BOUNDARY_TODAYS
from harness.js_engine import V8Engine, python_result
from tests.browser import browser, checker_page  # noqa: F401
from tests.quality import rules

WEB = Path(__file__).resolve().parent.parent / "checker" / "web"
RULES = rules()
QUESTIONS = {question["id"]: question for question in RULES["questions"]}
TODAY = "2026-11-27"
TOTAL = 10_000
BATCH = 50
EXAMPLES = TOTAL // BATCH + 10
# no shrinking: a failure prints its whole batch, and shrinking 50 cases at a time is slow
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                HealthCheck.function_scoped_fixture])
# JavaScript's String.prototype.trim: WhiteSpace and LineTerminator
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000\ufeff"
MAX_LENGTH, MAX_PAIRS = 4000, 40  # the parser's documented limits (fragment.js)
LINK_TEXTS = ["link_bad", "link_off_path", "link_repeated", "link_unknown", "link_bad_version", "link_unreadable",
              "link_nothing_used", "link_partly_used", "link_version"]

# --- the browser modules in one V8 -----------------------------------------------------------------

IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./([a-z_]+)\.js";\s*$', re.MULTILINE)
EXPORT = re.compile(r"^export\s*\{([^}]*)\};\s*$", re.MULTILINE)


def module_as_script(name: str) -> str:
    """An ES module as a script: its imports read from, and its exports written to, globalThis.modules
    (the way harness/js_engine.py turns engine.js's export into a global)."""
    source = (WEB / f"{name}.js").read_text(encoding="utf-8")
    export = EXPORT.search(source)
    assert export, f"{name}.js must end with one `export {{ … }};` statement"
    body = IMPORT.sub(lambda m: f"const {{{m.group(1)}}} = globalThis.modules.{m.group(2)};",
                      source[: export.start()])
    assert not re.search(r"^import ", body, re.MULTILINE), f"{name}.js has an import this runner cannot read"
    return f"globalThis.modules.{name} = (() => {{\n{body}\nreturn {{{export.group(1)}}};\n}})();\n"


FUZZ_RUNNER = """
globalThis.fuzzFragments = (hashes, today) => JSON.stringify(hashes.map((hash) => {
  const { parseFragment, serialiseFragment, hasProblems } = modules.fragment;
  try {
    const report = parseFragment(hash, RULES, today);
    const link = serialiseFragment(report.answers, RULES);
    const again = parseFragment(link, RULES, today);
    return { report, problems: hasProblems(report), link, again: again.answers, againProblems: hasProblems(again),
             result: modules.engine.evaluate(RULES, report.answers, today) };
  } catch (error) {
    return { error: String(error && error.stack || error) };
  }
}));
"""


@pytest.fixture(scope="module")
def v8():
    context = MiniRacer()
    context.eval("globalThis.modules = {};")
    for name in ("engine", "dates", "fragment"):
        context.eval(module_as_script(name))
    context.eval(f"globalThis.RULES = {json.dumps(RULES)};")
    context.eval(FUZZ_RUNNER)
    return context


def run_fragments(v8, hashes: list[str], today: str) -> list[dict]:
    return json.loads(v8.eval(f"fuzzFragments({json.dumps(hashes)}, {json.dumps(today)})"))


# --- generated fragments -----------------------------------------------------------------------------

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
dates = st.dates().map(lambda day: day.isoformat())
impossible_dates = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999),
                             st.sampled_from([0, 2, 4, 13, 99]), st.sampled_from([0, 29, 30, 31, 32, 99]))
huge = st.builds(lambda chunk, times: chunk * times, st.sampled_from(["a", "%", "ک", "=", "&x", "%41", "9"]),
                 st.integers(1000, 20000))
weird_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)


def question_value(question_id: str):
    question = QUESTIONS[question_id]
    if question["kind"] == "choice":
        good = st.sampled_from([option["id"] for option in question["options"]])
    elif question["kind"] == "country":
        codes = st.sampled_from(RULES["countries"]["codes"])
        good = st.one_of(codes, codes.map(str.lower), codes.map(lambda code: f" {code} "))
    else:
        good = st.one_of(dates, dates.map(lambda d: d.translate(PERSIAN)), dates.map(lambda d: d.translate(ARABIC_INDIC)))
    bad = st.one_of(weird_text, impossible_dates, impossible_dates.map(lambda d: d.translate(PERSIAN)), huge,
                    st.sampled_from(["", "null", "undefined", "__proto__", "constructor", "1e999", "-0"]))
    return st.one_of(good, good, bad)


def encoded(text: str, how: str) -> str:
    if how == "quote":
        return quote(text, safe="")
    if how == "plus":
        return quote(text, safe="").replace("%20", "+")
    return text.replace("&", "%26").replace(";", "%3B").replace("=", "%3D").replace("#", "%23") if how == "raw" else text


@st.composite
def pair(draw, used: list[str]):
    kind = draw(st.sampled_from(["question"] * 5 + ["repeat", "unknown", "version", "no_equals", "broken",
                                                     "empty", "huge_key", "proto"]))
    how = draw(st.sampled_from(["quote", "plus", "raw", "as_is"]))
    if kind == "question" or (kind == "repeat" and not used):
        key = draw(st.sampled_from(list(QUESTIONS)))
        value = draw(question_value(key))
    elif kind == "repeat":
        key = draw(st.sampled_from(used))
        value = draw(question_value(key)) if key in QUESTIONS else draw(weird_text)
    elif kind == "unknown":
        key, value = draw(weird_text), draw(weird_text)
    elif kind == "version":
        key = "v"
        value = draw(st.one_of(st.just(RULES["version"]), st.just("2020.01.01"), weird_text, huge))
    elif kind == "no_equals":
        return encoded(draw(st.one_of(st.sampled_from(list(QUESTIONS) + ["v"]), weird_text)), how)
    elif kind == "broken":
        return draw(st.sampled_from(["%", "%zz=1", "nationality=%E0%A4%A", "%ED%A0%80=x", "degree=%C3", "%%=%%"]))
    elif kind == "empty":
        return ""
    elif kind == "huge_key":
        key, value = draw(huge), draw(weird_text)
    else:
        key, value = draw(st.sampled_from(["__proto__", "constructor", "toString", "hasOwnProperty"])), "x"
    used.append(key)
    return f"{encoded(key, how)}={encoded(value, how)}"


@st.composite
def fragment(draw):
    if draw(st.integers(0, 19)) == 0:  # sometimes pure noise
        return draw(st.one_of(weird_text, huge, st.text(max_size=200)))
    used: list[str] = []
    parts = draw(st.lists(pair(used), min_size=0, max_size=draw(st.sampled_from([4, 8, 12, 60]))))
    separator = draw(st.sampled_from(["&", "&", ";", "&&"]))
    return draw(st.sampled_from(["#", "", "##"])) + separator.join(parts)


# --- the oracle: what the parser must have reported --------------------------------------------------

def js_decode(text: str) -> str | None:
    """decodeURIComponent(text.replace(/\\+/g, ' ')), or None where it throws."""
    text = text.replace("+", " ")
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return None
    try:
        return unquote_to_bytes(text.encode("utf-8", "surrogatepass")).decode("utf-8")
    except UnicodeDecodeError:
        return None


def expected_reports(hash_: str) -> list[str]:
    """Every dropped or kept part of the fragment, as the report category that must cover it."""
    text = hash_[1:] if hash_.startswith("#") else hash_
    if text.strip(JS_SPACE) == "":
        return ["empty"]
    needs = []
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) > 2 * MAX_LENGTH:  # JavaScript lengths count UTF-16 code units
        text, needs = units[: 2 * MAX_LENGTH].decode("utf-16-le", "surrogatepass"), ["cut"]
    pairs = [p for p in re.split(r"[&;]", text) if p != ""]
    if len(pairs) > MAX_PAIRS:
        needs.append("cut")
    seen = set()
    for raw in pairs[:MAX_PAIRS]:
        key = js_decode(raw.split("=", 1)[0])
        if key is None:
            needs.append("unreadable")
            continue
        name = key.strip(JS_SPACE)
        if name in seen and (name == "v" or name in QUESTIONS):
            needs.append(f"repeated:{name}")
        elif name == "v":
            needs.append("version")
        elif name in QUESTIONS:
            needs.append(f"question:{name}")
        else:
            needs.append("unknown")
        seen.add(name)
    return needs


def unaccounted(needs: list[str], report: dict) -> list[str]:
    missing = []
    for need in needs:
        kind, _, name = need.partition(":")
        covered = {
            "empty": report["empty"],
            "cut": report["cut"],
            "unreadable": report["unreadable"],
            "repeated": name in report["repeated"],
            "version": report["version"] is not None or report["badVersion"],
            "question": name in report["answers"] or name in report["bad"] or name in report["offPath"],
            "unknown": bool(report["unknown"]) or report["unreadable"],
        }[kind]
        if not covered:
            missing.append(need)
    return missing


def dropped_something(report: dict) -> bool:
    return bool(report["unknown"] or report["bad"] or report["repeated"] or report["offPath"]
                or report["badVersion"] or report["cut"] or report["unreadable"])


@pytest.mark.slow
def test_fuzzed_fragments_through_the_parser(v8):
    checked = []

    @FUZZ_SETTINGS
    @given(hashes=st.lists(fragment(), min_size=BATCH, max_size=BATCH),
           today=st.sampled_from((TODAY,) + BOUNDARY_TODAYS))
    def batch(hashes, today):
        outputs = run_fragments(v8, hashes, today)
        assert len(outputs) == len(hashes)
        for hash_, output in zip(hashes, outputs):
            assert "error" not in output, (hash_[:300], output)
            report = output["report"]
            missing = unaccounted(expected_reports(hash_), report)
            assert not missing, (hash_[:300], missing, report)
            # every drop shows a message (hasProblems is what the app tests), and only drops do
            assert output["problems"] == dropped_something(report), (hash_[:300], report)
            # what is kept is valid, on the path, and the same through a new link
            answers = report["answers"]
            assert set(answers) <= set(QUESTIONS)
            assert all(not isinstance(value, str) or re.fullmatch(r"[A-Za-z0-9_.-]+", value) for value in answers.values())
            assert output["again"] == answers and not output["againProblems"], (hash_[:300], output["link"])
            expected = python_result(RULES, answers, today)
            assert not expected.get("errors"), (answers, expected.get("errors"))
            assert output["result"] == expected, answers
        checked.extend(hashes)

    batch()
    assert len(checked) >= TOTAL, len(checked)
    # the generator reached every kind of trouble
    joined = "\n".join(checked)
    for needle in ("۰", "٠", "%E0%A4%A", "v=", "__proto__"):
        assert needle in joined, needle
    assert any(len(hash_) > MAX_LENGTH for hash_ in checked)


def test_every_link_message_exists_in_every_language():
    texts = RULES["texts"]["checker"]
    for key in LINK_TEXTS:
        assert all(texts[key].get(lang) for lang in ("en", "fr", "fa")), key


# characters a URL fragment keeps as they are (so the page parses exactly the generated text)
URL_SAFE = re.compile(r"[A-Za-z0-9&;=%._~!$'()*+,/:?@-]*")
SHOW = """async (text) => {
  const changed = new Promise((resolve) => {
    addEventListener('hashchange', resolve, { once: true });
    setTimeout(resolve, 1000);
  });
  location.hash = text;
  await changed;
  await new Promise((resolve) => setTimeout(resolve, 0));
  return document.querySelectorAll("[data-notice='link'] li").length;
}"""


@pytest.mark.browser
def test_fuzzed_fragments_show_a_message_in_the_page(checker_page, v8):  # noqa: F811
    """A sample of generated fragments opened in the real Persian checker: whenever a part is
    dropped, the page shows the link notice with a line for each kind of problem."""
    sample = []

    @settings(max_examples=10, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.lists(fragment(), min_size=BATCH, max_size=BATCH))
    def draw(hashes):
        sample.extend(h.lstrip("#") for h in hashes if URL_SAFE.fullmatch(h.lstrip("#")) and 0 < len(h) < 400)

    draw()
    sample = list(dict.fromkeys(sample))
    page = checker_page.open("fa")
    shown = 0
    for text in sample[:40]:
        report = run_fragments(v8, [text], TODAY)[0]["report"]
        lines = page.evaluate(SHOW, text)
        if dropped_something(report):
            kinds = sum(bool(report[key]) for key in ("bad", "offPath", "repeated", "unknown", "badVersion")) \
                + bool(report["cut"] or report["unreadable"])
            assert lines == kinds, (text, report)
            shown += 1
    assert shown >= 5, (shown, sample[:40])


# --- generated answer sets through both engines -----------------------------------------------------

safe_integers = st.integers(-(2 ** 53) + 1, 2 ** 53 - 1)


def any_value():
    options = [option["id"] for question in RULES["questions"] for option in question["options"]]
    return st.one_of(st.sampled_from(options), st.sampled_from(RULES["countries"]["codes"]), dates, impossible_dates,
                     weird_text, safe_integers, st.none(), st.booleans(), st.lists(safe_integers, max_size=2),
                     st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=1))


GOOD_VALUES = {question_id: st.sampled_from([o["id"] for o in QUESTIONS[question_id]["options"]])
               if QUESTIONS[question_id]["kind"] == "choice" else st.sampled_from(RULES["countries"]["codes"])
               if QUESTIONS[question_id]["kind"] == "country"
               else st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)).map(lambda day: day.isoformat())
               for question_id in QUESTIONS}


@st.composite
def answer_set(draw):
    """Mostly a walk along the questions the engine asks (stopping anywhere, now and then a wrong
    or off-path value), sometimes noise."""
    if draw(st.integers(0, 4)) == 0:
        keys = st.one_of(st.sampled_from(list(QUESTIONS)), st.text(max_size=8))
        return draw(st.dictionaries(keys, any_value(), max_size=8))
    answers = {}
    for _ in QUESTIONS:
        asked = python_result(RULES, answers, TODAY).get("next_question")
        roll = draw(st.integers(0, 19))
        if asked is None or roll == 0:
            break
        if roll == 1:
            answers[draw(st.sampled_from(list(QUESTIONS)))] = draw(any_value())
        else:
            answers[asked] = draw(GOOD_VALUES[asked])
    return answers


@pytest.mark.slow
def test_generated_answer_sets_give_identical_results_in_both_engines():
    """Hypothesis draws the answer sets one by one (a batch of them outgrows one example); the V8
    side then runs all of them in bulk."""
    counted = []

    @settings(FUZZ_SETTINGS, max_examples=TOTAL + 200)
    @given(case=st.tuples(answer_set(), st.one_of(st.sampled_from((TODAY,) + BOUNDARY_TODAYS), st.sampled_from(
        (TODAY,) + BOUNDARY_TODAYS), dates, weird_text)))
    def draw(case):
        counted.append(case)

    draw()
    assert len(counted) >= TOTAL
    js_results = V8Engine(RULES).evaluate_many(counted)
    assert len(js_results) == len(counted)
    mismatches = []
    outcomes = set()
    for (answers, today), js_result in zip(counted, js_results):
        expected = python_result(RULES, answers, today)
        outcomes.add(expected["outcome"])
        if js_result != expected:
            mismatches.append((answers, today, js_result, expected))
    assert not mismatches, mismatches[:3]
    assert len(outcomes - {None}) >= 5, outcomes  # the generated sets reach real results, not only errors
