"""Turn the rules into the site's generated files.

The checker's scripts and data carry a hash of their content in their names (`<name>.<hash>.<ext>`), so
a new release never meets a cached file of the previous one: the page names them (the hook reads
.assets.json), checker.js names result.js and the rules' format number (esbuild defines).

- docs/assets/checker/rules.<hash>.<lang>.json   the rules for one language (the logic once, that
                                         language's texts), loaded by the checker page of that language;
                                         the i18n plugin publishes it as <lang>/assets/checker/rules.<hash>.json
- docs/assets/checker/result-texts.<hash>.<lang>.json   what only a result shows (facts, sources, the
                                         outcomes', notes', documents' and dates' texts), fetched while
                                         the reader answers (checker_files)
- docs/assets/checker/archive/rules-<version>.<lang>.json  each older rules version of checker/archive, for
                                         one language, with the changelog entries since: fetched by the
                                         checker only when a link made under that version is opened (a
                                         published version does not change: its name carries no hash)
- docs/assets/checker/checker.<hash>.js  the checker app bundled into one minified ES module (bundle.py),
                                         all but the result's code
- docs/assets/checker/result.<hash>.js   the result's code (result.js and what it imports), one more
                                         minified module, which checker.js imports when it is needed
- docs/assets/checker/.assets.json       the published names of those files (not published)
- docs/assets/checker/*.css              the stylesheets of checker/web/, minified
- docs/assets/checker/.first-question.<lang>.html  the checker's first question as HTML, put into the
                                         checker page by the hook (a dotfile: not published by itself)
- docs/assets/checker/.rules.json        the full compiled rules, for the stale-translation warning of a
                                         build that regenerates nothing (not published)
- docs/guide/<page>.<lang>.md            the guide pages of checker/rules/pages.yaml, in every language

Files are written only when their content changes, so `mkdocs serve` does not loop.
Everything generated is git-ignored.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sys
from pathlib import Path

from build_tools import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = ROOT / "docs"
RULES_DIR = ROOT / "checker" / "rules"
WEB_DIR = ROOT / "checker" / "web"
BUILD_TOOLS_DIR = Path(__file__).resolve().parent
CHECKER_ASSETS = Path("assets") / "checker"
GUIDE_DIR = Path("guide")

CHECKER_CODE_DIR = ROOT / "checker"
ARCHIVE_DIR = ROOT / "checker" / "archive"
# the inputs' fingerprint of the last generation (a dotfile: MkDocs does not publish it)
STAMP = CHECKER_ASSETS / ".generated-from"
FULL_RULES = CHECKER_ASSETS / ".rules.json"
BUNDLE = CHECKER_ASSETS / "checker.js"
# the names with their content hash ({"checker": …, "result": …, "rules": {lang: published name}})
ASSETS = CHECKER_ASSETS / ".assets.json"
APP_ENTRY = "app.js"
# the result's code, which app.js imports when the reader reaches a result: a bundle of its own
RESULT_ENTRY = "result.js"
TEMPLATES = BUILD_TOOLS_DIR / "templates"


# what the checker app never reads: the guide's texts, the claims, the changelog (the site's pages show them)
NOT_FOR_THE_CHECKER = ("changelog", "claims", "pages")
CHECKER_TEXTS = ("common", "checker")


def checker_rules(rules: dict, lang: str) -> dict:
    """The rules a checker page of `lang` loads: rules_for_language without what the app never reads."""
    from checker.localise import rules_for_language

    local = rules_for_language({key: value for key, value in rules.items() if key not in NOT_FOR_THE_CHECKER}, lang)
    local["texts"] = {key: local["texts"][key] for key in CHECKER_TEXTS if key in local["texts"]}
    # the country search finds a country by its name in any language: the other languages' names
    # are search words, with the synonyms ({lang: {code: [names]}})
    countries = rules["countries"]
    synonyms = countries.get("synonyms", {})
    words = {other: {code: [*synonyms.get(other, {}).get(code, []),
                            *([countries["names"][other][code]] if other != lang else [])]
                     for code in countries["codes"]} for other in LANGUAGES}
    local["countries"]["synonyms"] = {other: {code: names for code, names in table.items() if names}
                                      for other, table in words.items()}
    # the older versions the site publishes: a link made under one of them shows what changed
    local["archive"] = older_versions(rules)
    return local


# what the checker never reads in an archived version: it shows the current version's texts, facts and sources
NOT_FOR_A_COMPARISON = ("texts", "facts", "sources")


def older_versions(rules: dict, archive_dir: Path = ARCHIVE_DIR) -> list[str]:
    """The archived versions older than the rules' own, newest first (the site publishes them)."""
    from checker.archive import archived_versions

    return sorted((version for version in archived_versions(archive_dir) if version < rules["version"]), reverse=True)


def archived_checker_rules(archived: dict, rules: dict, lang: str) -> dict:
    """An archived version as a checker page of `lang` loads it to compare a link's answers: its logic and
    the texts of its questions, outcomes, notes, dates and amounts (the current version's interface texts,
    facts and sources are shown), its country codes without names, and `later_changelog`: the current
    rules' changelog entries, in that language (the comparison keeps those after the archived version)."""
    from checker.localise import localise

    local = checker_rules(archived, lang)
    for key in (*NOT_FOR_A_COMPARISON, "archive"):
        local.pop(key, None)
    local["countries"] = {"codes": local["countries"]["codes"]}
    local["later_changelog"] = localise(rules.get("changelog", []), lang)
    return local


def archive_file(version: str, lang: str) -> Path:
    """Where an older version's rules for one language are shipped, relative to docs/; the i18n plugin
    publishes it as <lang>/assets/checker/archive/rules-<version>.json, beside that language's rules.json."""
    return CHECKER_ASSETS / "archive" / f"rules-{version}.{lang}.json"


def checker_files(rules: dict, lang: str, browser_names: dict | None = None) -> tuple[dict, dict]:
    """The two files a checker page of `lang` loads: (the rules the questions need, what only a result
    shows), checker.localise.split_for_result of checker_rules. The country names the browser gives
    (Intl.DisplayNames, `browser_names` {lang: {code: name}}, default Node.js's) equal to the rules' are
    left out, except countries.yaml's `always_ship_names` (browsers name them otherwise than Node.js):
    the first file keeps the others (`names`: this language's, `other_names`: the others', searched) and
    the synonyms alone; the app puts the names back (app.js, fillCountryNames)."""
    from build_tools.bundle import display_names
    from checker.localise import split_for_result

    local = checker_rules(rules, lang)
    countries = rules["countries"]
    codes = countries["codes"]
    always = set(countries.get("always_ship_names", ()))
    if browser_names is None:
        browser_names = display_names(codes, list(LANGUAGES))
    overrides = {other: {code: countries["names"][other][code] for code in codes
                         if code in always
                         or browser_names.get(other, {}).get(code) != countries["names"][other][code]}
                 for other in LANGUAGES}
    synonyms = countries.get("synonyms", {})
    local["countries"] = {
        **{key: value for key, value in local["countries"].items() if key not in ("names", "synonyms")},
        "names": overrides[lang],
        "other_names": {other: overrides[other] for other in LANGUAGES if other != lang},
        "synonyms": {other: {code: names for code, names in synonyms.get(other, {}).items() if names and code in codes}
                     for other in LANGUAGES},
    }
    return split_for_result(local)


def rules_file(lang: str, digest: str = "") -> Path:
    """Where the rules of one language are shipped, relative to docs/ (`digest`: its content hash)."""
    return CHECKER_ASSETS / (f"rules.{digest}.{lang}.json" if digest else f"rules.{lang}.json")


def result_texts_file(lang: str, digest: str) -> Path:
    """Where what only a result shows (checker_files' second part) is shipped, relative to docs/."""
    return CHECKER_ASSETS / f"result-texts.{digest}.{lang}.json"


def content_hash(content: bytes) -> str:
    """The part of a file name that changes with its content (10 hex digits of SHA-256)."""
    return hashlib.sha256(content).hexdigest()[:10]


def hashed(path: Path, content: bytes) -> Path:
    """`path` with its content's hash after the first part of its name: checker.js -> checker.<hash>.js."""
    stem, _, rest = path.name.partition(".")
    return path.with_name(f"{stem}.{content_hash(content)}.{rest}")


def published_assets(docs_dir: Path = DOCS_DIR) -> dict:
    """The checker's published file names as generate() wrote them (.assets.json): {"checker": name,
    "result": name, "rules": {lang: name as the language's folder publishes it}}. FileNotFoundError when
    generate() has not run."""
    import json
    return json.loads((docs_dir / ASSETS).read_text(encoding="utf-8"))


def first_question_file(lang: str) -> Path:
    return CHECKER_ASSETS / f".first-question.{lang}.html"


def write_if_changed(path: Path, content: bytes) -> bool:
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # atomic: a concurrent build never reads a half-written file
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return True


def input_fingerprint(rules_dir: Path, web_dir: Path) -> str:
    """Changes whenever a rule, a text, a checker file or the generator changes."""
    digest = hashlib.sha256(dt.date.today().isoformat().encode())  # the amounts in force change by date
    inputs = [(rules_dir, "**/*"), (web_dir, "**/*"), (BUILD_TOOLS_DIR, "*.py"), (CHECKER_CODE_DIR, "**/*.py"),
              (TEMPLATES, "*"), (BUILD_TOOLS_DIR / "js", "package-lock.json"), (ARCHIVE_DIR, "*.json")]
    for folder, pattern in inputs:
        if not folder.exists():
            continue
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    return digest.hexdigest()


def rules_loader():
    """The loader's two functions (the project root may be missing from sys.path under MkDocs)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from checker.rules_loader import load_rules, rules_json
    return load_rules, rules_json


def render_pages(rules: dict, stale: frozenset = frozenset(), today: str | None = None) -> dict[Path, str]:
    """Relative path (under docs/) -> Markdown, for every page and language.

    `stale`: (text key, language) of the translations awaiting review, marked on the pages.
    `today` (ISO, default the build date): the amounts shown as in force.
    Raises TypographyError when a French page breaks French typography."""
    # imported here: a build with nothing to regenerate does not pay for Babel
    from build_tools.changelog_page import SLUG as CHANGES_SLUG, changelog_markdown
    from build_tools.pages import fact_homes, page_slugs, write_page
    from build_tools.render import PageContext
    from build_tools.translations_lock import with_review_marks

    homes = fact_homes(rules)
    order = country_order(rules)
    pages = {}
    for lang in LANGUAGES:
        ctx = with_review_marks(PageContext(rules, lang, homes, today, order.get(lang)), stale)
        for slug in page_slugs(rules):
            pages[GUIDE_DIR / f"{slug}.{lang}.md"] = write_page(ctx, slug)
        pages[GUIDE_DIR / f"{CHANGES_SLUG}.{lang}.md"] = changelog_markdown(rules, lang, stale)
    check_french(pages)
    return pages


def country_order(rules: dict) -> dict[str, list[str]]:
    """{lang: [code, …]}: the countries the pages list (the bilateral table), in each language's
    collation order, the order the checker's country list uses (bundle.collated, ICU)."""
    from build_tools.bundle import collated

    codes = [entry["country"] for entry in rules.get("bilateral", [])]
    names = rules.get("countries", {}).get("names", {})
    if not codes:
        return {}
    return collated({lang: {code: names.get(lang, {}).get(code, code) for code in codes} for lang in LANGUAGES})


class TypographyError(ValueError):
    """A French page has a plain space before ':', ';', '!', '?', '»' or after '«'."""


def check_french(pages: dict[Path, str], docs_dir: Path | None = None) -> None:
    """Raise TypographyError listing every plain space left before those marks in French output:
    the generated pages, and the hand-written docs/*.fr.md when docs_dir is given."""
    from checker.typography import french_problems

    texts = {path: text for path, text in pages.items() if path.name.endswith(".fr.md")}
    if docs_dir is not None:
        texts.update({path.relative_to(docs_dir): path.read_text(encoding="utf-8")
                      for path in sorted(docs_dir.glob("*.fr.md"))})
    problems = [f"{path}: plain space in {excerpt!r} (use U+00A0 before ':' and inside « », U+202F before ; ! ?)"
                for path, text in texts.items() for excerpt in french_problems(text)]
    if problems:
        raise TypographyError("French typography:\n" + "\n".join(problems))


_warned: set[tuple[Path, str]] = set()


def generate(docs_dir: Path = DOCS_DIR, rules_dir: Path = RULES_DIR, web_dir: Path = WEB_DIR,
             rules: dict | None = None, force: bool = False) -> list[Path]:
    """Write the generated files; return those that changed. Cheap when nothing changed."""
    fingerprint = input_fingerprint(rules_dir, web_dir)
    stamp = docs_dir / STAMP
    if rules is None and not force and stamp.exists() and stamp.read_text() == fingerprint \
            and (docs_dir / FULL_RULES).exists():
        # the MkDocs hook calls this once per language: warn once per process and inputs
        if (docs_dir, fingerprint) not in _warned:
            from build_tools.translations_lock import warn_about_stale_translations_of_build
            warn_about_stale_translations_of_build(docs_dir / FULL_RULES, rules_dir)
            _warned.add((docs_dir, fingerprint))
        return []
    load_rules, rules_json = rules_loader()
    if rules is None:
        rules = load_rules(rules_dir)
    from build_tools.translations_lock import warn_about_stale_translations
    stale = frozenset(warn_about_stale_translations(rules, rules_dir))  # a warning, never an error

    changed: list[Path] = []
    wanted: set[Path] = {STAMP}

    def emit(relative: Path, content: bytes) -> None:
        wanted.add(relative)
        if write_if_changed(docs_dir / relative, content):
            changed.append(relative)

    import json

    from build_tools.bundle import bundle, collated
    from checker.localise import RULES_FORMAT

    emit(FULL_RULES, rules_json(rules).encode("utf-8"))
    order = collated(rules["countries"]["names"])
    from checker.archive import load_archived
    archived = {version: load_archived(version, ARCHIVE_DIR) for version in older_versions(rules)}
    assets: dict = {"rules": {}, "result_texts": {}}
    for lang in LANGUAGES:
        first, second = checker_files(rules, lang)
        content = rules_json(first).encode("utf-8")
        digest = content_hash(content)
        emit(rules_file(lang, digest), content)
        assets["rules"][lang] = f"rules.{digest}.json"
        content = rules_json(second).encode("utf-8")
        digest = content_hash(content)
        emit(result_texts_file(lang, digest), content)
        assets["result_texts"][lang] = f"result-texts.{digest}.json"
        local = checker_rules(rules, lang)
        for version, old in archived.items():
            emit(archive_file(version, lang), rules_json(archived_checker_rules(old, rules, lang)).encode("utf-8"))
        emit(first_question_file(lang), first_question_html(local, order[lang]).encode("utf-8"))
    if web_dir.exists():
        # the stylesheets minified, the app as two bundles; the JavaScript sources are not published
        for source in sorted(web_dir.rglob("*.css")):
            emit(CHECKER_ASSETS / source.relative_to(web_dir), bundle(source))
        if (web_dir / APP_ENTRY).exists():
            result_code = bundle(web_dir / RESULT_ENTRY)
            result_path = hashed(CHECKER_ASSETS / RESULT_ENTRY, result_code)
            emit(result_path, result_code)
            app_code = bundle(web_dir / APP_ENTRY, define={"__RESULT_FILE__": result_path.name,
                                                          "__RULES_FORMAT__": RULES_FORMAT})
            app_path = hashed(BUNDLE, app_code)
            emit(app_path, app_code)
            assets.update(checker=app_path.name, result=result_path.name)
    emit(ASSETS, json.dumps(assets, indent=1).encode("utf-8"))
    generated = render_pages(rules, stale)
    check_french({}, docs_dir)
    for relative, markdown in generated.items():
        emit(relative, markdown.encode("utf-8"))

    # drop generated files whose source is gone
    for folder in (CHECKER_ASSETS, GUIDE_DIR):
        root = docs_dir / folder
        if root.exists():
            for path in sorted(root.rglob("*"), reverse=True):
                relative = path.relative_to(docs_dir)
                if path.is_file() and relative not in wanted:
                    path.unlink()
                    changed.append(relative)
                elif path.is_dir() and not any(path.iterdir()):
                    shutil.rmtree(path)

    write_if_changed(stamp, fingerprint.encode())
    return changed


def first_question_html(local: dict, country_order: list[str] | None = None) -> str:
    """The checker's first question as an HTML form (build_tools/templates/first-question.html).

    local: the rules of one language (checker_rules); country_order: the country codes in the order of
    that language (bundle.collated), default the rules' order. Texts keep their inline marks as <bdi>
    elements; everything else is escaped."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    from checker.inline import render_inline

    texts = {**local["texts"]["common"], **local["texts"]["checker"]}
    marked = {key: Markup(render_inline(value)) for key, value in texts.items() if isinstance(value, str)}
    question = local["questions"][0]

    def inline(value):
        return Markup(render_inline(value)) if isinstance(value, str) else value

    shown = dict(question, text=inline(question["text"]), hint=inline(question.get("hint")),
                 options=[dict(option, label=inline(option["label"]), hint=inline(option.get("hint")))
                          for option in question.get("options", [])])
    names = local["countries"]["names"]
    codes = country_order or local["countries"]["codes"]
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                              keep_trailing_newline=True)
    return environment.get_template("first-question.html").render(
        question=shown, texts=marked, countries=[(code, names.get(code, code)) for code in codes])


def checker_form(docs_dir: Path, lang: str) -> str:
    """The HTML of the checker's first question in `lang`, as generate() wrote it (checker.<lang>.md's page
    holds it in its mount element). FileNotFoundError when generate() has not run."""
    return (docs_dir / first_question_file(lang)).read_text(encoding="utf-8")


def checker_styles(web_dir: Path = WEB_DIR) -> list[str]:
    """Site-relative URLs of the checker's stylesheets (linked from the checker page)."""
    if not web_dir.exists():
        return []
    return [(CHECKER_ASSETS / path.relative_to(web_dir)).as_posix()
            for path in sorted(web_dir.rglob("*.css"))]
