"""The eight generated guide pages, each a function (PageContext) -> Markdown."""
from __future__ import annotations

from checker.inline import INLINE_MARK
from build_tools.render import SOURCES_PAGE, PageContext, fact_anchor, local_digits, source_anchor

# slug -> the facts each section shows in full, in order (a fact's first page is its home)
PAGE_SECTIONS: dict[str, list[tuple[str, list[str]]]] = {
    "eligibility": [
        ("elig.h_card", ["rece.name", "rece.purposes"]),
        ("elig.h_status", ["elig.status"]),
        ("elig.h_degrees", ["elig.degrees", "elig.not_degrees"]),
        ("elig.h_recent", ["elig.recent"]),
    ],
    "apply": [
        ("apply.h_card", ["rece.duration"]),
        ("apply.h_where", ["apply.where"]),
        ("apply.h_when", ["apply.deadline", "apply.window"]),
        ("apply.h_after", ["apply.receipt", "apply.silence"]),
    ],
    "documents": [
        ("docs.h_list", []),
        ("docs.h_source", ["docs.list"]),
    ],
    "work": [
        ("work.h_during", ["work.during", "work.threshold"]),
        ("work.h_student", ["work.student_cap"]),
        ("work.h_after", ["after.job", "after.company"]),
    ],
    "special-cases": [
        ("special.h_bilateral", ["bilateral.countries"]),
        ("special.h_algeria", ["algeria"]),
        ("special.h_eu", ["eu"]),
        ("special.h_abroad", ["abroad.visa"]),
    ],
    "fees": [
        ("fees.h_amount", ["fee.amount"]),
    ],
    "sources": [],
    "older-guides": [
        ("older.h_history", ["history.aps"]),
    ],
}
PAGE_SLUGS = list(PAGE_SECTIONS)


def fact_homes(rules: dict) -> dict[str, str]:
    """fact id -> slug of the page that shows it in full."""
    homes: dict[str, str] = {}
    for slug, sections in PAGE_SECTIONS.items():
        for _, fact_ids in sections:
            for fact_id in fact_ids:
                homes.setdefault(fact_id, slug)
    for entry in rules.get("bilateral", []):
        homes.setdefault(entry["fact"], "special-cases")
    for fact_id in rules["facts"]:
        if fact_id.startswith("bilateral."):
            homes.setdefault(fact_id, "special-cases")
    return homes


def _title(ctx: PageContext, title_key: str) -> str:
    """The page title as plain text (nav, footer, <title>); in Persian, Latin fragments keep their
    isolation as Unicode first-strong isolates (FSI … PDI), the plain-text form of <bdi>."""
    if ctx.lang != "fa":
        return ctx.plain(title_key)
    return INLINE_MARK.sub(lambda match: f"\u2068{match.group(2)}\u2069", ctx.raw(title_key))


def header(ctx: PageContext, slug: str, title_key: str | None = None, intro_key: str | None = None) -> list[str]:
    """Front matter, heading, introduction and the rules version of a generated page."""
    rules = ctx.rules
    title_key = title_key or f"page.{slug}.title"
    intro_key = intro_key or f"page.{slug}.intro"
    return [
        "---",
        f"title: {_yaml_string(_title(ctx, title_key))}",
        f"description: {_yaml_string(ctx.plain(intro_key))}",
        "---",
        "",
        "<!-- Generated from checker/rules by `python -m build_tools generate`. Do not edit. -->",
        "",
        f"# {ctx.t(title_key)}",
        "",
        ctx.t(intro_key),
        "",
        f'<p class="rules-version">{ctx.t("page.generated_from")} <bdi>{rules["version"]}</bdi> · '
        f'{ctx.t("fact.verified_on")} {ctx.date(rules["verified_on"])}</p>',
        "",
    ]


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def section(ctx: PageContext, heading_key: str, slug: str, fact_ids: list[str]) -> list[str]:
    heading_id = heading_key.split(".", 1)[1].removeprefix("h_")
    out = [f"## {ctx.t(heading_key)} {{#{heading_id}}}", ""]
    out += extra_before_facts(ctx, heading_key, slug)
    for fact_id in fact_ids:
        out.append(ctx.fact_block(fact_id, slug))
    out += extra_after_facts(ctx, heading_key, slug)
    return out


def extra_before_facts(ctx: PageContext, heading_key: str, slug: str) -> list[str]:
    if heading_key == "elig.h_status":
        question = ctx.question("situation")
        out = [ctx.t("elig.situations_intro"), ""]
        for option in question["options"]:
            label = ctx.own(option["label"], f"questions.situation.options.{option['id']}.label")
            out.append(f"- {label}")
        return out + [""]
    if heading_key == "elig.h_degrees":
        return degree_lists(ctx)
    if heading_key == "docs.h_list":
        return documents_list(ctx)
    return []


def extra_after_facts(ctx: PageContext, heading_key: str, slug: str) -> list[str]:
    if heading_key == "special.h_bilateral":
        return bilateral_table(ctx, slug)
    return []


def degree_lists(ctx: PageContext) -> list[str]:
    question = ctx.question("degree")
    eligible = set(ctx.rules["groups"]["eligible_degrees"]["members"])
    yes = [o for o in question["options"] if o["id"] in eligible]
    no = [o for o in question["options"] if o["id"] not in eligible]
    out = [f"**{ctx.t('elig.degrees_yes')}**", ""]
    out += [f"- {ctx.own(o['label'], 'questions.degree.options.' + o['id'] + '.label')}" for o in yes]
    out += ["", f"**{ctx.t('elig.degrees_no')}**", ""]
    out += [f"- {ctx.own(o['label'], 'questions.degree.options.' + o['id'] + '.label')}" for o in no]
    return out + [""]


def documents_list(ctx: PageContext) -> list[str]:
    out = [ctx.t("docs.list_intro"), ""]
    for document in ctx.rules["documents"].values():
        text = ctx.own(document["text"], f"documents.{document['id']}.text")
        if document.get("when") is not None:
            text += f" <em>({ctx.t('docs.conditional')})</em>"
        out.append(f"- {text}")
    return out + ["", ctx.t("docs.checker_hint"), ""]


def bilateral_table(ctx: PageContext, slug: str) -> list[str]:
    out = [f"### {ctx.t('special.table_heading')} {{#bilateral-table}}", "",
           f"| {ctx.t('special.col_country')} | {ctx.t('special.col_length')} | "
           f"{ctx.t('special.col_renewal')} | {ctx.t('special.col_status')} |",
           "|---|---|---|---|"]
    shown = []
    for entry in sorted(ctx.rules["bilateral"], key=lambda e: ctx.country(e["country"])):
        fact = ctx.fact(entry["fact"])
        length = (f"{local_digits(str(entry['length_months']), ctx.lang)} {ctx.t('special.months')}"
                  if entry.get("length_months")
                  else ctx.t("special.length_unknown"))
        renewal = ctx.t(f"renewal.{entry['renewal']}")
        status = ctx.fact_link(entry["fact"], slug, ctx.t(f"status_{fact['status']}"))
        out.append(f"| {ctx.country(entry['country'])} | {length} | {renewal} | {status} |")
        if entry["fact"] not in shown:
            shown.append(entry["fact"])
    out.append("")
    for fact_id in shown:
        if ctx.fact_homes.get(fact_id) == slug and fact_id != "bilateral.countries":
            out.append(ctx.fact_block(fact_id, slug))
    return out


def sources_page(ctx: PageContext, slug: str) -> list[str]:
    rules = ctx.rules
    out = [f"## {ctx.t('sources.h_sources')} {{#sources}}", ""]
    for source_id, source in rules["sources"].items():
        title = ctx.own(source["title"], f"sources.{source_id}.title")
        date_label = ctx.own(source["date_label"], f"sources.{source_id}.date_label")
        out += [f'<div class="source" id="{source_anchor(source_id)}" markdown>', ""]
        out += [f"**{title}**", ""]
        details = [f"{ctx.t('sources.date')} {date_label}"]
        if source.get("url"):
            details.append(f'<a href="{source["url"]}" dir="ltr">{source["url"]}</a>')
        else:
            details.append(ctx.t("sources.no_url"))
        out += ['<p class="source-meta">' + " · ".join(details) + "</p>", "", "</div>", ""]

    out += [f"## {ctx.t('sources.h_facts')} {{#facts}}", "", ctx.t("sources.facts_intro"), ""]
    for fact_id, fact in rules["facts"].items():
        if fact_id not in ctx.fact_homes:
            out.append(ctx.fact_block(fact_id, slug))
            continue
        home = ctx.fact_homes[fact_id]
        summary = ctx.own(fact["text"], f"facts.{fact_id}.text")
        meta = [ctx.status_badge(fact["status"]),
                f"{ctx.t('fact.verified_on')} {ctx.date(fact['verified_on'])}"]
        if fact.get("review_by"):
            meta.append(f"{ctx.t('fact.review_by')} {ctx.date(fact['review_by'])}")
        out += [f'<div class="fact-index" id="index-{fact_anchor(fact_id)}" markdown>', "",
                f"{summary} [{ctx.t('sources.details')}]({home}.md#{fact_anchor(fact_id)})", "",
                '<p class="fact-meta" markdown>' + " · ".join(meta) + "</p>", "",
                f'<p class="fact-sources" markdown>{ctx.t("fact.sources")} {ctx.source_links(fact["sources"], slug)}</p>',
                "", "</div>", ""]

    out += [f"## {ctx.t('sources.h_changelog')} {{#changelog}}", ""]
    for entry in rules.get("changelog", []):
        summary = ctx.own(entry["summary"], f"changelog.{entry['version']}.summary")
        changed = ", ".join(ctx.fact_link(fact_id, slug, f"<bdi>{fact_id}</bdi>") for fact_id in entry.get("facts", []))
        line = f"- <bdi>{entry['version']}</bdi> ({ctx.date(entry['date'])}): {summary}"
        if changed:
            line += f" {ctx.t('sources.changed_facts')} {changed}"
        out.append(line)
    return out + [""]


def claims_section(ctx: PageContext, slug: str) -> list[str]:
    out = [f"## {ctx.t('older.h_claims')} {{#claims}}", "", ctx.t("older.claims_intro"), ""]
    for claim in ctx.rules["claims"]:
        where = f"claims.{claim['id']}"
        out += [f'<div class="claim claim--{claim["status"]}" id="claim-{claim["id"].replace("_", "-")}" markdown>', ""]
        out += [f"**{ctx.t('older.original_said')}** «{ctx.own(claim['original'], where + '.original')}»", ""]
        out += [f'<span class="claim-status claim-status--{claim["status"]}">{ctx.t("claim." + claim["status"])}</span>', ""]
        out += [f"**{ctx.t('older.now')}** {ctx.own(claim['now'], where + '.now')}", ""]
        if claim.get("facts"):
            links = ", ".join(ctx.fact_link(f, slug, ctx_fact_label(ctx, f)) for f in claim["facts"])
            out += [f"{ctx.t('older.facts')} {links}", ""]
        # the sources of the facts behind the claim
        sources = []
        for fact_id in claim.get("facts", []):
            for source_id in ctx.fact(fact_id)["sources"]:
                if source_id not in sources:
                    sources.append(source_id)
        if sources:
            out += [f'<p class="fact-sources" markdown>{ctx.t("fact.sources")} {ctx.source_links(sources, slug)}</p>', ""]
        out += ["</div>", ""]
    return out


def ctx_fact_label(ctx: PageContext, fact_id: str) -> str:
    """A short label for a link to a fact: its page title and the fact id."""
    home = ctx.fact_homes.get(fact_id, SOURCES_PAGE)
    return f"{ctx.t(f'page.{home}.title')} (<bdi>{fact_id}</bdi>)"


def write_page(ctx: PageContext, slug: str) -> str:
    out = header(ctx, slug)
    for heading_key, fact_ids in PAGE_SECTIONS[slug]:
        out += section(ctx, heading_key, slug, fact_ids)
    if slug == "sources":
        out += sources_page(ctx, slug)
    if slug == "older-guides":
        out += claims_section(ctx, slug)
    out += [f"[{ctx.t('page.checker_link')}](../checker.md){{ .md-button }}", ""]
    return "\n".join(out)
