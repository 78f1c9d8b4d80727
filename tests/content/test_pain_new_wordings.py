"""A small held-out check of our own: wordings written apart from the rules, their examples and
the corpus, phrased the loose way people type. Warning signs must reach their level (or ask
their question, when the text is in doubt); calm ones must stay at self-care or below."""

from typing import Final

import pytest

from bot.content.matcher import match_pain
from bot.content.pain_model import PainRules
from bot.content.pain_rules import load_pain_rules

_RANK: Final = {"none": 0, "info": 1, "self_care": 2, "soon": 3, "same_day": 4, "emergency": 5}

# (text, the family it must reach, the least level it must reach)
WARNINGS: Final[list[tuple[str, str, str]]] = [
    ("sore lower back and my bits have gone numb, kinda freaking out", "cauda_equina", "emergency"),
    (
        "been trying to wee for ten minutes and nothing happens, back is wrecked",
        "cauda_equina",
        "emergency",
    ),
    (
        "back pain since tues, now the inside of both thighs and my bum feel dead",
        "cauda_equina",
        "emergency",
    ),
    (
        "my slipped disc is bad and today I had an accident in my pants without realising",
        "cauda_equina",
        "emergency",
    ),
    (
        "both legs shooting pain from my back, cant feel the loo roll properly",
        "cauda_equina",
        "emergency",
    ),
    (
        "sciatica and my left foot keeps catching on the kerb, getting weaker each day",
        "progressive_weakness",
        "emergency",
    ),
    (
        "my right leg just goes from under me on the stairs, worse this week than last",
        "progressive_weakness",
        "emergency",
    ),
    ("got knocked off my bike by a taxi earlier, lower back throbbing", "fracture", "emergency"),
    ("77 y.o. here, bent to feed the cat and felt my spine go", "fracture", "emergency"),
    ("fell off the trampoline and whacked my head, been sick since", "head_injury", "emergency"),
    (
        "had chemo for lymphoma two years back and now my spine aches constantly",
        "malignancy",
        "same_day",
    ),
    (
        "back ache for three months, getting worse and nothing is shifting it",
        "malignancy",
        "same_day",
    ),
    ("im 67 and never had back issues till this month", "malignancy", "same_day"),
    ("lower back sore and I've got a temp of 38.9", "infection", "same_day"),
    ("back pain a week after my epidural for the birth, feel awful", "infection", "emergency"),
    (
        "stiff back for a good couple of hours every morning and I'm only 24, moving helps",
        "inflammatory",
        "same_day",
    ),
    (
        "low back wakes me around 4am, stiff, loosens up after a hot shower",
        "inflammatory",
        "same_day",
    ),
    (
        "neck ache, room spinning and my speech went weird for a bit",
        "cervical_arterial",
        "emergency",
    ),
    (
        "my neck has been sore for weeks and now I keep dropping my keys and tripping",
        "cervical_cord",
        "emergency",
    ),
    ("pressure across my chest going into my jaw when I cycle up hills", "cardiac", "emergency"),
    ("calf swollen and warm since the 10 hour coach trip", "dvt", "same_day"),
    ("one leg puffy from ankle up and I'm gasping for air", "dvt", "emergency"),
    (
        "sharp tearing pain between the shoulder blades that came out of nowhere",
        "vascular",
        "emergency",
    ),
    ("twisted my ankle on the trail and I can't put my foot down at all", "ottawa", "same_day"),
    (
        "felt a twang at the back of my heel playing squash and now I can't go up on my toes",
        "tendon_rupture",
        "same_day",
    ),
    (
        "my knee is stuck bent after I squatted down and won't straighten out",
        "locked_knee",
        "same_day",
    ),
    ("my lad is 8 and has been walking funny all week, no fall", "paediatric", "same_day"),
    ("my granddaughter has a temp and won't stand on her leg", "paediatric", "emergency"),
    (
        "little point on my shin that's agony to touch and it hurts earlier every run",
        "bone_stress",
        "same_day",
    ),
    (
        "calf went rock solid after the match and the pain is way out of proportion",
        "compartment",
        "emergency",
    ),
    (
        "after the spin marathon my wee looks like cola and my thighs are agony",
        "rhabdo",
        "emergency",
    ),
]

CALM: Final[list[str]] = [
    "lower back tight after a day of gardening, otherwise fine",
    "my brother had a blood clot after a flight, my calves are just tight from running",
    "no numbness, no bladder trouble, just an achy back from the sofa",
    "what should I watch out for if my sciatica ever gets worse?",
    "desk all day and my neck and shoulders are stiff by 5pm",
    "knee a bit sore after a long hike downhill",
    "hamstrings tight after sprints, no pop or bruising",
    "stiff for a few minutes when I get up, then it's fine",
    "legs heavy and sore the day after my half marathon, pee is normal",
]


@pytest.fixture(scope="module")
def rules() -> PainRules:
    """The packaged rule file, loaded once for the module."""
    return load_pain_rules()


@pytest.mark.parametrize(("text", "family", "level"), WARNINGS)
def test_new_wordings_reach_their_warning_sign(
    rules: PainRules, text: str, family: str, level: str
) -> None:
    match = match_pain(text, rules)
    assert match.kind == "red_flag", (text, match.kind, match.rule and match.rule.id)
    assert match.rule is not None and match.rule.family == family, match.rule
    assert _RANK[match.level] >= _RANK[level]


@pytest.mark.parametrize("text", CALM)
def test_calm_new_wordings_stay_calm(rules: PainRules, text: str) -> None:
    match = match_pain(text, rules)
    assert _RANK[match.level] <= _RANK["self_care"], (text, match.rule and match.rule.id)


def test_there_are_forty_wordings() -> None:
    assert len(WARNINGS) + len(CALM) == 40
