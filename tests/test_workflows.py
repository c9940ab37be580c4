"""The GitHub Actions workflows follow least privilege (issue 21): permissions are given per job, no write
permission at the workflow level, Pages and OIDC write on the deploy job only; every action is pinned
by a full commit SHA with its tag in a comment; no checkout leaves the token to later steps."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
PINNED = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^@\s]+)?@[0-9a-f]{40}")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*['\"]?([^'\"\s#]+)['\"]?\s*(?:#\s*(\S+))?")
TAG = re.compile(r"v\d+(?:\.\d+)*")
DEPLOY_ONLY = {"pages", "id-token"}  # may be written by a deploy job only
DEPLOY_ACTION = "actions/deploy-pages@"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def writes(permissions) -> set[str]:
    """The scopes a permissions value lets the token write ('*' for write-all)."""
    if permissions in (None, "read-all", {}):
        return set()
    if permissions == "write-all":
        return {"*"}
    assert isinstance(permissions, dict), f"permissions: {permissions!r}"
    return {scope for scope, level in permissions.items() if level == "write"}


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def is_deploy_job(job: dict) -> bool:
    """Publishes to Pages with actions/deploy-pages, and runs nothing else (no shell step)."""
    uses = [step.get("uses", "") for step in steps(job)]
    return any(item.startswith(DEPLOY_ACTION) for item in uses) and not any("run" in step for step in steps(job))


def test_there_are_workflows():
    assert {path.name for path in WORKFLOWS} >= {"pages.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_permissions_are_per_job_and_least(path):
    workflow = load(path)
    problems = []
    assert "permissions" in workflow, "no workflow-level permissions: the repository default applies to every job"
    if writes(workflow["permissions"]):
        problems.append(f"write permission at the workflow level: {workflow['permissions']}")
    for name, job in workflow["jobs"].items():
        if "permissions" not in job:
            problems.append(f"job {name}: no permissions of its own")
            continue
        granted = writes(job["permissions"])
        if "*" in granted:
            problems.append(f"job {name}: write-all")
        if granted & DEPLOY_ONLY and not is_deploy_job(job):
            problems.append(f"job {name}: {sorted(granted & DEPLOY_ONLY)} write outside a deploy job "
                            "(one that only runs actions/deploy-pages)")
    assert not problems, "\n".join(problems)


def test_the_deploy_job_alone_publishes():
    workflow = load(next(path for path in WORKFLOWS if path.name == "pages.yml"))
    deploy = {name for name, job in workflow["jobs"].items() if is_deploy_job(job)}
    assert deploy == {"deploy"}
    assert writes(workflow["jobs"]["deploy"]["permissions"]) == DEPLOY_ONLY
    # the job that installs packages and builds may only read the repository
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}


def all_uses(workflow: dict) -> list[str]:
    found = []
    for job in workflow["jobs"].values():
        if "uses" in job:  # a reusable workflow
            found.append(job["uses"])
        found += [step["uses"] for step in steps(job) if "uses" in step]
    return found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_by_commit_with_its_tag(path):
    lines = [USES_LINE.match(line) for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [match for match in lines if match]
    # every uses: of the workflow is on a line of its own (the comment is read from the line)
    assert sorted(match.group(1) for match in lines) == sorted(all_uses(load(path)))
    problems = []
    for match in lines:
        action, comment = match.groups()
        if action.startswith("./"):
            continue  # an action of this repository: the commit itself
        if not PINNED.fullmatch(action):
            problems.append(f"{action}: not pinned by a full commit SHA")
        if not comment or not TAG.fullmatch(comment):
            problems.append(f"{action}: no '# vX.Y.Z' comment naming the tag it stands for")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_checkout_keeps_the_token_to_itself(path):
    workflow = load(path)
    checkouts = [step for job in workflow["jobs"].values() for step in steps(job)
                 if step.get("uses", "").startswith("actions/checkout@")]
    for step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, step


# --- hashed Python installs (CONTRIBUTING.md, "Hashed Python packages") ---------------------------------

def pins(lines) -> dict[str, str]:
    """{normalised name: version} of the `name==version` lines (a lock's continuation lines skipped)."""
    found = {}
    for line in lines:
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s\\;]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def test_the_lock_pins_what_the_constraints_pin_each_with_hashes():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    constraints = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    locked = pins(lock.splitlines())
    # the lock adds only the build backend, pinned in pyproject.toml's build-system
    build_backend = pins(re.findall(r'"([^"]+==[^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8")
                                    .split("[build-system]")[1].split("\n[")[0]))
    assert locked == {**pins(constraints), **build_backend}, "run `make lock` (CONTRIBUTING.md)"
    # each requirement with its continuation lines: at least one file hash
    for entry in re.split(r"\n(?=[A-Za-z0-9])", lock):
        if re.match(r"[A-Za-z0-9._-]+==", entry):
            assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"no hash: {entry.splitlines()[0]}"
    assert "file://" not in lock and "--index-url" not in lock and "--find-links" not in lock


INSTALL = re.compile(r"pip install\b[^\n]*")


@pytest.mark.parametrize("path", [*WORKFLOWS, ROOT / "Makefile"], ids=lambda path: path.name)
def test_every_python_install_checks_hashes(path):
    installs = [match.group(0) for match in INSTALL.finditer(path.read_text(encoding="utf-8"))]
    for line in installs:
        if "--upgrade --no-deps openfisca-france" in line:
            continue  # rules-watch: the newest upstream release, read to compare (never deployed)
        if "pip-tools" in line or "pip download" in line:
            continue  # `make lock`: the tool that writes the hashes
        hashed = "--require-hashes" in line and "-r requirements.lock" in line
        this_folder = "--no-deps --no-build-isolation -e ." in line
        assert hashed or this_folder, f"{path.name}: an install without hashes: {line}"
    if installs:
        assert any("--require-hashes" in line for line in installs), f"{path.name}: no hashed install"
