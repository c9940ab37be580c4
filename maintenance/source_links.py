"""Sources: every URL well-formed and unique, every source used by a fact; optionally reachable.

`python -m maintenance links` reads sources.yaml and facts.yaml directly (it works even when
another rules file is broken); it exits 1 on any problem, 2 when a file cannot be read. `--online`
also fetches each URL (for machines with internet: the scheduled workflow runs it weekly).
"""
from __future__ import annotations

import argparse
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from checker.rules_loader import url_problem  # the one rule for source URLs, shared with the loader
from maintenance import cli

HELP = "check that every source URL is well-formed, unique and used (--online: reachable)"
TIMEOUT = 15
USER_AGENT = "Mozilla/5.0 (compatible; rules-link-check/1.0)"


def read_entries(rules_dir: Path, file: str, key: str) -> list[dict]:
    data = yaml.safe_load((Path(rules_dir) / file).read_text(encoding="utf-8")) or {}
    return [entry for entry in data.get(key) or [] if isinstance(entry, dict)]


def check_sources(rules_dir: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """Problems (one line each) and the (source id, URL) pairs to fetch online."""
    problems = []
    sources = read_entries(rules_dir, "sources.yaml", "sources")
    facts = read_entries(rules_dir, "facts.yaml", "facts")
    used = {source for fact in facts for source in fact.get("sources") or []}
    seen_urls: dict[str, str] = {}
    urls = []
    for source in sources:
        source_id = source.get("id", "?")
        url = source.get("url")
        if url is not None:
            problem = url_problem(url)
            if problem:
                problems.append(f"sources.yaml: sources.{source_id}.url: {url!r} {problem}")
            else:
                if url in seen_urls:
                    problems.append(f"sources.yaml: sources.{source_id}.url: same URL as source {seen_urls[url]}")
                else:
                    seen_urls[url] = source_id
                    urls.append((source_id, url))
        if source_id not in used:
            problems.append(f"sources.yaml: sources.{source_id}: not used by any fact (facts.yaml)")
    return problems, urls


def fetch(url: str, timeout: float = TIMEOUT) -> str | None:
    """None when the URL answers (2xx or 3xx after redirects), else the problem."""
    last = None
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if response.status < 400:
                    return None
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code} {error.reason}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            last = f"unreachable ({getattr(error, 'reason', error)})"
    return last


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_rules_dir(parser)
    parser.add_argument("--online", action="store_true", help="also fetch every URL (needs internet)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help=f"seconds per request (default {TIMEOUT})")


def run(args: argparse.Namespace) -> int:
    try:
        problems, urls = check_sources(args.rules_dir)
    except (OSError, yaml.YAMLError) as error:
        raise cli.Broken(str(error)) from error
    if args.online:
        for source_id, url in urls:
            problem = fetch(url, args.timeout)
            if problem:
                problems.append(f"sources.yaml: sources.{source_id}.url: {url} {problem}")
    print("## Source links", "", sep="\n")
    checked = f"{len(urls)} URL(s) checked{' online' if args.online else ''}"
    if problems:
        print(f"**{len(problems)} problem(s)** ({checked}):", "", sep="\n")
        print("\n".join(f"- {problem}" for problem in problems))
        return cli.FINDINGS
    print(f"Every source URL is well-formed and unique, and every source is used ({checked}).")
    return cli.OK
