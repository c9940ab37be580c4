"""Inline marks of rule texts, rendered to HTML.

{fr:…}  a French legal name, kept verbatim  -> <bdi lang="fr">…</bdi>
{ltr:…} any other Latin fragment            -> <bdi dir="ltr">…</bdi>

The browser app mirrors render_inline exactly (checker/web/inline.js).
"""
import html
import re

INLINE_MARK = re.compile(r"\{(fr|ltr):([^{}]*)\}")
MARK_TAGS = {"fr": '<bdi lang="fr">', "ltr": '<bdi dir="ltr">'}


def render_inline(text: str) -> str:
    """Escape text for HTML and turn its inline marks into <bdi> elements."""
    escaped = html.escape(text, quote=False)

    def replace(match: re.Match) -> str:
        return f"{MARK_TAGS[match.group(1)]}{match.group(2)}</bdi>"

    return INLINE_MARK.sub(replace, escaped)


def strip_inline(text: str) -> str:
    """The plain text of a marked text (for titles and attributes)."""
    return INLINE_MARK.sub(lambda match: match.group(2), text)


MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|])")


def render_inline_markdown(text: str) -> str:
    """render_inline, safe to embed in Markdown (no accidental emphasis or links)."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", render_inline(text))
