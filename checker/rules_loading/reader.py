"""Step 1: a rules file's bytes → its YAML document, or a `file: key: problem` line.

Stricter than ``yaml.safe_load``: the file must be UTF-8 (the file name, line and byte offset of the
first undecodable byte are reported), a key given twice in one mapping is an error (PyYAML silently
keeps the last), an empty file is named, and an impossible date such as ``2026-02-30`` stays a text
(``BadDate``) that the schema reports at its key instead of a traceback.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import yaml

from checker.rules_loading.problems import Problems

# the C parser (libyaml) when PyYAML has it: the same documents, about five times faster
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# UTF-32 first: its little-endian mark starts with UTF-16's
BOMS = {codecs.BOM_UTF32_LE: "UTF-32", codecs.BOM_UTF32_BE: "UTF-32", codecs.BOM_UTF16_LE: "UTF-16",
        codecs.BOM_UTF16_BE: "UTF-16"}


class BadDate(str):
    """A YAML timestamp that is not a real date (2026-02-30): kept as its text for the schema to report."""


class StrictLoader(_BASE):
    """PyYAML's safe loader, but a key given twice in one mapping is an error."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:  # an unhashable key: the base constructor reports it
                    continue
                if first is not key_node:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r} (first given on line {first.start_mark.line + 1})",
                        key_node.start_mark)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2026-02-30 matches the timestamp pattern but is no date
            return BadDate(self.construct_scalar(node))


StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)
StrictLoader.add_constructor("tag:yaml.org,2002:map", StrictLoader.construct_yaml_map)


def decode(data: bytes, name: str, problems: Problems) -> str | None:
    """The file's text, or None after reporting why it is not UTF-8."""
    for bom, encoding in BOMS.items():
        if data.startswith(bom):
            problems.report(name, "(file)", f"not UTF-8: the file starts with a {encoding} byte-order mark; "
                            "save it as UTF-8")
            return None
    if b"\x00" in data:  # valid UTF-8 but never in a text file: UTF-16 or UTF-32 without a byte-order mark
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        problems.report(name, f"line {line}", f"not UTF-8: byte 0x00 at byte offset {offset} (a UTF-16 or UTF-32 "
                        "file?); save the file as UTF-8")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.report(name, f"line {line}", f"not UTF-8: byte 0x{data[error.start]:02x} at byte offset "
                        f"{error.start} (column {column}) cannot be read; save the file as UTF-8")
        return None


def parse(text: str, name: str, problems: Problems):
    """The YAML document of a text, or None after reporting why it is not one."""
    try:
        document = yaml.load(text, Loader=StrictLoader)
    except RecursionError:
        problems.report(name, "(file)", "not valid YAML: nested too deeply to be rules")
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is None and getattr(error, "position", None) is not None:  # a ReaderError: a control character
            line = text.count("\n", 0, error.position) + 1
            code = error.character if isinstance(error.character, int) else ord(error.character)
            problems.report(name, f"line {line}", f"not valid YAML: character #x{code:04x} at "
                            f"character {error.position + 1}: {error.reason}")
            return None
        where = f"line {mark.line + 1}" if mark else "(file)"
        problem = getattr(error, "problem", None) or str(error)
        problems.report(name, where, problem if problem.startswith("duplicate key") else f"not valid YAML: {problem}")
        return None
    if document is None:
        problems.report(name, "(file)", "the file is empty (it needs at least its top-level keys)")
    return document


def read(folder: Path, name: str, problems: Problems):
    """The YAML document of `folder/name`; None when it is missing, unreadable or empty (reported)."""
    path = folder / name
    if not path.exists():
        problems.report(name, "(file)", "file missing")
        return None
    text = decode(path.read_bytes(), name, problems)
    return None if text is None else parse(text, name, problems)
