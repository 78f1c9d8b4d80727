"""ConText-style reading of a message: negation before and after, lists, clause breaks,
pseudo-negations, someone else's history, hypotheticals and doubt."""

import pytest

from bot.content.matcher import match_pain
from bot.content.pain_model import PainRules
from bot.content.pain_rules import load_pain_rules


@pytest.fixture(scope="module")
def rules() -> PainRules:
    return load_pain_rules()


def answer(rules: PainRules, text: str) -> tuple[str, str | None]:
    found = match_pain(text, rules)
    return found.kind, found.rule.id if found.rule else None


@pytest.mark.parametrize(
    "text",
    [
        "sore back, no fever, numbness or bladder issues",
        "back pain, bladder is fine, no tingling",
        "lower back ache. fever: no. numbness? none",
        "low back pain, peeing is normal",
        "back aches without any weakness or tingling in my legs",
        "my dad had cancer, my lower back is stiff",
        "lower back ache, cancer runs in the family",
        "crashed out on the couch and my back is stiff",
        "I have irritable bowel and my lower back aches",
        "stiff lower back. numbness around the saddle, genitals or anus: no. fever, chills: no",
        "pins and needles around the groin or backside? nope, none. just a stiff lower back",
    ],
)
def test_what_is_denied_or_someone_elses_is_not_an_alarm(rules: PainRules, text: str) -> None:
    assert answer(rules, text) == ("rule", "low_back_ache")


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("no fever, my legs are numb", "red_cauda_equina"),
        ("no fever and my legs are numb", "red_cauda_equina"),
        ("no change in the numbness down there", "red_saddle_numbness"),
        ("not only my back, my legs are numb too", "red_cauda_equina"),
        ("my bladder is not right", "red_cauda_equina"),
        ("lower back ache\nno fever\nlegs feel numb", "red_cauda_equina"),
        ("my 11 year old son is limping", "red_child_limp"),
    ],
)
def test_what_is_said_plainly_still_alarms(rules: PainRules, text: str, rule_id: str) -> None:
    assert answer(rules, text) == ("red_flag", rule_id)


def test_a_hypothetical_is_explained_not_alarmed(rules: PainRules) -> None:
    assert answer(rules, "what if my legs go numb?") == ("info", "red_cauda_equina")
    assert answer(rules, "what if my legs go numb? I fell off my bike")[0] == "red_flag"


def test_doubt_asks_and_a_no_gives_the_topic(rules: PainRules) -> None:
    found = match_pain("not sure if I hit my head, my neck is sore", rules)
    assert (found.kind, found.rule and found.rule.id) == ("ask", "red_head_knock_signs")
    assert found.then is not None and found.then.id == "neck_shoulder_desk"
    assert found.level == "info"
    said = match_pain("I hit my head. maybe I'm dizzy", rules)
    assert said.kind == "red_flag", "a plain sign outranks a doubtful one"


def test_what_takes_a_sign_back_must_be_said_plainly(rules: PainRules) -> None:
    assert answer(rules, "numb bum on long rides, it wears off") == ("rule", "saddle_pressure")
    numb = answer(rules, "numb bum since my ride and it doesn't wear off")
    assert numb == ("red_flag", "red_saddle_numbness")


def test_profile_prefers_its_own_topic(rules: PainRules) -> None:
    text = "front of my hip is tight"
    assert match_pain(text, rules).rule.id == "hip_flexor_sitting"  # type: ignore[union-attr]
    cyclist = match_pain(text, rules, roles=("cyclist",))
    assert cyclist.rule is not None and cyclist.rule.id == "cyclist_hips"
