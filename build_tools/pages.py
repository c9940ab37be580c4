"""The generated guide pages, laid out by checker/rules/pages.yaml: write_page(ctx, slug) -> Markdown.

Generic: which facts and pieces each section shows is data (rules["pages"]); no fact id, heading
key or question id is named here.
"""
from __future__ import annotations

from markupsafe import Markup

from build_tools.render import (QUOTES, SOURCES_PAGE, PageContext, fact_anchor, front_matter, heading,
                                html, local_digits, render, source_anchor)


def page_slugs(rules: dict) -> list[str]:
    return [page["slug"] for page in rules["pages"]]


def fact_homes(rules: dict) -> dict[str, str]:
    """fact id -> slug of the page that shows it in full (its first page in the layout)."""
    homes: dict[str, str] = {}
    for page in rules["pages"]:
        for section in page["sections"]:
            for block in section["before"] + section["after"]:
                if block["kind"] == "bilateral_table":
                    for entry in rules.get("bilateral", []):
                        homes.setdefault(entry["fact"], page["slug"])
            for fact_id in section["facts"]:
                homes.setdefault(fact_id, page["slug"])
    index = next((page["slug"] for page in rules["pages"] for section in page["sections"]
                  for block in section["before"] + section["after"] if block["kind"] == "fact_index"), SOURCES_PAGE)
    for fact_id in rules["facts"]:
        homes.setdefault(fact_id, index)
    return homes


def header(ctx: PageContext, slug: str, title_key: str | None = None, intro_key: str | None = None) -> list[str]:
    """Front matter, heading, introduction and the rules version of a generated page."""
    title_key = title_key or f"page.{slug}.title"
    intro_key = intro_key or f"page.{slug}.intro"
    return [render("header.md", front_matter=ctx_front_matter(ctx, title_key, intro_key),
                   title=html(heading(ctx.t(title_key))), intro=html(ctx.t(intro_key)),
                   generated_from=html(ctx.t("page.generated_from")), version=ctx.rules["version"],
                   checked_on=html(ctx.t("page.rules_checked_on")), checked_date=html(ctx.date(ctx.rules["verified_on"])))]


def ctx_front_matter(ctx: PageContext, title_key: str, intro_key: str):
    return html(front_matter(ctx.plain(title_key), ctx.plain(intro_key)))


def section(ctx: PageContext, slug: str, spec: dict) -> list[str]:
    out = [f"## {heading(ctx.t(spec['heading']))} {{#{spec['id']}}}", ""]
    for block in spec["before"]:
        out += BLOCKS[block["kind"]](ctx, slug, block)
    for fact_id in spec["facts"]:
        if ctx.fact_homes.get(fact_id) == slug:
            out.append(ctx.fact_block(fact_id, slug))
        else:
            out += [fact_summary(ctx, fact_id, slug), ""]
    for block in spec["after"]:
        out += BLOCKS[block["kind"]](ctx, slug, block)
    return out


def fact_summary(ctx: PageContext, fact_id: str, slug: str) -> str:
    fact = ctx.fact(fact_id)
    return f"{ctx.own(fact['text'], f'facts.{fact_id}.text')} {ctx.status_badge(fact['status'])} " \
           f"{ctx.fact_link(fact_id, slug, ctx.t('sources.details'))}"


# --- blocks: (ctx, page slug, block) -> Markdown lines ------------------------------------------

def text_block(ctx, slug, block):
    return [ctx.t(block["value"]), ""]


def link_block(ctx, slug, block):
    return [f"[{ctx.t(block['label'])}]({block['value']}.md)", ""]


def options_block(ctx, slug, block):
    question = ctx.question(block["value"])
    return [ctx.t(block["intro"]), ""] + [f"- {ctx.option_label(question['id'], o)}" for o in question["options"]] + [""]


def option_groups_block(ctx, slug, block):
    question = ctx.question(block["value"])
    members = set(ctx.rules["groups"][block["group"]]["members"])
    out = []
    for key, inside in (("in_group", True), ("not_in_group", False)):
        out += [f"**{ctx.t(block[key])}**", ""]
        out += [f"- {ctx.option_label(question['id'], o)}" for o in question["options"] if (o["id"] in members) == inside]
        out.append("")
    return out


def documents_block(ctx, slug, block):
    documents = ctx.rules["documents"]
    out = [ctx.t(block["intro"]), ""]
    for document_id in block["value"] or list(documents):
        document = documents[document_id]
        text = ctx.own(document["text"], f"documents.{document_id}.text")
        if document_id in (block.get("optional") or []):
            text += str(Markup(' <span class="conditional">({})</span>').format(Markup(ctx.t("docs.conditional"))))
        out.append(f"- {text}")
    return out + [""]


def bilateral_table_block(ctx, slug, block):
    rows, shown = [], []
    entries = {entry["country"]: entry for entry in ctx.rules["bilateral"]}
    # the agreement's degree condition, when the table gives it
    with_degrees = any(entry.get("degrees") for entry in entries.values())
    for code in ctx.by_country_name(list(entries)):
        entry = entries[code]
        fact = ctx.fact(entry["fact"])
        length = (f"{local_digits(str(entry['length_months']), ctx.lang)} {ctx.t('special.months')}"
                  if entry.get("length_months") else ctx.t("special.length_unknown"))
        status = ctx.fact_link(entry["fact"], slug, ctx.t(f"status_{fact['status']}"))
        row = [ctx.country(code), length, ctx.t(f"renewal.{entry['renewal']}")]
        if with_degrees:
            row.append(ctx.t(f"agreement_degrees.{entry.get('degrees') or 'unknown'}"))
        rows.append(row + [status])
        if entry["fact"] not in shown and ctx.fact_homes.get(entry["fact"]) == slug:
            shown.append(entry["fact"])
    columns = ("country", "length", "renewal", *(("degrees",) if with_degrees else ()), "status")
    headings = [ctx.t(f"special.col_{column}") for column in columns]
    out = [f"### {heading(ctx.t(block['value']))} {{#bilateral-table}}", "",
           render("parameters.html", caption=None, headings=html(headings), rows=html(rows), note=None,
                  next_changes=[])]
    facts_in_sections = {f for page in ctx.rules["pages"] for s in page["sections"] for f in s["facts"]}
    return out + [ctx.fact_block(f, slug) for f in shown if f not in facts_in_sections]


def parameters_block(ctx, slug, block):
    parameters = [ctx.rules["parameters"][p] for p in block["value"]]
    return [ctx.parameter_table(parameters, slug, html(ctx.t(block["caption"])))]


def statuses_block(ctx, slug, block):
    statuses = [(ctx.status_badge(s), ctx.t(f"status_{s}_hint")) for s in ("verified", "reported", "contested", "open")]
    return [render("statuses.html", statuses=html(statuses))]


def sources_block(ctx, slug, block):
    out = []
    for source_id, source in ctx.rules["sources"].items():
        out.append(render("source.html", anchor=source_anchor(source_id),
                          title=html(ctx.own(source["title"], f"sources.{source_id}.title")),
                          date_label=html(ctx.t("sources.date")),
                          date=html(ctx.own(source["date_label"], f"sources.{source_id}.date_label")),
                          url=source.get("url"), no_url=html(ctx.t("sources.no_url"))))
    return out


def fact_index_block(ctx, slug, block):
    out = []
    for fact_id, fact in ctx.rules["facts"].items():
        if ctx.fact_homes.get(fact_id) == slug:
            out.append(ctx.fact_block(fact_id, slug))
            continue
        out.append(render("fact_index.html", anchor=fact_anchor(fact_id),
                          summary=html(ctx.own(fact["text"], f"facts.{fact_id}.text")),
                          details=html(ctx.t("sources.details")), target=ctx.fact_target(fact_id, slug),
                          meta=html(ctx.fact_meta(fact)), sources_label=html(ctx.t("fact.sources")),
                          sources=html(ctx.source_links(fact["sources"], slug))))
    return out


def changelog_block(ctx, slug, block):
    out = []
    for entry in ctx.rules.get("changelog", []):
        summary = ctx.own(entry["summary"], f"changelog.{entry['version']}.summary")
        out.append(str(Markup("- <bdi>{}</bdi> · {} · {}").format(entry["version"], Markup(ctx.date(entry["date"])),
                                                                  Markup(summary))))
    return out + ["", f"[{ctx.t('changes.title')}](changes.md)", ""]


def claims_block(ctx, slug, block):
    out = []
    for claim in ctx.rules["claims"]:
        where = f"claims.{claim['id']}"
        said_in = claim.get("said_in")
        quoted = said_in is None or bool(said_in)
        translated = None
        if said_in and ctx.lang not in said_in:
            source_lang = claim.get("quoted_from") or said_in[0]
            translated = html(ctx.t(f"older.translated_from_{source_lang}"))
        sources = []
        for fact_id in claim.get("facts", []):
            sources += [s for s in ctx.fact(fact_id)["sources"] if s not in sources]
        pages = []
        for fact_id in claim.get("facts", []):
            home = ctx.fact_homes.get(fact_id, SOURCES_PAGE)
            if home not in [p for p, _ in pages]:
                pages.append((home, ctx.fact_link(fact_id, slug)))
        open_quote, close_quote = QUOTES[ctx.lang]
        out.append(render(
            "claim.html", status=claim["status"], anchor="claim-" + claim["id"].replace("_", "-"), quoted=quoted,
            said_label=html(ctx.t("older.original_said")), not_said_label=html(ctx.t("older.not_said")),
            original=html(ctx.own(claim["original"], where + ".original")), translated_from=translated,
            open_quote=open_quote, close_quote=close_quote,
            status_label=html(ctx.t("claim." + claim["status"])), now_label=html(ctx.t("older.now")),
            now=html(ctx.own(claim["now"], where + ".now")), see_label=html(ctx.t("older.facts")),
            links=html([link for _, link in pages]), sources_label=html(ctx.t("fact.sources")),
            sources=html(ctx.source_links(sources, slug)) if sources else None))
    return out


BLOCKS = {
    "text": text_block, "options": options_block, "option_groups": option_groups_block,
    "documents": documents_block, "bilateral_table": bilateral_table_block, "parameters": parameters_block,
    "statuses": statuses_block, "sources": sources_block, "fact_index": fact_index_block,
    "changelog": changelog_block, "claims": claims_block, "link": link_block,
}


def services_named(ctx: PageContext, text: str) -> list[str]:
    """The services on other sites (services.yaml) this page's text names (`named_as`), each an ordinary
    link (rel="noreferrer", nothing requested before it is followed), marked when the site is in French only."""
    items = []
    for service in ctx.rules["services"].values():
        if "url" not in service or not any(name in text for name in service.get("named_as", [])):
            continue
        label = ctx.own(service["label"], f"services.{service['id']}.label")
        language = Markup(' hreflang="fr"') if service["french_only"] else ""
        link = Markup('<a href="{}" rel="noreferrer"{} class="guide-service" data-service="{}">{}</a>').format(
            service["url"], language, service["id"], Markup(label))
        mark = f" {ctx.t('page.service_french_only')}" if service["french_only"] else ""
        items.append(f"- {link}{mark}")
    if not items:
        return []
    return [f"## {ctx.t('page.services_heading')}", "", *items, ""]


def write_page(ctx: PageContext, slug: str) -> str:
    page = next(page for page in ctx.rules["pages"] if page["slug"] == slug)
    out = header(ctx, slug)
    for spec in page["sections"]:
        out += section(ctx, slug, spec)
    if slug != SOURCES_PAGE:
        out += services_named(ctx, "\n".join(out))
    out += [f"[{ctx.t('page.checker_link')}](../checker.md){{ .md-button }}", ""]
    return "\n".join(out)
