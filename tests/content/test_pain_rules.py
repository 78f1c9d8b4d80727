"""The rule file's schema, loader and checks, and the HTML answers built from rules."""

import copy
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.pain_model import FAMILIES, RULES_PATH, SOURCE_FACTS, PainRule, PainRules
from bot.content.pain_render import (
    DISCLAIMER,
    MAX_MESSAGE_CHARS,
    render_answer_html,
    render_no_match_html,
    render_red_flag_html,
)
from bot.content.pain_rules import (
    PainRulesError,
    load_pain_rules,
    validate_pain_rules,
)
from bot.content.vocabulary import PAIN_AREAS

LIBRARY_IDS = frozenset({
    "half_kneeling_hip_flexor", "standing_hip_flexor", "glute_bridge", "figure_four_stretch",
    "seated_figure_four", "thoracic_extension_chair", "open_book", "cat_cow", "childs_pose",
    "doorway_chest_stretch", "chin_tucks", "upper_trap_stretch", "shoulder_rolls",
    "standing_hamstring_stretch", "lying_hamstring_stretch", "calf_wall_stretch",
    "soleus_wall_stretch", "heel_raises", "hip_90_90", "leg_swings", "standing_hip_circles",
    "adductor_rockback", "standing_quad_stretch", "clamshell", "walk_break", "sit_to_stand",
    "seated_knee_extension", "pelvic_tilts", "knee_to_chest", "sciatic_nerve_glide",
    "wrist_forearm_stretch", "worlds_greatest_stretch", "supported_squat_hold", "ankle_circles"
})  # fmt: skip


@dataclass(frozen=True)
class StubExercise:
    id: str
    name: str
    cue: str


def stub_lookup(exercise_id: str) -> StubExercise:
    if exercise_id not in LIBRARY_IDS:
        raise KeyError(exercise_id)
    name = exercise_id.replace("_", " ").capitalize()
    cue = f"Cue for {name.lower()}: move slowly <gently> & breathe."
    return StubExercise(exercise_id, name, cue)


HEADLINE = "Please get urgent care now: call {number} or go to an emergency department."


def raw_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def rule_data(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(rule for rule in data["rules"] if rule["id"] == rule_id)


def problems_of(data: dict[str, Any]) -> list[str]:
    return validate_pain_rules(PainRules.model_validate(data), set(LIBRARY_IDS))


class TagChecker(HTMLParser):
    """Collects tag problems: Telegram rejects unknown or unclosed tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("b", "i"):
            self.problems.append(f"tag <{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"stray </{tag}>")


def assert_telegram_html(html: str) -> None:
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    assert checker.problems == [] and checker.open == []
    assert len(html) <= MAX_MESSAGE_CHARS


# ---------------------------------------------------------------- the shipped file


def test_shipped_rules_have_no_problems() -> None:
    rules = load_pain_rules()
    assert validate_pain_rules(rules, set(LIBRARY_IDS)) == []
    assert 40 <= len(rules.rules) <= 90


def test_default_rules_are_loaded_once() -> None:
    assert load_pain_rules() is load_pain_rules()


def test_every_source_fact_and_area_is_covered() -> None:
    rules = load_pain_rules()
    assert {rule.source for rule in rules.rules} == set(SOURCE_FACTS)
    for area in PAIN_AREAS:
        assert rules.for_area(area), area


def test_red_flags_cover_the_issue_list() -> None:
    red = {rule.id for rule in load_pain_rules().rules if rule.red_flag}
    assert {
        "red_trauma",
        "red_cannot_bear_weight",
        "red_cauda_equina",
        "red_progressive_weakness",
        "red_fever",
        "red_cancer_weight_loss",
        "red_night_pain",
        "red_chest_pain",
    } <= red
    families = {rule.family for rule in load_pain_rules().rules if rule.red_flag}
    assert families == set(FAMILIES)


def test_lookups() -> None:
    rules = load_pain_rules()
    first = next(r for r in rules.rules if r.id == "low_back_ache")
    assert rules.by_id("low_back_ache") is first
    assert rules.by_id("nope") is None
    assert all("knee" in r.areas and not r.red_flag for r in rules.for_area("knee"))
    assert rules.default_for("knee") == rules.by_id("knee_general")
    assert rules.default_for("other") is None
    trauma = rules.safety_question("trauma")
    assert trauma is not None and trauma.red_flag_rule == "red_trauma"
    assert {q.id for q in rules.safety_questions} == {"trauma", "nerve", "fever"}


# ---------------------------------------------------------------- validation finds problems


def test_unknown_exercise_id_is_reported() -> None:
    data = raw_data()
    rule_data(data, "calf_achilles")["exercises"] = ["calf_wall_stretch", "moon_walk"]
    assert problems_of(data) == ["rule calf_achilles: unknown exercise id 'moon_walk'"]


def test_duplicate_ids_are_reported() -> None:
    data = raw_data()
    data["rules"].append(copy.deepcopy(rule_data(data, "knee_general")))
    assert "duplicate rule id 'knee_general'" in problems_of(data)


def test_empty_and_meaningless_triggers_are_reported() -> None:
    data = raw_data()
    rule_data(data, "wrist_forearm_desk")["triggers"] = []
    rule_data(data, "knee_it_band")["triggers"].append("the of my")
    problems = problems_of(data)
    assert "rule wrist_forearm_desk: no triggers" in problems
    assert "rule knee_it_band: trigger 'the of my' has no words the matcher can use" in problems


def test_red_flag_with_exercises_is_reported() -> None:
    data = raw_data()
    rule_data(data, "red_fever")["exercises"] = ["walk_break"]
    assert "rule red_fever: a red flag must not offer exercises" in problems_of(data)


def test_missing_answer_parts_are_reported() -> None:
    data = raw_data()
    rule = rule_data(data, "hamstring_tight")
    rule["what"] = "  "
    rule["do_now"] = ["Only one point."]
    rule["exercises"] = []
    problems = problems_of(data)
    assert "rule hamstring_tight: answer part 'what' is empty" in problems
    assert "rule hamstring_tight: answer part 'do_now' needs 2–4 non-empty points" in problems
    assert "rule hamstring_tight: needs 1–3 exercises, has 0" in problems


def test_examples_that_reach_another_rule_are_reported() -> None:
    data = raw_data()
    rule_data(data, "knee_it_band")["examples"].append("my neck hurts")
    assert "rule knee_it_band: example 'my neck hurts' reaches neck_shoulder_desk" in problems_of(
        data
    )


def test_unreachable_rule_is_reported() -> None:
    data = raw_data()
    rule_data(data, "wrist_forearm_desk")["triggers"] = ["zebra"]
    problems = problems_of(data)
    assert "rule wrist_forearm_desk: example 'my wrists hurt from typing' reaches no_match" in (
        problems
    )


def test_over_long_answers_are_reported() -> None:
    data = raw_data()
    rule_data(data, "knee_general")["see_pro"] = "Please see someone. " * 200
    assert any(p.startswith("rule knee_general: answer can reach") for p in problems_of(data))


def test_wrong_level_and_bad_links_are_reported() -> None:
    data = raw_data()
    rule_data(data, "red_fever")["level"] = "self_care"
    rule_data(data, "red_dvt").pop("ask")
    rule_data(data, "knee_general")["level"] = "soon"
    data["safety_questions"][0]["red_flag_rule"] = "knee_general"
    data["area_defaults"]["knee"] = "neck_shoulder_desk"
    problems = problems_of(data)
    assert "rule red_fever: level 'self_care' does not fit family infection" in problems
    assert "rule red_dvt: a warning sign needs its yes/no question 'ask'" in problems
    assert "rule knee_general: only self-care answers offer moves, this one is 'soon'" in problems
    assert "safety question trauma: 'knee_general' is not a red flag rule" in problems
    assert "area default knee: 'neck_shoulder_desk' is not a topic for that area" in problems


def test_missing_levels_families_and_bad_cues_are_reported() -> None:
    data = raw_data()
    del data["levels"]["soon"]
    data["levels"]["emergency"]["headline"] = "Go to hospital."
    data["levels"]["emergency"]["if_it_happens"] = "go to hospital."
    data["rules"] = [r for r in data["rules"] if r.get("family") != "rhabdo"]
    data["context"]["uncertain"].append("not sure")
    problems = problems_of(data)
    assert "level soon: wording missing" in problems
    assert "level emergency: wording must name the emergency {number}" in problems
    assert "no rule covers the warning family 'rhabdo'" in problems
    assert "context cue 'not sure' is not a single canonical word" in problems


def test_ambiguous_synonyms_are_reported() -> None:
    data = raw_data()
    data["synonyms"]["tight"].append("sore")
    data["synonyms"]["hurt"] = ["owie"]
    problems = problems_of(data)
    assert "synonym variant 'sore' is listed under two words" in problems
    assert "synonym 'hurt' is also a variant of another word" in problems


def test_uncovered_source_fact_is_reported() -> None:
    data = raw_data()
    rule_data(data, "back_spasm_myth")["source"] = "self_care"
    assert "no rule rests on the source fact 'spasm_myth'" in problems_of(data)


# ---------------------------------------------------------------- the loader


def test_loader_raises_with_every_problem(tmp_path: Path) -> None:
    data = raw_data()
    data["rules"].append(copy.deepcopy(rule_data(data, "knee_general")))
    rule_data(data, "red_chest_pain")["exercises"] = ["walk_break"]
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PainRulesError) as caught:
        load_pain_rules(path)
    assert "duplicate rule id 'knee_general'" in caught.value.problems
    assert "rule red_chest_pain: a red flag must not offer exercises" in caught.value.problems


def test_loader_names_the_rule_in_schema_errors(tmp_path: Path) -> None:
    data = raw_data()
    rule_data(data, "calf_achilles")["level"] = "whenever"
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PainRulesError) as caught:
        load_pain_rules(path)
    assert caught.value.problems[0].startswith("rule calf_achilles.level:")


def test_loader_reports_unreadable_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(PainRulesError):
        load_pain_rules(broken)
    with pytest.raises(PainRulesError):
        load_pain_rules(tmp_path / "missing.yaml")


# ---------------------------------------------------------------- HTML answers


def test_topic_answer_has_every_part() -> None:
    rule = load_pain_rules().by_id("hip_flexor_sitting")
    assert rule is not None
    html = render_answer_html(rule, stub_lookup, has_alternatives=False, headline="Self-care.")
    assert html.startswith("<b>Tight hip flexors from sitting</b>")
    for point in rule.do_now:
        assert point in html
    for exercise_id in rule.exercises:
        assert f"<b>{stub_lookup(exercise_id).name}</b>" in html
    assert "&lt;gently&gt; &amp; breathe" in html
    assert "<gently>" not in html
    assert rule.see_pro in html
    assert html.endswith(f"<i>{DISCLAIMER}</i>")
    assert "other topics" not in html
    assert "other topics" in render_answer_html(
        rule, stub_lookup, has_alternatives=True, headline="Self-care."
    )


@pytest.mark.parametrize("rule", load_pain_rules().rules, ids=lambda r: r.id)
def test_every_answer_is_valid_telegram_html(rule: PainRule) -> None:
    if rule.red_flag:
        html = render_red_flag_html(rule, HEADLINE, "112")
    else:
        html = render_answer_html(rule, stub_lookup, has_alternatives=True, headline="Self-care.")
    assert_telegram_html(html)


def test_red_flag_answer_puts_urgent_care_first_and_offers_no_moves() -> None:
    rules = load_pain_rules()
    for rule in (r for r in rules.rules if r.red_flag):
        html = render_red_flag_html(rule, HEADLINE, "999")
        first = html.splitlines()[0]
        assert "999" in first and ("urgent care" in first or "doctor today" in first)
        assert "Moves that usually help" not in html
        assert all(stub_lookup(e).name not in html for e in LIBRARY_IDS)


def test_long_exercise_texts_are_clipped_under_the_limit() -> None:
    rule = load_pain_rules().by_id("calf_achilles")
    assert rule is not None

    def huge(exercise_id: str) -> StubExercise:
        return StubExercise(exercise_id, "&" * 500, "<" * 5000)

    html = render_answer_html(rule, huge, has_alternatives=True, headline="Self-care.")
    assert_telegram_html(html)
    assert "…" in html


def test_no_match_answer_is_honest_and_escaped() -> None:
    html = render_no_match_html("<b>my tooth</b> & more " + "x" * 500)
    assert "&lt;b&gt;my tooth&lt;/b&gt; &amp; more" in html
    assert "rather not guess" in html and "physiotherapist" in html
    assert "x" * 100 not in html
    assert_telegram_html(html)
    assert "couldn't match that" in render_no_match_html("   ")
