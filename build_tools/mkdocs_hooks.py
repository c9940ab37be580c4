"""MkDocs hooks: run the generator, then apply the site fixes. All logic lives in build_tools."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402

from build_tools import DEFAULT_LANGUAGE  # noqa: E402
from build_tools.checks import missing_translations  # noqa: E402
from build_tools.generate import checker_styles, generate  # noqa: E402
from build_tools.linkcheck import broken_links  # noqa: E402
from build_tools.site_fixes import NotFoundPages, html_lang_dir, relative_alternates, site_path  # noqa: E402

log = get_plugin_logger("site")
not_found_pages = NotFoundPages()


def current_language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme.get("language") or DEFAULT_LANGUAGE


def build_order(config) -> list[str]:
    i18n = config.plugins.get("i18n")
    languages = list(getattr(i18n, "build_languages", None) or [DEFAULT_LANGUAGE])
    default = getattr(i18n, "default_language", None) or DEFAULT_LANGUAGE
    return [default] + [lang for lang in languages if lang != default]


def on_config(config):
    # runs once per language: generate() returns at once when nothing changed
    try:
        changed = generate(Path(config.docs_dir))
    except LookupError as error:  # a text the pages need is missing (render.MissingText)
        raise PluginError(str(error)) from error
    except ValueError as error:  # the rules loader reports broken rules this way
        raise PluginError(str(error)) from error
    if changed:
        log.info(f"generated {len(changed)} file(s) from the rules")
    for problem in missing_translations(Path(config.docs_dir)):
        log.warning(problem)
    return config


def on_env(env, config, files):
    lang = current_language(config)
    env.globals["checker_styles"] = checker_styles()
    for file in files.documentation_pages():
        if file.src_uri == f"404.{lang}.md" and file.page is not None:
            meta = file.page.meta or {}
            env.globals["not_found"] = {
                "title": file.page.title,
                "content": file.page.content,
                "home": "" if lang == DEFAULT_LANGUAGE else f"{lang}/",
                "home_label": meta.get("home_label", ""),
            }
            break
    else:
        log.warning(f"404.{lang}.md: missing (the 404 page of '{lang}')")
    return env


def on_page_context(context, page, config, nav):
    # the i18n plugin sets the switcher links as an attribute per page, and as an item at start
    relative_alternates(getattr(config.extra, "alternate", None), config.site_url)
    relative_alternates(config.extra.get("alternate"), config.site_url)
    return context


def on_post_page(output, page, config):
    return html_lang_dir(output, current_language(config))


def on_post_template(output, template_name, config):
    if template_name.endswith(".html"):
        return html_lang_dir(output, current_language(config))
    return output


def on_post_build(config):
    lang = current_language(config)
    not_found_pages.after_build(Path(config.site_dir), lang)
    if lang == build_order(config)[-1]:
        for problem in broken_links(Path(config.site_dir), site_path(config.site_url)):
            log.warning(f"broken link: {problem}")
