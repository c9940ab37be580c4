"""MkDocs hooks: run the generator, then apply the site fixes. All logic lives in build_tools."""
from __future__ import annotations

import json
import os
import sys
from copy import deepcopy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402

from build_tools import DEFAULT_LANGUAGE  # noqa: E402
from build_tools.bundle import BundleError  # noqa: E402
from build_tools.checks import missing_translations  # noqa: E402
from build_tools.generate import FULL_RULES, checker_form, checker_styles, generate, published_assets  # noqa: E402
from build_tools.linkcheck import broken_links  # noqa: E402
from build_tools.site_fixes import (  # noqa: E402
    NotFoundPages, alternate_links, content_security_policy, direction, html_lang_dir, is_not_found_source, language_prefix, not_found_text, notice,
    relative_alternates, search_exclusions, search_worker, site_path, site_url_problem, sitemap_groups,
)

log = get_plugin_logger("site")
not_found_pages = NotFoundPages()
state = {"command": None, "warned": False}


def current_language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme.get("language") or DEFAULT_LANGUAGE


def build_order(config) -> list[str]:
    i18n = config.plugins.get("i18n")
    languages = list(getattr(i18n, "build_languages", None) or [DEFAULT_LANGUAGE])
    default = getattr(i18n, "default_language", None) or DEFAULT_LANGUAGE
    return [default] + [lang for lang in languages if lang != default]


def language_names(config) -> dict[str, str]:
    """{locale: name} of the built languages, in build order."""
    i18n = config.plugins.get("i18n")
    names = {lang.locale: lang.name for lang in getattr(getattr(i18n, "config", None), "languages", []) or []}
    return {lang: names.get(lang, lang) for lang in build_order(config)}


def on_startup(command, dirty):
    state["command"] = command


def on_config(config):
    # runs once per language: generate() returns at once when nothing changed
    try:
        changed = generate(Path(config.docs_dir))
    except LookupError as error:  # a text the pages need is missing (render.MissingText)
        raise PluginError(str(error)) from error
    except ValueError as error:  # the rules loader reports broken rules this way
        raise PluginError(str(error)) from error
    except BundleError as error:  # esbuild or Node.js missing: says how to install them
        raise PluginError(str(error)) from error
    if changed:
        log.info(f"generated {len(changed)} file(s) from the rules")
    for problem in missing_translations(Path(config.docs_dir)):
        log.warning(problem)
    problem = site_url_problem(os.environ, state["command"], config.site_url)
    if problem and not state["warned"]:
        state["warned"] = True
        notice.warning(problem)
    return config


def on_files(files, config):
    # docs/404.<lang>.md hold the 404 pages' text (on_env): no page, no /404/ URL, no sitemap entry
    for file in [file for file in files if is_not_found_source(file.src_uri)]:
        files.remove(file)
    return files


def on_env(env, config, files):
    lang = current_language(config)
    names = language_names(config)
    env.globals["checker_styles"] = checker_styles()
    env.globals["checker_form"] = checker_form(Path(config.docs_dir), lang)
    # the checker's files, named with their content hash; rules.<hash>.<lang>.json: the i18n plugin
    # publishes it as <language prefix>assets/checker/rules.<hash>.json
    assets = published_assets(Path(config.docs_dir))
    env.globals["checker_rules"] = language_prefix(lang) + "assets/checker/" + assets["rules"][lang]
    env.globals["checker_result_texts"] = language_prefix(lang) + "assets/checker/" + assets["result_texts"][lang]
    env.globals["checker_script"] = "assets/checker/" + assets["checker"]
    env.globals["sitemap"] = sitemap_groups(files, config.site_url, list(names))
    # the names of the header's menu and search buttons (docs/assets/javascripts/header-buttons.js)
    # (read from the compiled rules the generator wrote: a build that regenerates nothing compiles nothing)
    pages_texts = json.loads((Path(config.docs_dir) / FULL_RULES).read_text(encoding="utf-8"))["texts"]["pages"]
    env.globals["header_labels"] = {name: pages_texts[f"site.{name}_button"][lang] for name in ("menu", "search")}
    root = site_path(config.site_url)
    text = not_found_text(Path(config.docs_dir), lang, config)
    if text is None:
        log.warning(f"404.{lang}.md: missing (the 404 page of '{lang}')")
        text = {"title": "404", "content": "", "home_label": "", "languages_label": ""}
    env.globals["not_found"] = dict(
        text, home=root + language_prefix(lang),
        homes=[{"lang": code, "name": name, "dir": direction(code), "href": root + language_prefix(code)}
               for code, name in names.items()],
        # the root 404.html is served for every missing path: it shows the other languages' own
        path_languages=[code for code in names if code != lang] if lang == DEFAULT_LANGUAGE else [])
    # the 404 page is rendered next, with the switcher the last page left: switch to the home pages
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "extra_alternate", None):
        homes = [dict(item, link=root + language_prefix(item["lang"])) for item in deepcopy(i18n.extra_alternate)]
        config.extra["alternate"] = homes
        if hasattr(config.extra, "alternate"):  # the i18n plugin also sets it as an attribute
            config.extra.alternate = deepcopy(homes)
    return env


def on_page_content(html, page, config, files):
    return search_exclusions(html)


def on_page_context(context, page, config, nav):
    # the i18n plugin sets the switcher links as an attribute per page, and as an item at start
    relative_alternates(getattr(config.extra, "alternate", None), config.site_url)
    relative_alternates(config.extra.get("alternate"), config.site_url)
    context["hreflang"] = alternate_links(page.file, config.site_url, list(language_names(config)))
    return context


def on_post_page(output, page, config):
    return finished_page(output, config)


def on_post_template(output, template_name, config):
    if template_name.endswith(".html"):  # the 404 page
        return finished_page(output, config)
    return output


def finished_page(output: str, config) -> str:
    lang = current_language(config)
    output = search_worker(html_lang_dir(output, lang), lang, build_order(config))
    if state["command"] == "serve":
        # a preview: live reload adds an inline script of its own to every page it serves (a new one
        # each time), which no hash can allow
        return output
    # last: the policy holds the hashes of the page's inline scripts as written
    return content_security_policy(output)


def on_post_build(config):
    lang = current_language(config)
    not_found_pages.after_build(Path(config.site_dir), lang)
    if lang == build_order(config)[-1]:
        for problem in broken_links(Path(config.site_dir), site_path(config.site_url)):
            log.warning(f"broken link: {problem}")
