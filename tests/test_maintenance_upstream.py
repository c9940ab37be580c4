"""`python -m maintenance upstream`: the SMIC of the rules against OpenFisca-France, read from its
parameter files without importing OpenFisca. The pinned release (constraints.txt, installed by
`make test` without its dependencies) agrees with the rules; a copy of its two SMIC files with a
made-up value of 2027-01-01 is reported (exit 1); broken or missing files exit 2 naming the file."""
from __future__ import annotations

import re
import shutil
import zipfile
from decimal import Decimal
from importlib import metadata
from pathlib import Path

import pytest

from checker.engine import parameter_on
from checker.rules_loader import load_rules
from maintenance import upstream
from maintenance.__main__ import main
from tests.maintenance_fixtures import ROOT, entry, rules_copy, run_maintenance

FIXTURE = ROOT / "tests" / "fixtures" / "openfisca" / "openfisca_france"
SMIC = Path("parameters/marche_travail/salaire_minimum/smic")
MONTHLY, HOURLY = SMIC / "smic_b_mensuel.yaml", SMIC / "smic_b_horaire.yaml"
NEW_LINE = ("- smic_monthly on 2027-01-01: OpenFisca-France 1900.00 € (190000 cents), the rules 1867.02 € "
            "(186702 cents, from 2026-06-01); new value from 2027-01-01: add it (and move `next_change`); "
            "reference: Test reference for the value of 1 January 2027 <https://example.org/smic-2027>")
THRESHOLD_LINE = ("- work_threshold_monthly on 2027-01-01: 3/2 × OpenFisca's smic_monthly gives 2850.00 € "
                  "(285000 cents, rounded half up), the rules 2800.53 € (280053 cents, from 2026-06-01); "
                  "change it with smic_monthly")


def run(capsys, *args: str) -> tuple[int, str, str]:
    """`python -m maintenance upstream ARGS`, in process: (exit code, stdout, stderr)."""
    code = main(["upstream", *args])
    out, err = capsys.readouterr()
    return code, out, err


def pinned_version() -> str:
    pins = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    return re.search(r"^openfisca-france==(\S+)$", pins, re.MULTILINE).group(1)


def fixture_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "openfisca_france"
    shutil.copytree(FIXTURE, folder)
    return folder


# --- the pinned release ----------------------------------------------------------------------

def test_the_pinned_release_is_installed():
    assert metadata.version("openfisca-france") == pinned_version(), (
        "make test installs the release pinned in constraints.txt (pip install --no-deps)")


def test_the_rules_agree_with_the_pinned_release(capsys):
    code, out, err = run(capsys)
    assert code == 0, f"the rules differ from OpenFisca-France {pinned_version()}:\n{out}{err}"
    assert f"OpenFisca-France {pinned_version()} (installed)" in out
    assert "`smic_monthly` (marche_travail.salaire_minimum.smic.smic_b_mensuel)" in out
    assert "`smic_hourly` (marche_travail.salaire_minimum.smic.smic_b_horaire)" in out
    assert "The rules agree with OpenFisca-France on every date they cover." in out


def test_every_covered_date_has_openfiscas_amount_to_the_cent():
    """The same check, date by date, so that a failure names the parameter and the date."""
    rules = load_rules()
    installed = upstream.open_upstream(None)
    for parameter in rules["parameters"].values():
        if not parameter.get("upstream"):
            continue
        theirs = upstream.read_parameter(installed, parameter["upstream"]["openfisca"])
        days = {rules["covers_from"]} | {value["from"] for value in parameter["values"]
                                         if value["from"] >= rules["covers_from"]}
        for day in sorted(days):
            mine = parameter_on(rules, parameter["id"], day)
            start, amount = theirs.on(day)
            assert mine is not None and Decimal(mine["cents"]) == amount * 100, (
                f"{parameter['id']} on {day}: the rules {mine and mine['cents']} cents, "
                f"OpenFisca-France {amount} € (from {start})")


def test_the_threshold_and_the_smic_declare_their_links():
    rules = load_rules()
    parameters = rules["parameters"]
    assert parameters["smic_monthly"]["upstream"] == {"openfisca": "marche_travail.salaire_minimum.smic.smic_b_mensuel"}
    assert parameters["smic_hourly"]["upstream"] == {"openfisca": "marche_travail.salaire_minimum.smic.smic_b_horaire"}
    assert parameters["work_threshold_monthly"]["derived"] == {"from": "smic_monthly", "times": [3, 2]}
    # the three move together (a new SMIC value moves the next change of each)
    assert len({parameters[key]["next_change"] for key in ("work_threshold_monthly", "smic_monthly", "smic_hourly")}) == 1


def test_a_downloaded_wheel_is_read_without_installing_it(tmp_path, capsys):
    wheel = tmp_path / f"openfisca_france-{pinned_version()}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path in (MONTHLY, HOURLY):
            archive.write(FIXTURE / path, f"openfisca_france/{path.as_posix()}")
    code, out, err = run(capsys, "--openfisca", str(wheel))
    assert code == 1, out + err
    assert f"OpenFisca-France {pinned_version()} (wheel {wheel.name})" in out
    assert NEW_LINE in out.splitlines()


# --- a newer value upstream ------------------------------------------------------------------

def test_a_newer_openfisca_value_is_reported_with_its_date_and_reference(capsys):
    code, out, err = run(capsys, "--openfisca", str(FIXTURE))
    assert code == 1, out + err
    lines = [line for line in out.splitlines() if line.startswith("- ")]
    assert lines == [NEW_LINE, THRESHOLD_LINE], out
    assert "**2 difference(s).**" in out and err == ""


def test_the_entry_point_runs_the_command():
    result = run_maintenance("upstream", "--openfisca", str(FIXTURE))
    assert result.returncode == 1, result.stdout + result.stderr
    assert NEW_LINE in result.stdout.splitlines()


def test_a_different_value_on_a_covered_date_is_reported(tmp_path, capsys):
    folder = fixture_copy(tmp_path)
    path = folder / HOURLY
    path.write_text(path.read_text(encoding="utf-8").replace("value: 12.31", "value: 12.315"), encoding="utf-8")
    code, out, _ = run(capsys, "--openfisca", str(folder))
    assert code == 1
    assert ("- smic_hourly on 2026-06-01: OpenFisca-France 12.315 € (not a whole number of cents), the rules "
            "12.31 € (1231 cents, from 2026-06-01); different value; reference: Arrêté du 22 mai 2026 relatif au "
            "relèvement du salaire minimum de croissance <https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000054126589>"
            ) in out.splitlines()


def test_amounts_are_read_as_exact_decimals(tmp_path):
    theirs = upstream.read_parameter(upstream.open_upstream(FIXTURE), "marche_travail.salaire_minimum.smic.smic_b_mensuel")
    assert dict(theirs.values)["2024-11-01"] == Decimal("1801.80")
    assert theirs.on("2026-05-31") == ("2026-01-01", Decimal("1823.03"))
    assert theirs.on("2022-12-31") is None


# --- broken or missing upstream: exit 2, the file named, no traceback ------------------------

def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


BROKEN = {
    "malformed YAML": (MONTHLY, lambda p: replace_in(p, "  2026-06-01:\n    value: 1867.02", "  2026-06-01:\n  value: [1867.02"),
                       "malformed YAML (line"),
    "no values": (HOURLY, lambda p: p.write_text("description: Smic brut (horaire)\nvalues: {}\n", encoding="utf-8"),
                  "the parameter has no values"),
    "a value that is not a number": (MONTHLY, lambda p: replace_in(p, "value: 1867.02", "value: mille"),
                                     "values.2026-06-01.value: 'mille' is not a number"),
    "a value without `value`": (HOURLY, lambda p: replace_in(p, "    value: 12.31", "    amount: 12.31"),
                                "values.2026-06-01: no `value`"),
    "a missing file": (HOURLY, lambda p: p.unlink(), "missing file"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_upstream_file_exits_2_naming_the_file(tmp_path, capsys, case):
    relative, damage, problem = BROKEN[case]
    folder = fixture_copy(tmp_path)
    damage(folder / relative)
    code, out, err = run(capsys, "--openfisca", str(folder))
    assert code == 2, out + err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{folder / relative}: ") and problem in lines[0], err


@pytest.mark.parametrize("make, problem", [
    (lambda tmp: tmp / "nowhere", "no such file or folder"),
    (lambda tmp: tmp, "not an openfisca_france package folder"),
    (lambda tmp: (tmp / "x.whl").write_text("not a zip") and tmp / "x.whl", "not a wheel (zip) file"),
])
def test_an_upstream_that_is_not_openfisca_exits_2(tmp_path, capsys, make, problem):
    path = make(tmp_path)
    code, out, err = run(capsys, "--openfisca", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"{path}: ") and problem in err, err


def test_a_broken_upstream_run_as_a_command_has_no_traceback(tmp_path):
    folder = fixture_copy(tmp_path)
    (folder / MONTHLY).write_text("values: [unclosed\n", encoding="utf-8")
    result = run_maintenance("upstream", "--openfisca", str(folder))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert str(folder / MONTHLY) in result.stderr and "malformed YAML" in result.stderr


# --- broken rules ----------------------------------------------------------------------------

def test_rules_without_an_upstream_exit_2(tmp_path, capsys):
    def drop_upstream(data):
        for parameter_id in ("smic_monthly", "smic_hourly"):
            entry(data, "parameters", parameter_id).pop("upstream")

    folder = rules_copy(tmp_path, parameters_yaml=drop_upstream)
    code, _, err = run(capsys, "--rules-dir", str(folder), "--openfisca", str(FIXTURE))
    assert code == 2 and "no parameter declares `upstream" in err


def test_rules_that_do_not_load_exit_2_with_the_loaders_lines(tmp_path, capsys):
    def break_the_threshold(data):
        entry(data, "parameters", "work_threshold_monthly")["values"][-1]["cents"] = 280000

    folder = rules_copy(tmp_path, parameters_yaml=break_the_threshold)
    code, _, err = run(capsys, "--rules-dir", str(folder), "--openfisca", str(FIXTURE))
    assert code == 2 and "the rules do not load" in err
    expected = load_rules()["parameters"]["work_threshold_monthly"]["values"][-1]["cents"]
    assert "parameters.yaml: parameters.work_threshold_monthly.values[" in err and f"must be {expected}" in err
