"""One answer set per outcome of the checker, for a reader whose date is tests.browser.TODAY."""

OUTCOME_ANSWERS = {
    "eu_citizen": {"nationality": "DE"},
    "algeria": {"nationality": "DZ"},
    "not_eligible_status": {"nationality": "IR", "situation": "other"},
    "already_had_rece": {"nationality": "IR", "situation": "student_permit", "had_rece": "yes"},
    "not_eligible_degree": {"nationality": "IR", "situation": "student_permit", "had_rece": "no",
                            "degree": "licence"},
    "abroad_visa": {"nationality": "IR", "situation": "left_france", "had_rece": "no", "degree": "master",
                    "degree_date": "2024-07-01", "goal": "job"},
    "abroad_too_late": {"nationality": "IR", "situation": "left_france", "had_rece": "no", "degree": "master",
                        "degree_date": "2020-07-01"},
    "permit_expired": {"nationality": "IR", "situation": "student_permit", "had_rece": "no", "degree": "master",
                       "degree_date": "2026-07-01", "permit_expiry": "2026-10-31"},
    "bilateral_aps": {"nationality": "TN", "situation": "student_permit", "had_rece": "no", "degree": "master",
                      "degree_date": "2026-07-01", "permit_expiry": "2027-06-30", "goal": "job"},
    "rece_job": {"nationality": "IR", "situation": "student_permit", "had_rece": "no", "degree": "master",
                 "degree_date": "2026-07-01", "permit_expiry": "2027-06-30", "goal": "job"},
    "rece_company": {"nationality": "IR", "situation": "researcher", "had_rece": "no",
                     "permit_expiry": "2027-05-31", "goal": "company"},
}


def fragment_of(answers: dict, version: str | None = None) -> str:
    parts = [f"{key}={value}" for key, value in answers.items()]
    if version:
        parts.append(f"v={version}")
    return "&".join(parts)
