"""The /pain safety net: it only raises a calm answer, never touches short messages or a
named warning sign, and the shipped weights are what training on the tuned corpus gives."""

import gzip
from pathlib import Path

import pytest
import yaml

from bot.content.matcher import match_pain
from bot.content.pain_model import PainRules
from bot.content.pain_net import SafetyNet, load_safety_net, read_net
from bot.content.pain_rules import RULES_PATH, PainRulesError, load_pain_rules
from bot.devkit.pain_net_training import build, corpus_digest, tuned_entries

CALM_LONG = "my lower back is stiff after sitting at my desk all day"


def sure_net(chance_score: float) -> SafetyNet:
    """A net with no weights whose bias alone gives every long message the same chance."""
    return SafetyNet(bias=chance_score, weights={}, same_day=0.8, emergency=0.95, min_words=4)


@pytest.fixture
def fresh_rules() -> PainRules:
    """A private copy of the rule file (the cached one stays as shipped)."""
    return load_pain_rules(RULES_PATH)


def test_the_shipped_net_is_what_training_gives_today(tmp_path: Path) -> None:
    """`content train-net`, written to a scratch file, gives the shipped file's net."""
    entries = tuned_entries()
    shipped, trained_on = read_net()
    assert trained_on == {"entries": len(entries), "digest": corpus_digest(entries)}, (
        "the tuned corpus changed: run `python -m bot content train-net`"
    )
    rebuilt_file = tmp_path / "pain_net.json.gz"
    assert build(rebuilt_file) == trained_on
    rebuilt, _ = read_net(rebuilt_file)
    assert rebuilt.bias == pytest.approx(shipped.bias, abs=1e-5)
    assert (rebuilt.same_day, rebuilt.emergency, rebuilt.min_words) == (
        shipped.same_day,
        shipped.emergency,
        shipped.min_words,
    )
    slots = set(rebuilt.weights) | set(shipped.weights)
    drift = max(abs(rebuilt.weights.get(s, 0.0) - shipped.weights.get(s, 0.0)) for s in slots)
    assert drift <= 1e-4  # one unit in the file's last decimal, at most


def test_an_unknown_weights_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    odd = tmp_path / "net.json.gz"
    odd.write_bytes(gzip.compress(b'{"format": 2}'))
    with pytest.raises(ValueError, match="train-net"):
        read_net(odd)


def test_it_learns_only_from_the_tuned_part() -> None:
    entries = tuned_entries()
    assert entries and all(entry.split == "tune" for entry in entries)


def test_a_confident_net_raises_a_calm_answer(fresh_rules: PainRules) -> None:
    assert match_pain(CALM_LONG, fresh_rules).rule.id == "low_back_ache"  # type: ignore[union-attr]
    fresh_rules.attach_net(sure_net(10.0))
    found = match_pain(CALM_LONG, fresh_rules)
    assert found.kind == "red_flag" and found.rule is not None
    assert (found.rule.id, found.rule.level, found.rule.exercises) == (
        "red_unnamed_urgent",
        "emergency",
        (),
    )
    fresh_rules.attach_net(sure_net(2.0))  # chance 0.88: same day
    found = match_pain(CALM_LONG, fresh_rules)
    assert found.rule is not None and found.rule.id == "red_unnamed_same_day"


def test_an_unsure_net_leaves_the_answer_alone(fresh_rules: PainRules) -> None:
    fresh_rules.attach_net(sure_net(1.0))  # chance 0.73, under both bars
    assert match_pain(CALM_LONG, fresh_rules).rule.id == "low_back_ache"  # type: ignore[union-attr]


def test_short_messages_and_named_signs_are_out_of_its_reach(fresh_rules: PainRules) -> None:
    fresh_rules.attach_net(sure_net(10.0))
    short = match_pain("neck hurts", fresh_rules)
    assert short.kind == "rule" and short.rule is not None and short.rule.id == "neck_shoulder_desk"
    named = match_pain("I can't control my bladder and my back hurts", fresh_rules)
    assert named.rule is not None and named.rule.family == "cauda_equina"
    hypothetical = match_pain(
        "what should I do if my legs ever go numb on a long ride?", fresh_rules
    )
    assert hypothetical.kind == "info"


def test_a_rule_file_without_the_nets_answers_gets_no_net(fresh_rules: PainRules) -> None:
    data = fresh_rules.model_dump()
    data["rules"] = [rule for rule in data["rules"] if rule["family"] != "unnamed"]
    bare = PainRules.model_validate(data)
    bare.attach_net(sure_net(10.0))
    assert bare.net is None
    assert match_pain(CALM_LONG, bare).rule.id == "low_back_ache"  # type: ignore[union-attr]


def test_the_shipped_net_reads_its_own_answers_examples() -> None:
    rules = load_pain_rules()
    assert rules.net is load_safety_net()
    for level, rule in rules.net_answers.items():
        for example in rule.examples:
            assert rules.net.level(example) == level, example


def test_a_net_answer_with_triggers_is_refused(tmp_path: Path) -> None:
    """Words leading to a net answer would bypass the net's bars: the rule file is refused."""
    data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    answer = next(rule for rule in data["rules"] if rule["id"] == "red_unnamed_urgent")
    answer["triggers"] = ["numb"]
    edited = tmp_path / "pain_rules.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PainRulesError, match="red_unnamed_urgent: a safety-net answer must"):
        load_pain_rules(edited)
