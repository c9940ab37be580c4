"""Build checks the strict build enforces beyond MkDocs' own validation."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from build_tools import LANGUAGES

SUFFIXED_PAGE = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")


def missing_translations(docs_dir: Path) -> list[str]:
    """Every page must exist in every language: no silent English inside /fr/ or /fa/."""
    languages_by_page: dict[str, set[str]] = defaultdict(set)
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        match = SUFFIXED_PAGE.match(relative)
        if not match or match["lang"] not in LANGUAGES:
            problems.append(f"{relative}: a page needs a language suffix (.en.md, .fr.md, .fa.md)")
            continue
        languages_by_page[match["stem"]].add(match["lang"])
    for stem, present in sorted(languages_by_page.items()):
        for lang in LANGUAGES:
            if lang not in present:
                problems.append(f"{stem}.{lang}.md: missing (the page exists in {', '.join(sorted(present))})")
    return problems
