"""The strict build fails on a missing page, a missing text and a broken link; the generator is idempotent."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checker.inline import render_inline, render_inline_markdown
from harness.site import ROOT, build_site

COPIED = ("mkdocs.yml", "overrides", "build_tools", "checker")


def project_copy(folder: Path) -> Path:
    """The project's site sources, without generated files or caches."""
    folder.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=ignore)
        else:
            shutil.copy2(source, folder / name)
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("guide", "checker"))
    return folder


def break_page(project: Path):
    (project / "docs" / "privacy.fa.md").unlink()
    return "privacy.fa.md"


def break_text(project: Path):
    texts = project / "checker" / "rules" / "texts" / "pages.yaml"
    lines = texts.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("fact.sources:\n")
    texts.write_text("".join(lines[:start] + lines[start + 4:]), encoding="utf-8")
    return "fact.sources"


def break_markdown_link(project: Path):
    with open(project / "docs" / "index.fr.md", "a", encoding="utf-8") as page:
        page.write("\n[Une page absente](nowhere.md)\n")
    return "nowhere.md"


def break_html_link(project: Path):
    with open(project / "docs" / "checker.fa.md", "a", encoding="utf-8") as page:
        page.write('\n<p><a href="../guide/nowhere/">?</a></p>\n')
    return "guide/nowhere/"


@pytest.mark.build
@pytest.mark.parametrize("breaker", [break_page, break_text, break_markdown_link, break_html_link])
def test_strict_build_fails(tmp_path, breaker):
    project = project_copy(tmp_path / "project")
    expected = breaker(project)
    result = build_site(tmp_path / "site", project_dir=project)
    assert result.returncode != 0
    assert expected in result.stderr + result.stdout


def test_inline_marks():
    assert render_inline("a {fr:carte « talent »} & {ltr:SMIC}") == \
        'a <bdi lang="fr">carte « talent »</bdi> &amp; <bdi dir="ltr">SMIC</bdi>'
    assert render_inline("<b>") == "&lt;b&gt;"
    assert render_inline_markdown("1 * 2 [x]") == r"1 \* 2 \[x\]"


def test_generator_writes_only_what_changed(tmp_path):
    from build_tools.generate import generate
    project = project_copy(tmp_path / "project")
    docs = project / "docs"
    rules_dir, web_dir = project / "checker" / "rules", project / "checker" / "web"
    first = generate(docs, rules_dir, web_dir, force=True)
    names = {re.sub(r"\.[0-9a-f]{10}\.", ".", path.as_posix()) for path in first}
    assert {"assets/checker/rules.en.json", "assets/checker/checker.js", "assets/checker/result.js"} <= names
    assert len([p for p in first if p.parts[0] == "guide"]) >= 8 * 3
    mtimes = {path: path.stat().st_mtime_ns for path in docs.rglob("*") if path.is_file()}
    assert generate(docs, rules_dir, web_dir, force=True) == []
    assert generate(docs, rules_dir, web_dir) == []
    assert mtimes == {path: path.stat().st_mtime_ns for path in docs.rglob("*") if path.is_file()}
