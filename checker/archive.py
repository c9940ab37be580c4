"""The published rules versions, kept evaluable: ``checker/archive/<version>.json``.

Each file holds the compiled rules of one published version (every language), as the loader of that
version produced them, migrated to the current compiled format when it was written into the archive
(``migrate``): the engines read every archived file like the current rules. A release writes the
current rules here (``python -m maintenance release``, CONTRIBUTING.md "Release").

The site publishes each archived version beside the current rules (build_tools/generate.py); the
checker fetches one only when a link made under that version is opened, to show what changed
(checker/compare.py, checker/web/compare.js).
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

ARCHIVE_DIR = Path(__file__).resolve().parent / "archive"
VERSION = re.compile(r"[0-9]{4}\.[0-9]{2}\.[0-9]{2}")


class ArchiveError(LookupError):
    """A version that is not in the archive, or an archived file that does not read."""


def version_path(version: str, archive_dir: Path = ARCHIVE_DIR) -> Path:
    if not VERSION.fullmatch(version):
        raise ArchiveError(f"{version!r} is not a rules version (YYYY.MM.DD)")
    return archive_dir / f"{version}.json"


def archived_versions(archive_dir: Path = ARCHIVE_DIR) -> list[str]:
    """The archived versions, oldest first."""
    if not archive_dir.exists():
        return []
    return sorted(path.stem for path in archive_dir.glob("*.json") if VERSION.fullmatch(path.stem))


def load_archived(version: str, archive_dir: Path = ARCHIVE_DIR) -> dict:
    """The compiled rules of an archived version; ArchiveError when it is not archived or does not read."""
    path = version_path(version, archive_dir)
    if not path.exists():
        raise ArchiveError(f"rules version {version} is not in the archive")
    try:
        rules = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ArchiveError(f"{path.name}: does not read ({error})") from error
    if not isinstance(rules, dict) or rules.get("version") != version:
        raise ArchiveError(f"{path.name}: not the compiled rules of version {version}")
    return rules


def rules_of_version(version: str, current: dict, archive_dir: Path = ARCHIVE_DIR) -> dict:
    """The rules of `version`: the current rules when it is theirs, else the archived ones (ArchiveError)."""
    if version == current["version"]:
        return current
    return load_archived(version, archive_dir)


# --- migration: older compiled formats to the current one --------------------------------------------
# Keys the compiled format gained, with the value that means "not used": a rule of an older version
# never had them, so the neutral value gives the result that version's loader and engines gave.

QUESTION_DEFAULTS = {"help": None, "not_after_today": False}
OPTION_DEFAULTS = {"when": None, "unsure": False}
OUTCOME_DEFAULTS = {"alternatives": False}
PARAMETER_DEFAULTS = {"next_change": None, "upstream": None, "derived": None}
NOTE_DEFAULTS = {"file_now": False}
DATE_DEFAULTS = {"deadline": None, "guide": None}
RULES_DEFAULTS = {"services": {}, "outcome_services": {}}
# Keys a current record may lack (absent means "no bound", "no check"): migrate adds nothing for them.
OPTIONAL_KEYS = {"questions": {"earliest_years_before_today", "latest_years_after_today", "monthly_check"}}


def with_defaults(entry: dict, defaults: dict) -> dict:
    return {**entry, **{key: value for key, value in defaults.items() if key not in entry}}


def migrate(rules: dict) -> dict:
    """The compiled rules of any earlier format in the current format (a copy; the rules' logic unchanged).

    Format 3 (rules 2026.12.07) added: question ``help`` and ``not_after_today``, option ``when`` and
    ``unsure``, outcome ``alternatives``, parameter ``next_change``, ``upstream`` and ``derived``, the
    ``add_days`` call and the ``next_change`` expression node (new nodes: nothing older uses them); then,
    within the same version, note ``file_now``, date ``deadline`` and ``guide`` and the ``services`` with the
    ``outcome_services`` that link each outcome to them (reader aids: no result depends on them)."""
    migrated = with_defaults(copy.deepcopy(rules), RULES_DEFAULTS)
    migrated["questions"] = [
        with_defaults({**question, **({"options": [with_defaults(option, OPTION_DEFAULTS) for option in question["options"]]}
                                      if "options" in question else {})}, QUESTION_DEFAULTS)
        for question in rules["questions"]
    ]
    migrated["outcomes"] = [with_defaults(outcome, OUTCOME_DEFAULTS) for outcome in rules["outcomes"]]
    for kind, defaults in (("notes", NOTE_DEFAULTS), ("dates", DATE_DEFAULTS)):
        if kind in rules:
            migrated[kind] = [with_defaults(record, defaults) for record in rules[kind]]
    migrated["parameters"] = {key: with_defaults(parameter, PARAMETER_DEFAULTS)
                              for key, parameter in rules["parameters"].items()}
    return migrated
