"""The "What changed" page (docs/guide/changes.<lang>.md), from meta.yaml's changelog.

`changelog_markdown(rules, language)` returns the page; the generator writes it in every
language. Its texts are in checker/rules/texts/maintenance.yaml.
"""
from __future__ import annotations

from markupsafe import Markup

SLUG = "changes"


def version_anchor(version: str) -> str:
    return "v" + "".join(ch if ch.isalnum() else "-" for ch in version)


def next_review(rules: dict) -> str | None:
    """The earliest review date of any fact: the rules are due for review then."""
    dates = [fact["review_by"] for fact in rules["facts"].values() if fact.get("review_by")]
    return min(dates) if dates else None


def changelog_markdown(rules: dict, language: str, stale: frozenset | set = frozenset()) -> str:
    """The page in one language; `stale` ((key, language) pairs) marks translations awaiting review."""
    from build_tools.pages import fact_homes, header
    from build_tools.render import PageContext, html, render
    from build_tools.translations_lock import with_review_marks

    ctx = with_review_marks(PageContext(rules, language, fact_homes(rules)), stale)
    t = ctx.t
    out = header(ctx, SLUG, "changes.title", "changes.intro")
    if next_review(rules):
        out += [render("dated_line.html", kind="rules-review", label=html(t("changes.next_review")),
                       date=html(ctx.date(next_review(rules)))), ""]
    entries = sorted(rules.get("changelog", []), key=lambda entry: (entry["date"] or "", entry["version"]),
                     reverse=True)
    for entry in entries:
        out += [str(Markup("## <bdi>{}</bdi> {{#{}}}").format(entry["version"], version_anchor(entry["version"]))), "",
                render("dated_line.html", kind="changelog-date", label=html(t("changes.released")),
                       date=html(ctx.date(entry["date"]))), "",
                ctx.own(entry["summary"], f"changelog.{entry['version']}.summary"), ""]
        if entry.get("facts"):
            out += [f"**{t('changes.changed_facts')}**", ""]
            for fact_id in entry["facts"]:
                fact = ctx.fact(fact_id)
                link = ctx.fact_link(fact_id, SLUG, t("changes.details"))
                out.append(f"- {ctx.own(fact['text'], f'facts.{fact_id}.text')} "
                           f"{ctx.status_badge(fact['status'])} {link}")
            out.append("")
        else:
            out += [t("changes.no_facts"), ""]
    out += [f"[{t('changes.sources_link')}](sources.md#facts)", "",
            f"[{t('changes.checker_link')}](../checker.md){{ .md-button }}", ""]
    return "\n".join(out)
