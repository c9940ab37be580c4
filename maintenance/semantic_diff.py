"""Semantic diff of two versions of the rules: whom does a change affect, and how.

`python -m maintenance diff OLD NEW [--today YYYY-MM-DD]`. OLD and NEW are git revisions (their
`checker/rules/` folder is extracted with `git archive`) or rules folders (a folder holding
`meta.yaml`, or a project folder holding `checker/rules/`; `.` is the working tree).

Both rule sets are evaluated on the enumerated answer space of checker/answer_space.py (the
enumeration the parity tests use), on the same `today`. Countries whose groups, bilateral
entry or literal mentions differ between the two versions are enumerated too, so a country added
to a list is always looked at. Every profile whose outcome, notes, dates or facts change is
reported, grouped by the kind of change and counted, with a few examples. Profiles that only one
version accepts (a new question or option, a removed one) are a category of their own. Then the
content changes: facts (text, status, sources, dates), sources, parameters, groups, bilateral
entries, questions, outcomes, notes, dates, documents, claims and interface texts.

The output is Markdown for a pull-request comment. `diff HEAD HEAD` reports no change.
"""
from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from maintenance import cli

HELP = "compare two versions of the rules (git revisions or folders): who is affected, what changed"
ROOT = Path(__file__).resolve().parent.parent
RULES_IN_REPO = Path("checker") / "rules"
EXAMPLES = 3
TEXT_LIMIT = 280


class DiffError(cli.Broken):
    """A version cannot be read (unknown revision, no rules there): exit code 2."""


# --- reading a version -----------------------------------------------------------------------

def git(*args: str, cwd: Path = ROOT, binary: bool = False):
    completed = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=False)
    if completed.returncode != 0:
        raise DiffError(completed.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return completed.stdout if binary else completed.stdout.decode("utf-8").strip()


def rules_folder(spec: str, stack: ExitStack, repo: Path = ROOT) -> tuple[Path, str]:
    """The rules folder of a version, and a label for it."""
    path = Path(spec)
    if path.is_dir():
        if (path / "meta.yaml").exists():
            return path, f"folder `{spec}`"
        if (path / RULES_IN_REPO / "meta.yaml").exists():
            return path / RULES_IN_REPO, f"folder `{spec}`" if spec != "." else "working tree"
        raise DiffError(f"{spec}: a folder, but neither a rules folder (meta.yaml) nor a project folder")
    top = Path(git("rev-parse", "--show-toplevel", cwd=repo))
    try:
        commit = git("rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}", cwd=top)
    except DiffError:
        raise DiffError(f"{spec}: neither a git revision nor a folder") from None
    prefix = (repo.resolve() / RULES_IN_REPO).relative_to(top.resolve()).as_posix()
    archive = git("archive", "--format=tar", commit, "--", prefix, cwd=top, binary=True)
    target = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rules-diff-")))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        try:
            tar.extractall(target, filter="data")
        except TypeError:  # Python without extraction filters
            tar.extractall(target)  # noqa: S202 (our own repository's archive)
    folder = target / prefix
    if not (folder / "meta.yaml").exists():
        raise DiffError(f"{spec}: no rules ({prefix}/meta.yaml) at this revision")
    return folder, f"`{spec}` ({commit[:10]})"


def load_version(spec: str, stack: ExitStack) -> tuple[dict, str]:
    folder, label = rules_folder(spec, stack)
    return cli.load_rules_or_exit(folder, spec), label


# --- the answer space ------------------------------------------------------------------------

def expressions(rules: dict):
    """Every compiled expression tree of a rule set."""
    for question in rules["questions"]:
        yield question["when"]
    for item in rules["dates"]:
        yield item["when"]
        yield item["value"]
    for outcome in rules["outcomes"]:
        yield outcome["when"]
        for entry in outcome["facts"]:
            yield entry["when"]
    for note in rules["notes"]:
        yield note["when"]
    for document in rules["documents"].values():
        yield document["when"]


def country_signature(rules: dict, code: str) -> tuple:
    groups = tuple(sorted(g["id"] for g in rules["groups"].values() if g["kind"] == "country" and code in g["members"]))
    bilateral = tuple(sorted((k, str(v)) for entry in rules["bilateral"] if entry["country"] == code
                             for k, v in entry.items()))
    return groups, bilateral


def mentioned_countries(trees) -> set[str]:
    """Country codes an expression compares a country answer with (e.g. nationality == 'TN')."""
    from checker.expressions import literals

    found = set()
    for tree in trees:
        if tree is not None:
            found.update(value for name, value in literals(tree)
                         if isinstance(value, str) and len(value) == 2 and value.isupper())
    return found


def special_countries(old: dict, new: dict) -> list[str]:
    """Countries a representative may not stand for: their groups or bilateral entry changed, or an
    expression that names them changed. Every other country is treated alike in both versions."""
    grouped = set()
    for rules in (old, new):
        for group in rules["groups"].values():
            if group["kind"] == "country":
                grouped.update(group["members"])
        grouped.update(entry["country"] for entry in rules["bilateral"])
    changed = {code for code in grouped if country_signature(old, code) != country_signature(new, code)}
    old_trees = {json.dumps(tree, sort_keys=True) for tree in expressions(old)}
    new_trees = {json.dumps(tree, sort_keys=True) for tree in expressions(new)}
    changed_trees = [json.loads(tree) for tree in old_trees ^ new_trees]
    return sorted(changed | mentioned_countries(changed_trees))


UNGROUPED = "(countries of the diff in no group)"


def with_countries_first(rules: dict, countries: list[str]) -> dict:
    """The same rules with `countries` first in every country group (membership, not order, counts).

    Those in no group go into one more group that no expression uses, so the enumeration, which
    draws its countries from the groups, takes them too."""
    view = dict(rules)
    view["groups"] = {
        group_id: {**group, "members": [c for c in countries if c in group["members"]]
                   + [c for c in group["members"] if c not in countries]}
        if group["kind"] == "country" else group
        for group_id, group in rules["groups"].items()
    }
    grouped = {c for group in view["groups"].values() if group["kind"] == "country" for c in group["members"]}
    ungrouped = [c for c in countries if c not in grouped]
    if ungrouped:
        view["groups"][UNGROUPED] = {"id": UNGROUPED, "kind": "country", "members": ungrouped}
    return view


def walk(rules: dict, today: str, per_group: int):
    """(answers, result) of every complete answer set of the enumeration."""
    from checker import answer_space

    if hasattr(answer_space, "walk_answer_space"):
        yield from answer_space.walk_answer_space(rules, today, countries_per_group=per_group)
        return
    for answers in answer_space.enumerate_answer_sets(rules, today, countries_per_group=per_group):
        yield answers, outcome_of(rules, answers, today)


_walks: dict[str, list] = {}


def cached_walk(rules: dict, today: str, per_group: int) -> list:
    """walk(), kept in memory and on disk (checker/disk_cache.py, `.cache/diff-walk/`) under a hash of
    the walked rules (their logic, texts aside), today, per_group and the walk's code: diffing many
    versions against one, or the same change again, walks each version once."""
    from checker.answer_space import WALK_CODE, walked_rules
    from checker.disk_cache import cached, digest

    walked = walked_rules(rules)
    key = digest(json.dumps(walked, sort_keys=True), today, str(per_group), *WALK_CODE)
    if key not in _walks:
        if len(_walks) > 4:
            _walks.clear()
        _walks[key] = cached("diff-walk", key, lambda: list(walk(walked, today, per_group)), keep=12)
    return _walks[key]


def answer_profiles(old: dict, new: dict, today: str) -> tuple[list[tuple[dict, dict, dict]], list[str]]:
    """The union of both versions' complete answer sets on `today`, each with its OLD and NEW
    result, in a stable order; and the special countries enumerated in full.

    The countries are those of the parity tests' enumeration (3 per group) in either version,
    plus the special countries: they are put first in their groups, and the enumeration takes
    as many more per group, so that each of them is walked under the rules that list it."""
    from checker.answer_space import country_candidates

    specials = special_countries(old, new)
    extra = max([sum(1 for code in specials if code in group["members"])
                 for rules in (old, new) for group in with_countries_first(rules, specials)["groups"].values()
                 if group["kind"] == "country"] or [0])
    per_group = 3 + extra
    allowed = set(specials) | set(country_candidates(old, 3)) | set(country_candidates(new, 3))
    country_questions = {q["id"] for q in old["questions"] + new["questions"] if q["kind"] == "country"}
    results: dict[tuple, list] = {}
    for side, (rules, label) in enumerate(((old, "OLD"), (new, "NEW"))):
        try:
            walked = cached_walk(with_countries_first(rules, specials), today, per_group)
        except ValueError as error:  # the walk met answers the engine cannot evaluate
            raise DiffError(f"{label}: the answer space has a gap on {today}: {error}") from error
        for answers, result in walked:
            if any(answers[q] not in allowed for q in country_questions if q in answers):
                continue
            results.setdefault(tuple(sorted(answers.items())), [answers, None, None])[side + 1] = result
    for entry in results.values():
        for side, rules in ((1, old), (2, new)):
            if entry[side] is None:
                entry[side] = outcome_of(rules, entry[0], today)
    order = {q["id"]: i for i, q in enumerate(new["questions"] + old["questions"])}

    def sort_key(entry):
        answers = entry[0]
        return [(order.get(k, 99), k, v) for k, v in sorted(answers.items(), key=lambda item: order.get(item[0], 99))]

    return sorted((tuple(entry) for entry in results.values()), key=sort_key), specials


def outcome_of(rules: dict, answers: dict, today: str) -> dict:
    from checker.engine import AnswerError, evaluate

    try:
        result = evaluate(rules, answers, today)
    except AnswerError as error:
        return {"error": error.errors}
    return result


# what an evaluation reads: a change in any of them may change a result (amounts and param() read
# the parameters; documents and the bilateral table feed the result too)
LOGIC = ("questions", "dates", "outcomes", "notes", "groups", "parameters", "documents", "bilateral", "covers_from")


def without_texts(value):
    if is_text(value):
        return None
    if isinstance(value, dict):
        return {key: without_texts(item) for key, item in value.items() if not key.endswith("_text")}
    if isinstance(value, list):
        return [without_texts(item) for item in value]
    return value


def same_logic(old: dict, new: dict) -> bool:
    """True when the evaluation cannot differ: the same LOGIC, texts aside."""
    return (old["countries"]["codes"] == new["countries"]["codes"]
            and all(without_texts(old[key]) == without_texts(new[key]) for key in LOGIC))


# --- comparing profiles ----------------------------------------------------------------------

@dataclass
class Group:
    title: str
    profiles: list = field(default_factory=list)  # (answers, old result, new result)


def change_key(old: dict, new: dict) -> tuple[str, str] | None:
    """(category, description) of how a profile's result changed, or None when it did not."""
    if "error" in old and "error" in new:
        return None
    if "error" in old:
        return "new", f"accepted only by NEW (OLD: {reason(old['error'])}); NEW outcome {code(new['outcome'])}"
    if "error" in new:
        return "gone", f"accepted only by OLD (NEW: {reason(new['error'])}); OLD outcome {code(old['outcome'])}"
    parts = []
    if old["next_question"] != new["next_question"]:
        parts.append(f"next question {code(old['next_question'])} → {code(new['next_question'])}")
    if old["outcome"] != new["outcome"]:
        parts.append(f"outcome {code(old['outcome'])} → {code(new['outcome'])}")
    parts += set_change("notes", old["notes"], new["notes"])
    date_parts = []
    for date_id in sorted(set(old["dates"]) | set(new["dates"])):
        before, after = old["dates"].get(date_id), new["dates"].get(date_id)
        if before != after:
            kind = "added" if before is None else "removed" if after is None else "moved"
            date_parts.append(f"{code(date_id)} {kind}")
    if date_parts:
        parts.append("dates: " + ", ".join(date_parts))
    if old["outcome"] == new["outcome"]:  # a new outcome brings its own facts: not worth listing
        parts += set_change("facts", old["facts"], new["facts"])
    if not parts:
        return None
    return "changed", "; ".join(parts)


def set_change(label: str, before: list, after: list) -> list[str]:
    added = [item for item in after if item not in before]
    removed = [item for item in before if item not in after]
    if not added and not removed:
        return []
    return [f"{label} " + " ".join([f"+{code(i)}" for i in added] + [f"−{code(i)}" for i in removed])]


def reason(errors: list[str]) -> str:
    return "; ".join(errors)


def code(value) -> str:
    return "none" if value is None else f"`{value}`"


def compare_profiles(profiles: list[tuple[dict, dict, dict]]) -> dict[str, dict[str, Group]]:
    groups: dict[str, dict[str, Group]] = {"changed": {}, "new": {}, "gone": {}}
    for answers, before, after in profiles:
        key = change_key(before, after)
        if key is None:
            continue
        category, title = key
        groups[category].setdefault(title, Group(title)).profiles.append((answers, before, after))
    return groups


def describe_profile(answers: dict, before: dict, after: dict) -> str:
    text = ", ".join(f"{k}={v}" for k, v in answers.items())
    moved = []
    for date_id in sorted(set(before.get("dates", {})) | set(after.get("dates", {}))):
        old_date, new_date = before.get("dates", {}).get(date_id), after.get("dates", {}).get(date_id)
        if "error" not in before and "error" not in after and old_date != new_date:
            moved.append(f"{date_id} {old_date or '–'} → {new_date or '–'}")
    return f"`{text}`" + (f" ({'; '.join(moved)})" if moved else "")


# --- comparing contents ----------------------------------------------------------------------

def unparse(tree) -> str:
    """An expression tree written back as an expression (for showing a changed condition)."""
    if tree is None:
        return "(always)"
    if "lit" in tree:
        value = tree["lit"]
        return repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    if "ref" in tree:
        return tree["ref"]
    if "group" in tree:
        return "@" + tree["group"]
    if "list" in tree:
        return "[" + ", ".join(unparse(item) for item in tree["list"]) + "]"
    if "call" in tree:
        return f"{tree['call']}(" + ", ".join(unparse(arg) for arg in tree["args"]) + ")"
    op, args = tree["op"], tree["args"]
    if op == "not":
        return f"not ({unparse(args[0])})"
    if op in ("and", "or"):
        return f" {op} ".join(f"({unparse(arg)})" if "op" in arg and arg["op"] in ("and", "or") else unparse(arg)
                              for arg in args)
    return f"{unparse(args[0])} {op} {unparse(args[1])}"


def shorten(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpts(old: str, new: str, context: int = 60) -> tuple[str, str]:
    """The part of two texts that differs, with some context either side."""
    old, new = " ".join(old.split()), " ".join(new.split())
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1

    def cut(text: str) -> str:
        left = max(0, start - context)
        right = min(len(text), len(text) - end + context)
        return ("…" if left else "") + shorten(text[left:right], TEXT_LIMIT) + ("…" if right < len(text) else "")

    return cut(old), cut(new)


def is_text(value) -> bool:
    return isinstance(value, dict) and "en" in value and all(isinstance(v, str) for v in value.values())


def field_changes(before: dict, after: dict, skip=("id",)) -> list[str]:
    """One line per changed field of an entry."""
    lines = []
    for name in list(dict.fromkeys([*before, *after])):
        if name in skip or name.endswith("_text"):
            continue
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if is_text(old) or is_text(new):
            old, new = old or {}, new or {}
            languages = [lang for lang in ("en", "fr", "fa") if old.get(lang) != new.get(lang)]
            line = f"{name} changed ({', '.join(languages)})"
            if "en" in languages:
                before_text, after_text = excerpts(old.get("en", ""), new.get("en", ""))
                line += f": “{before_text}” → “{after_text}”"
            lines.append(line)
        elif name in ("when", "value") and (isinstance(old, dict) or isinstance(new, dict) or old is None or new is None):
            lines.append(f"{name}: `{unparse(old)}` → `{unparse(new)}`")
        elif isinstance(old, list) and isinstance(new, list) and all(isinstance(i, str) for i in old + new):
            added = [i for i in new if i not in old]
            removed = [i for i in old if i not in new]
            if added or removed:
                lines.append(f"{name}: " + " ".join([f"+{i}" for i in added] + [f"−{i}" for i in removed]))
            else:
                lines.append(f"{name}: order {', '.join(old)} → {', '.join(new)}")
        elif isinstance(old, (list, dict)) or isinstance(new, (list, dict)):
            lines.append(f"{name} changed")
        else:
            lines.append(f"{name}: {old if old is not None else '–'} → {new if new is not None else '–'}")
    return lines


def by_id(items) -> dict:
    return items if isinstance(items, dict) else {item["id"]: item for item in items}


def collection_changes(title: str, old_items, new_items, detail=field_changes) -> list[str]:
    old_items, new_items = by_id(old_items), by_id(new_items)
    lines = []
    for item_id in new_items:
        if item_id not in old_items:
            lines.append(f"- added `{item_id}`")
    for item_id in old_items:
        if item_id not in new_items:
            lines.append(f"- removed `{item_id}`")
    for item_id in new_items:
        if item_id in old_items and old_items[item_id] != new_items[item_id]:
            changes = detail(old_items[item_id], new_items[item_id])
            lines.append(f"- `{item_id}`: " + (changes[0] if len(changes) == 1 else ""))
            if len(changes) > 1:
                lines += [f"    - {change}" for change in changes]
    old_order = [i for i in old_items if i in new_items]
    new_order = [i for i in new_items if i in old_items]
    if old_order != new_order and title in ("Questions", "Outcomes (first match wins)", "Notes", "Dates"):
        lines.append(f"- order changed: {', '.join(old_order)} → {', '.join(new_order)}")
    return [f"#### {title}", "", *lines, ""] if lines else []


def parameter_changes(before: dict, after: dict) -> list[str]:
    def amount(value: dict) -> str:  # the compiled rules hold cents
        return f"{value['cents'] // 100}.{value['cents'] % 100:02d}"

    lines = field_changes({k: v for k, v in before.items() if k != "values"},
                          {k: v for k, v in after.items() if k != "values"})
    old_values = {v["from"]: v for v in before["values"]}
    new_values = {v["from"]: v for v in after["values"]}
    # a value whose start date moved: the same value and source, only in one version each
    only_old = [v for start, v in old_values.items() if new_values.get(start) != v and start not in new_values]
    only_new = [v for start, v in new_values.items() if old_values.get(start) != v and start not in old_values]
    for old in only_old:
        new = next((v for v in only_new if (v["cents"], v["source"]) == (old["cents"], old["source"])), None)
        if new is not None:
            only_new.remove(new)
            lines.append(f"value {amount(old)} ({old['source']}): in force from {old['from']} → {new['from']}")
            del old_values[old["from"]], new_values[new["from"]]
    for start in sorted(set(old_values) | set(new_values), key=str):
        old, new = old_values.get(start), new_values.get(start)
        if old == new:
            continue
        if old is None:
            lines.append(f"value from {start} added: {amount(new)} ({new['source']})")
        elif new is None:
            lines.append(f"value from {start} removed: {amount(old)} ({old['source']})")
        else:
            lines.append(f"value from {start}: {amount(old)} → {amount(new)}"
                         + (f" (source {old['source']} → {new['source']})" if old["source"] != new["source"] else ""))
    return lines


def question_changes(before: dict, after: dict) -> list[str]:
    lines = field_changes({k: v for k, v in before.items() if k != "options"},
                          {k: v for k, v in after.items() if k != "options"})
    options = collection_changes("options", before["options"], after["options"])
    return lines + ["options: " + line.strip().removeprefix("- ") for line in options[2:] if line.strip()]


def outcome_changes(before: dict, after: dict) -> list[str]:
    def facts(entry):
        return [f"{f['fact']}" + (f" when `{unparse(f['when'])}`" if f["when"] else "") for f in entry["facts"]]

    lines = field_changes({k: v for k, v in before.items() if k != "facts"}, {k: v for k, v in after.items() if k != "facts"})
    old_facts, new_facts = facts(before), facts(after)
    removed = [f"−{fact}" for fact in old_facts if fact not in new_facts]
    added = [f"+{fact}" for fact in new_facts if fact not in old_facts]
    if removed or added:
        lines.append("facts: " + "; ".join(removed + added))
    elif old_facts != new_facts:
        lines.append(f"facts: order {', '.join(old_facts)} → {', '.join(new_facts)}")
    return lines


def texts_changes(old: dict, new: dict) -> list[str]:
    flat_old = {f"{ns}.{key}": value for ns, entries in old.items() for key, value in entries.items()}
    flat_new = {f"{ns}.{key}": value for ns, entries in new.items() for key, value in entries.items()}
    lines = collection_changes("Interface texts", flat_old, flat_new,
                               lambda a, b: field_changes({"text": a}, {"text": b}))
    return lines


def bilateral_changes(old: list, new: list) -> list[str]:
    return collection_changes("Bilateral agreements", {e["country"]: {**e, "id": e["country"]} for e in old},
                              {e["country"]: {**e, "id": e["country"]} for e in new})


def content_changes(old: dict, new: dict) -> list[str]:
    lines = []
    meta = field_changes({k: old[k] for k in ("version", "verified_on", "review_after_months")},
                         {k: new[k] for k in ("version", "verified_on", "review_after_months")})
    if meta:
        lines += ["#### Version", "", *[f"- {line}" for line in meta], ""]
    old_versions = {entry["version"] for entry in old["changelog"]}
    added = [entry for entry in new["changelog"] if entry["version"] not in old_versions]
    if added:
        lines += ["#### Changelog entries added", ""]
        lines += [f"- {e['version']} ({e['date']}): {shorten(e['summary']['en'])} — facts: "
                  f"{', '.join(e['facts']) or 'none'}" for e in added]
        lines.append("")
    lines += collection_changes("Changelog entries changed", {e["version"]: {**e, "id": e["version"]} for e in old["changelog"]
                                                              if e["version"] in {n["version"] for n in new["changelog"]}},
                                {e["version"]: {**e, "id": e["version"]} for e in new["changelog"]
                                 if e["version"] in old_versions})
    lines += collection_changes("Facts", old["facts"], new["facts"])
    lines += collection_changes("Sources", old["sources"], new["sources"])
    lines += collection_changes("Parameters", old["parameters"], new["parameters"], parameter_changes)
    lines += collection_changes("Groups", old["groups"], new["groups"])
    lines += bilateral_changes(old["bilateral"], new["bilateral"])
    lines += collection_changes("Questions", old["questions"], new["questions"], question_changes)
    lines += collection_changes("Outcomes (first match wins)", old["outcomes"], new["outcomes"], outcome_changes)
    lines += collection_changes("Notes", old["notes"], new["notes"])
    lines += collection_changes("Dates", old["dates"], new["dates"])
    lines += collection_changes("Documents", old["documents"], new["documents"])
    lines += collection_changes("Claims of the original guide", old["claims"], new["claims"])
    lines += texts_changes(old["texts"], new["texts"])
    return lines


# --- the report ------------------------------------------------------------------------------

@dataclass
class Diff:
    old_label: str
    new_label: str
    old: dict
    new: dict
    today: str
    profiles: int
    specials: list
    groups: dict
    contents: list

    @property
    def changed_profiles(self) -> int:
        return sum(len(group.profiles) for category in self.groups.values() for group in category.values())

    @property
    def has_changes(self) -> bool:
        return bool(self.changed_profiles or self.contents)


def semantic_diff(old: dict, new: dict, today: str, old_label: str = "OLD", new_label: str = "NEW") -> Diff:
    if same_logic(old, new):
        count, specials, groups = None, [], {"changed": {}, "new": {}, "gone": {}}
    else:
        profiles, specials = answer_profiles(old, new, today)
        count, groups = len(profiles), compare_profiles(profiles)
    return Diff(old_label, new_label, old, new, today, count, specials, groups, content_changes(old, new))


CATEGORY_TITLES = {
    "changed": "Profiles whose result changes",
    "new": "Profiles only NEW accepts (a new question or option, or a changed path)",
    "gone": "Profiles only OLD accepts (a removed question or option, a changed path, or a gap in NEW)",
}


def markdown(diff: Diff, examples: int = EXAMPLES) -> str:
    from checker.engine import country_question

    old, new = diff.old, diff.new
    lines = [f"## Rules diff: {diff.old_label} → {diff.new_label}", "",
             "| | OLD | NEW |", "|---|---|---|",
             f"| rules | {diff.old_label} | {diff.new_label} |",
             f"| version | {old['version']} | {new['version']} |",
             f"| verified on | {old['verified_on']} | {new['verified_on']} |", "",
             evaluated(diff), ""]
    if not diff.has_changes:
        lines.append("**No change**: the same result for every profile, and the same rules content.")
        return "\n".join(lines) + "\n"

    total = diff.changed_profiles
    lines += [f"### Answer profiles: {total:,} of {diff.profiles:,} affected" if total
              else "### Answer profiles: none affected", ""]
    if diff.profiles is None:
        lines += ["The decision rules are identical, so no answer profile can change.", ""]
    number = 0
    summary, details = [], []
    country = country_question(diff.new)
    for category, groups in diff.groups.items():
        if not groups:
            continue
        count = sum(len(g.profiles) for g in groups.values())
        summary += [f"**{CATEGORY_TITLES[category]}: {count:,}**", "", "| # | change | profiles | countries |",
                    "|---|---|---|---|"]
        for group in sorted(groups.values(), key=lambda g: (-len(g.profiles), g.title)):
            number += 1
            countries = sorted({answers.get(country, "–") for answers, _, _ in group.profiles})
            shown = ", ".join(countries[:8]) + (f" … ({len(countries)})" if len(countries) > 8 else "")
            summary.append(f"| {number} | {group.title} | {len(group.profiles):,} | {shown} |")
            details += [f"<details><summary>{number}. {strip_code(group.title)} ({len(group.profiles):,} profiles)</summary>",
                        ""]
            details += [f"- {describe_profile(*profile)}" for profile in pick_examples(group.profiles, examples, country)]
            details += ["", "</details>", ""]
        summary.append("")
    lines += summary
    if details:
        lines += ["Examples of each change:", "", *details]
    lines += ["### Rules content", ""]
    lines += diff.contents or ["No change to the rules content (facts, sources, parameters, groups, texts).", ""]
    return "\n".join(lines).rstrip() + "\n"


def evaluated(diff: Diff) -> str:
    if diff.profiles is None:
        return (f"The decision rules ({', '.join(LOGIC)}) are the same in both versions: no answer profile "
                f"can change, on {diff.today} or any other day.")
    return (f"Evaluated on **{diff.today}**: {diff.profiles:,} complete answer profiles (the enumerated answer "
            "space of the parity tests" + (f", with the countries {', '.join(diff.specials)} in full"
                                           if diff.specials else "") + ").")


def strip_code(text: str) -> str:
    return text.replace("`", "")


def pick_examples(profiles: list, count: int, country: str) -> list:
    """A few examples, preferring different countries."""
    chosen, countries = [], set()
    for profile in profiles:
        if profile[0].get(country) not in countries:
            chosen.append(profile)
            countries.add(profile[0].get(country))
        if len(chosen) == count:
            return chosen
    for profile in profiles:
        if len(chosen) == count:
            break
        if profile not in chosen:
            chosen.append(profile)
    return chosen


# --- command line ----------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="git revision (e.g. origin/main, HEAD~1) or rules folder")
    parser.add_argument("new", metavar="NEW", help="git revision or rules folder ('.' is the working tree)")
    cli.add_today(parser)
    parser.add_argument("--examples", type=int, default=EXAMPLES, help=f"examples per change (default {EXAMPLES})")
    parser.add_argument("--output", type=Path, help="write the Markdown to this file too")
    parser.add_argument("--exit-code", action="store_true", help="exit 1 when anything changes (like git diff)")


def run(args: argparse.Namespace) -> int:
    with ExitStack() as stack:
        old, old_label = load_version(args.old, stack)
        new, new_label = load_version(args.new, stack)
        diff = semantic_diff(old, new, args.today, old_label, new_label)
    text = markdown(diff, args.examples)
    sys.stdout.write(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return cli.FINDINGS if args.exit_code and diff.has_changes else cli.OK
