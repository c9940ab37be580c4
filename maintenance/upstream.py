"""Upstream: the rules' amounts against OpenFisca-France, the rules-as-code model of French law.

A parameter of parameters.yaml that declares `upstream: {openfisca: <dotted name>}` (the SMIC) must
equal OpenFisca-France's dated values on every date the rules cover (from meta.yaml `covers_from`);
an OpenFisca value that starts after the rules' last one is a new value to add. A parameter that is
`derived` from it (the threshold, 1.5 × the monthly SMIC) is shown with what the new value gives.

OpenFisca's parameter files (YAML) are read directly, without importing OpenFisca, from:
  - the installed `openfisca-france` distribution (default; `make test` installs the pinned release
    without its dependencies);
  - `--openfisca FILE.whl`, a downloaded wheel (`pip download openfisca-france --no-deps`);
  - `--openfisca FOLDER`, an `openfisca_france` package folder (one holding `parameters/`).
Amounts are compared exactly in cents (decimal arithmetic, never floating point).

`python -m maintenance upstream` prints one line per difference (the parameter, the date, both
values and OpenFisca's legal reference) as Markdown (the weekly watch puts it in an issue) and exits
1 when there is any, 0 when the rules agree; 2 when OpenFisca's files are missing or unreadable, or
the rules do not load.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from importlib import metadata
from pathlib import Path

import yaml

from build_tools.render import in_force
from maintenance import cli

HELP = "compare the SMIC amounts with OpenFisca-France's dated values (exit 1 on any difference)"
DISTRIBUTION = "openfisca-france"
PACKAGE = "openfisca_france"
DOTTED_NAME = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")
WHEEL_VERSION = re.compile(r"openfisca_france-([^-]+)-")


# ---------------------------------------------------------------------------------------------
# Where OpenFisca's files are


class Upstream:
    """OpenFisca-France's parameter files, in a folder or a wheel; `label` says which release."""

    def __init__(self, label: str, folder: Path | None = None, wheel: Path | None = None):
        self.label, self.folder, self.wheel = label, folder, wheel

    def read(self, relative: str) -> tuple[str, bytes]:
        """(the file's name for messages, its bytes) of `parameters/<relative>`; Broken when missing."""
        if self.folder is not None:
            path = self.folder / "parameters" / relative
            try:
                return str(path), path.read_bytes()
            except FileNotFoundError:
                raise cli.Broken(f"{path}: missing file (no such OpenFisca parameter)") from None
            except OSError as error:
                raise cli.Broken(f"{path}: cannot be read ({error.strerror or error})") from None
        member = f"{PACKAGE}/parameters/{relative}"
        name = f"{member} in {self.wheel}"
        try:
            with zipfile.ZipFile(self.wheel) as archive:
                return name, archive.read(member)
        except KeyError:
            raise cli.Broken(f"{name}: missing file (no such OpenFisca parameter)") from None
        except (OSError, zipfile.BadZipFile) as error:
            raise cli.Broken(f"{self.wheel}: cannot be read as a wheel ({error})") from None


def open_upstream(path: Path | None) -> Upstream:
    """The installed distribution (path None), a wheel file or an `openfisca_france` folder."""
    if path is None:
        try:
            distribution = metadata.distribution(DISTRIBUTION)
        except metadata.PackageNotFoundError:
            raise cli.Broken(f"{DISTRIBUTION} is not installed: install it without its dependencies "
                             f"(`pip install --no-deps {DISTRIBUTION}`) or give --openfisca PATH") from None
        folder = Path(str(distribution.locate_file(PACKAGE)))
        if not (folder / "parameters").is_dir():
            raise cli.Broken(f"{folder}: the installed {DISTRIBUTION} {distribution.version} "
                             "has no parameters/ folder")
        return Upstream(f"OpenFisca-France {distribution.version} (installed)", folder=folder)
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise cli.Broken(f"{path}: not a wheel (zip) file nor an {PACKAGE} folder")
        match = WHEEL_VERSION.match(path.name)
        version = match.group(1) if match else "of unknown version"
        return Upstream(f"OpenFisca-France {version} (wheel {path.name})", wheel=path)
    if path.is_dir():
        folder = path if (path / "parameters").is_dir() else path / PACKAGE
        if not (folder / "parameters").is_dir():
            raise cli.Broken(f"{path}: not an {PACKAGE} package folder (no parameters/ folder in it)")
        return Upstream(f"OpenFisca-France {folder_version(folder)}(folder {folder})", folder=folder)
    raise cli.Broken(f"{path}: no such file or folder")


def folder_version(folder: Path) -> str:
    """`176.1.8 ` when an `openfisca_france-176.1.8.dist-info` lies beside the folder, else ``."""
    for info in sorted(folder.parent.glob("openfisca_france-*.dist-info")):
        return info.name[len("openfisca_france-"):-len(".dist-info")] + " "
    return ""


# ---------------------------------------------------------------------------------------------
# One OpenFisca parameter file


class DecimalLoader(yaml.SafeLoader):
    """YAML with its decimal numbers read as Decimal: 1801.80 stays exactly 1801.80."""


def _decimal(loader: DecimalLoader, node: yaml.ScalarNode):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text  # .inf, .nan: not amounts; reported as not a number
    return number if number.is_finite() else text


DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


@dataclass
class UpstreamParameter:
    name: str                               # the dotted name
    file: str                               # where it was read, for messages
    values: list[tuple[str, Decimal]]       # (start date, amount in euros), oldest first
    references: dict[str, str]              # start date -> legal reference (title and address)

    def on(self, day: str) -> tuple[str, Decimal] | None:
        """The (start, amount) in force on an ISO day: the last value that started by then."""
        in_force = None
        for start, value in self.values:
            if start <= day:
                in_force = (start, value)
        return in_force

    def reference(self, start: str) -> str:
        return self.references.get(start, "no legal reference given")


def iso(key) -> str | None:
    if isinstance(key, dt.date) and not isinstance(key, dt.datetime):
        return key.isoformat()
    if isinstance(key, str):
        try:
            return dt.date.fromisoformat(key).isoformat()
        except ValueError:
            return None
    return None


def read_parameter(upstream: Upstream, name: str) -> UpstreamParameter:
    """OpenFisca's dated values of a parameter (`values: {date: {value: amount}}`) with each value's
    `metadata.reference`; Broken with one `file: problem` line per problem."""
    file, raw = upstream.read(name.replace(".", "/") + ".yaml")
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=DecimalLoader)
    except UnicodeDecodeError:
        raise cli.Broken(f"{file}: not UTF-8 text") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise cli.Broken(f"{file}: malformed YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise cli.Broken(f"{file}: not an OpenFisca parameter (a mapping with `values`)")
    raw_values = data.get("values")
    if not isinstance(raw_values, dict) or not raw_values:
        raise cli.Broken(f"{file}: the parameter has no values (`values:` must map dates to values)")
    problems, values = [], []
    for key, entry in raw_values.items():
        start = iso(key)
        if start is None:
            problems.append(f"{file}: values: {key!r} is not a date (YYYY-MM-DD)")
            continue
        if isinstance(entry, dict):
            if "value" not in entry:
                problems.append(f"{file}: values.{start}: no `value`")
                continue
            entry = entry["value"]
        if isinstance(entry, bool) or not isinstance(entry, (int, Decimal)):
            problems.append(f"{file}: values.{start}.value: {entry!r} is not a number")
            continue
        values.append((start, Decimal(entry)))
    if problems:
        raise cli.Broken(*problems)
    values.sort()
    return UpstreamParameter(name, file, values, references(data.get("metadata")))


def references(meta) -> dict[str, str]:
    """`metadata.reference`: per date, one `{title, href}` or a list of them (or a plain text)."""
    reference = meta.get("reference") if isinstance(meta, dict) else None
    if not isinstance(reference, dict):
        return {}
    found = {}
    for key, entry in reference.items():
        start = iso(key)
        if start is None:
            continue
        items = entry if isinstance(entry, list) else [entry]
        texts = []
        for item in items:
            if isinstance(item, dict):
                title, href = item.get("title"), item.get("href")
                texts.append(" ".join(str(part).replace("\u00a0", " ") for part in (title, href and f"<{href}>")
                                      if part))
            elif item:
                texts.append(str(item))
        if texts:
            found[start] = "; ".join(texts)
    return found


# ---------------------------------------------------------------------------------------------
# The comparison


def euros(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d} €"


def upstream_amount(value: Decimal) -> str:
    cents = value * 100
    if cents == cents.to_integral_value():
        return f"{euros(int(cents))} ({int(cents)} cents)"
    return f"{value} € (not a whole number of cents)"




def ours(value: dict | None) -> str:
    if value is None:
        return "the rules have no value"
    return f"the rules {euros(value['cents'])} ({value['cents']} cents, from {value['from']})"


def differences(rules: dict, parameter: dict, upstream: UpstreamParameter) -> list[tuple[str, str, Decimal | None]]:
    """(line, day, OpenFisca's amount) for each date the rules cover on which the rules and OpenFisca
    differ: the first covered day, and every day either side starts a new value."""
    starts = [value["from"] for value in parameter["values"] if value["from"]]
    covers = rules.get("covers_from") or (starts[0] if starts else "0001-01-01")
    last = starts[-1] if starts else covers
    days = sorted({covers} | {day for day in starts if day > covers}
                  | {start for start, _ in upstream.values if start > covers})
    found = []
    for day in days:
        mine, theirs = in_force(parameter, day), upstream.on(day)
        if theirs is None:
            found.append((f"{parameter['id']} on {day}: OpenFisca-France ({upstream.name}) has no value, "
                          f"{ours(mine)}", day, None))
            continue
        start, amount = theirs
        if mine is not None and Decimal(mine["cents"]) == amount * 100:
            continue
        what = (f"new value from {start}: add it (and move `next_change`)" if start == day and start > last
                else "different value")
        found.append((f"{parameter['id']} on {day}: OpenFisca-France {upstream_amount(amount)}, {ours(mine)}; "
                      f"{what}; reference: {upstream.reference(start)}", day, amount))
    return found


def derived_lines(rules: dict, source: dict, found: list[tuple[str, str, Decimal | None]]) -> list[str]:
    """For each parameter derived from `source`, what OpenFisca's differing amounts make it."""
    lines = []
    for parameter in rules["parameters"].values():
        derived = parameter.get("derived")
        if not derived or derived.get("from") != source["id"]:
            continue
        numerator, denominator = derived["times"]
        for _, day, amount in found:
            if amount is None:
                continue
            expected = int((amount * 100 * numerator / denominator).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            mine = in_force(parameter, day)
            if mine is None or mine["cents"] != expected:
                lines.append(f"{parameter['id']} on {day}: {numerator}/{denominator} × OpenFisca's "
                             f"{source['id']} gives {euros(expected)} ({expected} cents, rounded half up), "
                             f"{ours(mine)}; change it with {source['id']}")
    return lines


def compare(rules: dict, upstream: Upstream) -> tuple[list[str], list[str]]:
    """(the parameters compared, one line per difference)."""
    declared = [parameter for parameter in rules["parameters"].values()
                if (parameter.get("upstream") or {}).get("openfisca")]
    if not declared:
        raise cli.Broken("parameters.yaml: no parameter declares `upstream: {openfisca: ...}`: nothing to compare")
    compared, lines, problems, read = [], [], [], {}
    for parameter in declared:
        name = parameter["upstream"]["openfisca"]
        if not DOTTED_NAME.fullmatch(name):
            raise cli.Broken(f"parameters.yaml: parameters.{parameter['id']}.upstream.openfisca: "
                             f"{name!r} is not a dotted parameter name")
        try:
            read[parameter["id"]] = read_parameter(upstream, name)
        except cli.Broken as error:
            problems += error.lines
            continue
        compared.append(f"`{parameter['id']}` ({name})")
    if problems:
        raise cli.Broken(*problems)
    for parameter in declared:
        found = differences(rules, parameter, read[parameter["id"]])
        lines += [line for line, _, _ in found] + derived_lines(rules, parameter, found)
    return compared, lines


def report(rules: dict, upstream: Upstream, compared: list[str], lines: list[str]) -> str:
    head = [f"## The rules against {upstream.label}", "",
            f"Compared from {rules.get('covers_from')} (meta.yaml `covers_from`): {', '.join(compared)}."]
    if not lines:
        return "\n".join(head + ["", "The rules agree with OpenFisca-France on every date they cover."]) + "\n"
    return "\n".join(head + ["", f"**{len(lines)} difference(s).** Update parameters.yaml (see CONTRIBUTING.md, "
                                 "\"When OpenFisca publishes a new SMIC\").", ""]
                     + [f"- {line}" for line in lines]) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_rules_dir(parser)
    parser.add_argument("--openfisca", type=Path, metavar="PATH",
                        help=f"a wheel file or an {PACKAGE} folder (default: the installed {DISTRIBUTION})")


def run(args: argparse.Namespace) -> int:
    rules = cli.load_rules_or_exit(args.rules_dir)
    upstream = open_upstream(args.openfisca)
    compared, lines = compare(rules, upstream)
    sys.stdout.write(report(rules, upstream, compared, lines))
    return cli.FINDINGS if lines else cli.OK
