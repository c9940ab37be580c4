"""One answer set per outcome of the checker, for a reader whose date is tests.browser.TODAY, and the
scenario cases of the rules (checker/rules/cases/*.yaml) for the outcomes they reach."""
from pathlib import Path

import yaml

CASES_DIR = Path(__file__).resolve().parent.parent / "checker" / "rules" / "cases"

OUTCOME_ANSWERS = {
    "eu_citizen": {"nationality": "DE"},
    "algeria": {"nationality": "DZ"},
    "not_eligible_status": {"nationality": "IR", "situation": "other"},
    "already_had_rece": {"nationality": "IR", "situation": "student_permit", "had_rece": "yes"},
    "not_eligible_degree": {"nationality": "IR", "situation": "student_permit", "had_rece": "no",
                            "degree": "licence"},
    "abroad_visa": {"nationality": "IR", "situation": "left_france", "had_rece": "no", "degree": "master",
                    "degree_date": "2024-07-01"},
    "abroad_too_late": {"nationality": "IR", "situation": "left_france", "had_rece": "no", "degree": "master",
                        "degree_date": "2020-07-01"},
    "permit_expired": {"nationality": "IR", "situation": "student_permit", "had_rece": "no", "degree": "master",
                       "degree_date": "2026-07-01", "permit_expiry": "2026-10-31"},
    "bilateral_aps": {"nationality": "TN", "situation": "student_permit", "had_rece": "no", "degree": "master",
                      "degree_date": "2026-07-01", "permit_expiry": "2027-06-30"},
    "rece_job": {"nationality": "IR", "situation": "student_permit", "had_rece": "no", "degree": "master",
                 "degree_date": "2026-07-01", "permit_expiry": "2027-06-30", "goal": "job"},
    "rece_company": {"nationality": "IR", "situation": "researcher", "had_rece": "no",
                     "permit_expiry": "2027-05-31", "goal": "company"},
    "status_talent": {"nationality": "IR", "situation": "rece_holder", "rece_expiry": "2027-06-30", "plan": "job",
                      "gross_salary": 41000, "master_level": "yes"},
    # rules version 3: filed and waiting, a job offer in hand, "I'm not sure"
    "waiting_decision": {"nationality": "MR", "situation": "filed", "filed_on": "2026-10-01",
                         "receipt_expiry": "2027-02-01"},
    "deemed_refused": {"nationality": "MR", "situation": "filed", "filed_on": "2026-08-10",
                       "receipt_expiry": "2026-12-09"},
    "direct_talent": {"nationality": "CO", "situation": "student_permit", "had_rece": "no", "degree": "master",
                      "degree_date": "2026-09-30", "permit_expiry": "2027-01-31", "goal": "job_offer",
                      "gross_salary": 42000},
    "depends": {"nationality": "PK", "situation": "rece_holder", "rece_expiry": "2027-06-30", "plan": "job",
                "gross_salary": 45000, "master_level": "not_sure", "job_related": "yes", "contract": "permanent"},
}


def scenario_cases() -> list[dict]:
    """Every case of checker/rules/cases/*.yaml that expects a result (not an error): {name, today
    (ISO), answers (as a link holds them), expect}, in file order."""
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            if "outcome" not in case.get("expect", {}):
                continue
            answers = {key: str(value) if not isinstance(value, int) else value for key, value in case["answers"].items()}
            cases.append({"name": case["name"], "today": str(case["today"]), "answers": answers, "expect": case["expect"]})
    return cases


def case_per_outcome() -> dict[str, dict]:
    """The first scenario case of each outcome."""
    found = {}
    for case in scenario_cases():
        found.setdefault(case["expect"]["outcome"], case)
    return found


def fragment_of(answers: dict, version: str | None = None) -> str:
    parts = [f"{key}={value}" for key, value in answers.items()]
    if version:
        parts.append(f"v={version}")
    return "&".join(parts)


def shown_result(page) -> dict:
    """What the result on the page says (the result contract: data-outcome, data-note, time[data-date],
    data-document, data-fact, data-answer, data-alternative-*), and where the focus is."""
    return page.evaluate("""() => {
        const root = document.querySelector('[data-outcome]');
        return {
          outcome: root.dataset.outcome,
          notes: [...root.querySelectorAll('[data-note]')].map((node) => node.dataset.note),
          dates: Object.fromEntries([...root.querySelectorAll('time[data-date]')]
            .map((node) => [node.dataset.date, node.getAttribute('datetime')])),
          documents: [...root.querySelectorAll('[data-document]')].map((node) => node.dataset.document),
          facts: [...root.querySelectorAll('[data-fact]')].map((node) => node.dataset.fact),
          answers: [...root.querySelectorAll('[data-answer]')].map((node) => node.dataset.answer),
          alternatives: [...root.querySelectorAll('[data-alternative-outcome]')]
            .map((node) => [node.dataset.alternativeIf, node.dataset.alternativeOutcome]),
          heading: document.activeElement && document.activeElement.id,
          text: root.textContent,
        };
    }""")
