"""The /pain topic re-picker: it only swaps one self-care topic rule for another, keeps the
profile's rule, stays out of warnings, "soon" and answers without a topic, does nothing below
its bar, and the shipped weights are what training on the tuned corpus gives today."""

import gzip
import json
from pathlib import Path

import pytest

from bot.content import pain_topics
from bot.content.check import check_content
from bot.content.matcher import Match, match_pain, repick, rule_for
from bot.content.pain_model import PainRules, topic_model_problems
from bot.content.pain_rules import RULES_PATH, load_pain_rules, load_rules_alone
from bot.content.pain_topics import (
    TOPIC_RULES,
    TOPICS_PATH,
    TopicModel,
    load_topic_model,
    model_to_json,
    read_topic_model,
)
from bot.devkit.pain_topic_training import (
    build,
    corpus_digest,
    samples,
    tuned_entries,
    tuned_rounds,
)

HOLDOUT_ROUNDS = {7, 8, 15, 16}
BACK = "my lower back is stiff after sitting at my desk all day"


def sure_of(topic: str, score: float = 10.0) -> TopicModel:
    """A model with no weights whose biases alone name `topic` for every message."""
    return TopicModel(topics=(topic, "low_back"), biases=(score, 0.0), weights={}, bar=0.9)


@pytest.fixture
def fresh_rules() -> PainRules:
    """A private copy of the rules without the shipped re-picker (the cached one stays)."""
    return load_rules_alone(RULES_PATH)


def rule_id(match: Match) -> str | None:
    return match.rule.id if match.rule else None


def test_the_shipped_model_is_what_training_gives_today(tmp_path: Path) -> None:
    """`content train-topics`, written to a scratch file, gives the shipped file byte for byte."""
    learned = samples(tuned_entries(), load_rules_alone())
    _, trained_on = read_topic_model()
    assert trained_on == {"samples": len(learned), "digest": corpus_digest(learned)}, (
        "the tuned corpus or the rules' examples changed: run `python -m bot content train-topics`"
    )
    rebuilt = tmp_path / "pain_topics.json.gz"
    assert build(rebuilt) == trained_on
    assert rebuilt.read_bytes() == TOPICS_PATH.read_bytes()


def test_the_shipped_model_is_compact_and_attached() -> None:
    assert TOPICS_PATH.stat().st_size < 1_000_000
    assert load_pain_rules().topic_model is load_topic_model()
    assert load_topic_model().bar >= 0.8


def test_it_never_learns_from_a_held_out_round() -> None:
    assert not set(tuned_rounds()) & HOLDOUT_ROUNDS
    assert all(entry.split == "tune" and entry.topic for entry in tuned_entries())


def test_a_sure_guess_swaps_the_topic_and_offers_the_rules_pick(fresh_rules: PainRules) -> None:
    before = match_pain(BACK, fresh_rules)
    assert rule_id(before) == "low_back_ache"
    fresh_rules.attach_topics(sure_of("plantar_heel"))
    after = match_pain(BACK, fresh_rules)
    assert (after.kind, rule_id(after), after.level) == ("rule", "plantar_heel", "self_care")
    assert after.alternatives[0].id == "low_back_ache"


def test_below_the_bar_nothing_changes(fresh_rules: PainRules) -> None:
    before = match_pain(BACK, fresh_rules)
    fresh_rules.attach_topics(sure_of("plantar_heel", score=2.0))  # chance 0.88 < 0.9
    assert match_pain(BACK, fresh_rules) == before
    assert repick(before, fresh_rules, ("plantar_heel", 0.899), 0.9) == before


def test_it_never_touches_a_warning_a_question_or_soon(fresh_rules: PainRules) -> None:
    texts = [
        "fell off my bike and my back really hurts",  # a warning sign
        "not sure if I hit my head, my neck is sore",  # the one follow-up question
        "what if my legs go numb?",  # a hypothetical
        "heel pain for 4 months despite stretching",  # lifted to "soon"
        "my back is sore and sitting feels like a numb cushion all the time now",  # the net
    ]
    before = [match_pain(text, fresh_rules) for text in texts]
    assert [m.kind for m in before] == ["red_flag", "ask", "info", "rule", "red_flag"]
    assert before[3].soon
    fresh_rules.attach_topics(sure_of("ankle_sprain"))
    assert [match_pain(text, fresh_rules) for text in texts] == before


def test_it_never_adds_a_topic(fresh_rules: PainRules) -> None:
    fresh_rules.attach_topics(sure_of("ankle_sprain"))
    assert match_pain("my phone battery is dead", fresh_rules).kind == "no_match"
    by_button = match_pain("", fresh_rules, area="knee")  # the area's default: no words read
    assert rule_id(by_button) == fresh_rules.area_defaults["knee"]
    assert repick(Match("no_match"), fresh_rules, ("ankle_sprain", 1.0), 0.9) == Match("no_match")


def test_a_tapped_area_keeps_its_topics(fresh_rules: PainRules) -> None:
    fresh_rules.attach_topics(sure_of("plantar_heel"))
    assert rule_id(match_pain("stiff after sitting all day", fresh_rules, area="low_back")) != (
        "plantar_heel"
    )


def test_the_rules_own_runner_up_of_the_topic_wins(fresh_rules: PainRules) -> None:
    """Of a topic's rules, the one the user's words already reached is the one answered."""
    back, no_arch = fresh_rules.by_id("low_back_ache"), fresh_rules.by_id("hip_flexor_no_arch")
    assert back is not None and no_arch is not None
    found = Match("rule", back, (no_arch,), 2.0)
    swapped = repick(found, fresh_rules, ("hip_flexor_sitting", 0.99), 0.9, roles=("desk",))
    assert rule_id(swapped) == "hip_flexor_no_arch" and swapped.alternatives == (back,)


def test_the_profiles_rule_wins_in_a_topic_with_variants(
    fresh_rules: PainRules, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A topic answered by a runner's and a cyclist's rule answers each with their own."""
    monkeypatch.setitem(TOPIC_RULES, "sporty_hips", ("runner_hips", "cyclist_hips"))
    monkeypatch.setitem(pain_topics.RULE_TOPIC, "runner_hips", "sporty_hips")
    monkeypatch.setitem(pain_topics.RULE_TOPIC, "cyclist_hips", "sporty_hips")
    assert rule_id_of(rule_for("sporty_hips", fresh_rules, ("cyclist",))) == "cyclist_hips"
    assert rule_id_of(rule_for("sporty_hips", fresh_rules, ("runner",))) == "runner_hips"
    assert rule_id_of(rule_for("sporty_hips", fresh_rules, ())) == "runner_hips"  # the lead
    found = match_pain(BACK, fresh_rules, roles=("cyclist",))
    swapped = repick(found, fresh_rules, ("sporty_hips", 0.95), 0.9, roles=("cyclist",))
    assert rule_id(swapped) == "cyclist_hips"


def rule_id_of(rule: object) -> str | None:
    return getattr(rule, "id", None)


def test_a_model_for_unknown_or_unsafe_topics_is_refused(
    fresh_rules: PainRules, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    odd = sure_of("elbow_magic")
    assert topic_model_problems(odd, fresh_rules) == [
        "topic model: topic 'elbow_magic' is not in TOPIC_RULES"
    ]
    fresh_rules.attach_topics(odd)
    assert fresh_rules.topic_model is None
    monkeypatch.setitem(TOPIC_RULES, "elbow_magic", ("red_trauma",))
    assert topic_model_problems(odd, fresh_rules) == [
        "topic model: elbow_magic: red_trauma is not a self-care topic"
    ]
    bad_file = tmp_path / "pain_topics.json.gz"
    bad_file.write_bytes(gzip.compress(json.dumps(model_to_json(odd, {})).encode()))
    problems, _ = check_content(topics_path=bad_file)
    assert "pain_topics.json.gz: topic model: elbow_magic: red_trauma is not a self-care topic" in (
        problems
    )


def test_an_unknown_weights_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    odd = tmp_path / "topics.json.gz"
    odd.write_bytes(gzip.compress(b'{"format": 9}'))
    with pytest.raises(ValueError, match="train-topics"):
        read_topic_model(odd)
