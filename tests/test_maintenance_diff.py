"""The semantic diff reports exactly the answer profiles a rule change affects, and the content changes."""
from __future__ import annotations

import pytest

from maintenance.semantic_diff import answer_profiles, compare_profiles, markdown, semantic_diff
from checker.rules_loader import load_rules
from tests.maintenance_fixtures import entry, rules_copy, run_maintenance

TODAY = "2026-11-27"
IN_FRANCE = {"bilateral_aps", "rece_job", "rece_company"}
DIRECT = {"direct_talent", "direct_salarie", "direct_temporary_worker", "direct_ordinary"}


@pytest.fixture(scope="module")
def old():
    return load_rules()


def affected(old, new):
    """(category, title) -> set of profile keys, and every profile with its OLD and NEW result."""
    profiles, _ = answer_profiles(old, new, TODAY)
    found = {}
    for category, groups in compare_profiles(profiles).items():
        for title, group in groups.items():
            found[(category, title)] = {key(answers) for answers, _, _ in group.profiles}
    return found, profiles


def key(answers: dict) -> tuple:
    return tuple(sorted(answers.items()))


def move_threshold(data):  # the threshold follows the SMIC (1.5 ×): both move together
    for parameter in ("work_threshold_monthly", "smic_monthly"):
        entry(data, "parameters", parameter)["values"][-1]["from"] = "2026-07-01"


def test_a_changed_threshold_date_changes_no_profile_and_is_reported(old, tmp_path):
    new = load_rules(rules_copy(tmp_path, parameters_yaml=move_threshold))
    diff = semantic_diff(old, new, TODAY)
    assert diff.changed_profiles == 0  # on TODAY both versions have the same amount in force
    text = markdown(diff)
    assert "### Answer profiles: none affected" in text
    assert "- `work_threshold_monthly`: value 2800.53 (SMIC-2026-06): in force from 2026-06-01 → 2026-07-01" in text
    assert "#### Facts" not in text and "#### Groups" not in text


def test_a_changed_threshold_date_changes_profiles_on_a_day_between_the_dates(old, tmp_path):
    new = load_rules(rules_copy(tmp_path, parameters_yaml=move_threshold))
    # in June 2026 the threshold differs, so the salaried route of a salary between the two changes
    assert semantic_diff(old, new, "2026-06-15").changed_profiles > 0


def test_a_country_added_to_the_bilateral_list(old, tmp_path):
    def add_senegal(data):  # one entry of the table: the `bilateral` group takes its countries from it
        data["bilateral"].append({"country": "SN", "fact": "bilateral.BA", "length_months": None,
                                  "renewal": "unknown", "degrees": "unknown"})

    new = load_rules(rules_copy(tmp_path, groups_yaml=add_senegal))
    found, profiles = affected(old, new)
    assert found and all(dict(k)["nationality"] == "SN" for keys in found.values() for k in keys)

    # Senegalese students are no longer asked job or company: their answers with a goal are gone,
    # the same answers without it now end in the bilateral APS
    gone = {title for category, title in found if category == "gone"}
    prefix = "accepted only by OLD (NEW: goal: not asked for these answers (the question is off the path)"
    assert gone and all(title.startswith(prefix) for title in gone)
    # the job-search card, the company card and the routes of a job offer (direct, or depending on a
    # "not sure") are gone with the goal
    assert {title.rsplit("OLD outcome ", 1)[1] for title in gone} == {
        f"`{outcome}`" for outcome in ("rece_job", "rece_company", "direct_talent", "direct_salarie",
                                       "direct_temporary_worker", "direct_ordinary", "depends")}
    assert all(dict(k)["situation"] == "student_permit" and "goal" in dict(k)
               for (category, _), keys in found.items() if category == "gone" for k in keys)
    assert any("next question `goal` → none; outcome none → `bilateral_aps`" in title for _, title in found)
    # Senegalese researchers keep the general card, now with the note for agreement countries
    assert ("changed", "notes +`bilateral_researcher`; facts +`bilateral.researchers`") in found

    text = markdown(semantic_diff(old, new, TODAY))
    assert "with the countries SN in full" in text
    assert "- `bilateral`: members: +SN" in text
    assert "#### Bilateral agreements\n\n- added `SN`" in text


def test_a_changed_outcome_condition(old, tmp_path):
    def expire_on_the_day(data):
        entry(data, "outcomes", "permit_expired")["when"] = "permit_expiry <= today"

    new = load_rules(rules_copy(tmp_path, outcomes_yaml=expire_on_the_day))
    found, profiles = affected(old, new)

    expected = {key(a) for a, before, _ in profiles
                if a.get("permit_expiry") == TODAY
                and before["outcome"] in IN_FRANCE | DIRECT | {"renew_student_permit"}}
    assert expected
    assert {category for category, _ in found} == {"changed"}
    assert set().union(*found.values()) == expected
    assert all(" → `permit_expired`" in title for _, title in found)
    changed = {key(a): after for a, _, after in profiles if key(a) in expected}
    assert {result["outcome"] for result in changed.values()} == {"permit_expired"}

    text = markdown(semantic_diff(old, new, TODAY))
    assert "- `permit_expired`: when: `permit_expiry < today` → `permit_expiry <= today`" in text


def test_a_moved_date_and_a_removed_option(old, tmp_path):
    def open_later(data):
        entry(data, "dates", "window_opens")["value"] = "add_months(permit_expiry, -3)"

    def drop_msc(data):
        question = entry(data, "questions", "degree")
        question["options"] = [option for option in question["options"] if option["id"] != "msc_cge"]

    def drop_msc_group(data):
        group = entry(data, "groups", "eligible_degrees")
        group["members"].remove("msc_cge")

    new = load_rules(rules_copy(tmp_path, dates_yaml=open_later, questions_yaml=drop_msc, groups_yaml=drop_msc_group))
    found, profiles = affected(old, new)

    gone = {key(a) for a, _, _ in profiles if a.get("degree") == "msc_cge"}
    # a job offer has no 4-month window: its answers keep their dates
    moved = {key(a) for a, _, _ in profiles
             if "permit_expiry" in a and a.get("degree") != "msc_cge" and a.get("goal") != "job_offer"}
    assert gone and moved
    # where the window now opens after today, the no-appointment note goes too
    titles = {"dates: `window_opens` moved",
              "notes −`no_appointment`; dates: `window_opens` moved; facts −`appointment.no_slot`"}
    changed = [title for category, title in found if category == "changed"]
    assert changed and set(changed) <= titles
    assert set().union(*(found[("changed", title)] for title in changed)) == moved
    gone_found = set().union(*(keys for (category, _), keys in found.items() if category == "gone"))
    assert gone_found == gone
    assert not [title for category, title in found if category == "new"]
    assert all("is not one of the options" in title for category, title in found if category == "gone")

    text = markdown(semantic_diff(old, new, TODAY))
    assert "Profiles only OLD accepts" in text
    assert "- `window_opens`: value: `add_months(permit_expiry, -4)` → `add_months(permit_expiry, -3)`" in text
    assert "options: removed `msc_cge`" in text


def test_diff_of_folders_on_the_command_line(tmp_path):
    def new_version(data):
        data["version"] = "2027.01.15"

    new = rules_copy(tmp_path, meta_yaml=new_version)
    result = run_maintenance("diff", "checker/rules", str(new), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## Rules diff: ")
    assert "| version | " in result.stdout and "2027.01.15 |" in result.stdout
    assert "- version: " in result.stdout
    changed = run_maintenance("diff", "checker/rules", str(new), "--today", TODAY, "--exit-code")
    assert changed.returncode == 1


def test_diff_head_head_reports_no_change():
    result = run_maintenance("diff", "HEAD", "HEAD", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "**No change**" in result.stdout
    assert "### Answer profiles" not in result.stdout and "### Rules content" not in result.stdout


def test_an_unknown_revision_is_an_error_not_a_crash():
    result = run_maintenance("diff", "no-such-revision-here", "HEAD")
    assert result.returncode == 2
    assert result.stderr.strip() == "no-such-revision-here: neither a git revision nor a folder"


def test_a_country_named_only_in_a_changed_condition_is_enumerated(old, tmp_path):
    from maintenance.semantic_diff import content_changes, special_countries, with_countries_first
    from checker.answer_space import country_candidates

    def name_senegal(data):
        entry(data, "outcomes", "bilateral_aps")["facts"].append(
            {"fact": "bilateral.LB", "when": "nationality in ['LB', 'SN']"})

    new = load_rules(rules_copy(tmp_path, outcomes_yaml=name_senegal))
    specials = special_countries(old, new)
    assert "SN" in specials and "TN" not in specials
    for rules in (old, new):
        assert "SN" in country_candidates(with_countries_first(rules, specials), 3 + len(specials))
    text = "\n".join(content_changes(old, new))
    assert "+bilateral.LB when `nationality in ['LB', 'SN']`" in text
