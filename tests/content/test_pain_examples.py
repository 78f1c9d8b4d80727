"""Labelled /pain queries, written apart from the YAML examples, scored as the issue asks:
red-flag recall 100%, correct rule ≥ 90%, and every no-match case answered honestly."""

import pytest

from bot.content.matcher import Match, match_pain
from bot.content.pain_model import PainRules
from bot.content.pain_render import render_no_match_html
from bot.content.pain_rules import load_pain_rules

NO_MATCH = "no match"

# (query, expected): a rule id, a red-flag rule id (they start with "red_"), or NO_MATCH.
LABELLED: list[tuple[str, str]] = [
    # warning signs
    ("I crashed my bike and now my lower back is killing me", "red_trauma"),
    ("fell down the stairs last night, hip is really sore", "red_trauma"),
    ("Came off my motorbike, neck hurts", "red_trauma"),
    ("tripped and fell on my knee, it's swollen", "red_trauma"),
    ("car accident last week and my back still aches", "red_trauma"),
    ("wiped out on my bike, hip pain", "red_trauma"),
    ("struggling to walk after a fall", "red_trauma"),
    ("I can't feel my groin and my back hurts", "red_cauda_equina"),
    ("pins and needles around my bum and inner thighs", "red_cauda_equina"),
    ("trouble peeing since the back pain started", "red_cauda_equina"),
    ("lost control of my bowels", "red_cauda_equina"),
    ("both my legs are numb", "red_cauda_equina"),
    ("weakness in both legs and lower back pain", "red_cauda_equina"),
    ("NO FEVER but my legs feel numb", "red_cauda_equina"),
    ("I have no bladder problems but both legs are weak", "red_cauda_equina"),
    ("numbness in the saddle area", "red_cauda_equina"),
    ("my foot is getting weaker and slaps the ground", "red_progressive_weakness"),
    ("back pain with a high temperature", "red_fever"),
    ("Fever and sore knee 🤒", "red_fever"),
    ("history of prostate cancer, new back pain", "red_cancer_weight_loss"),
    ("back pain, on chemo", "red_cancer_weight_loss"),
    ("lost a lot of weight for no reason and my back hurts", "red_cancer_weight_loss"),
    ("back pain so bad at night I can't sleep", "red_night_pain"),
    ("hip pain wakes me up every night", "red_night_pain"),
    ("crushing pain in my chest", "red_chest_pain"),
    ("pain and tightness in my chest when I run", "red_chest_pain"),
    ("can't walk on my ankle after rolling it", "red_cannot_bear_weight"),
    ("felt something snap in my achilles", "red_pop_injury"),
    ("heard a pop in my knee and it swelled up", "red_pop_injury"),
    # low back and nerves
    ("my lower back is stiff in the morning", "low_back_ache"),
    ("back ache from sitting at my desk", "low_back_ache"),
    ("Lumbago again 😫", "low_back_ache"),
    ("my back is killing me", "low_back_ache"),
    ("lowerback pain when bending", "low_back_ache"),
    ("back pain, no fever, no numbness", "low_back_ache"),
    ("never had cancer, lower back is stiff", "low_back_ache"),
    ("sciatic pain in my left buttock and leg", "sciatica_radiating"),
    ("pain shoots down my leg from my back", "sciatica_radiating"),
    ("slipped disc in my lower back", "sciatica_radiating"),
    ("sciatca", "sciatica_radiating"),
    ("my back spasms when I bend over", "back_spasm_myth"),
    ("knots in my shoulders", "back_spasm_myth"),
    # hips
    ("hip flexors feel tight after a day in the office", "hip_flexor_sitting"),
    ("front of hip tight", "hip_flexor_sitting"),
    ("Tight hips from sitting", "hip_flexor_sitting"),
    ("psoas is tight", "hip_flexor_sitting"),
    ("HIP FLEXOR 😩😩", "hip_flexor_sitting"),
    ("my hip flexers are tight", "hip_flexor_sitting"),
    ("tweaked my hip flexor playing soccer", "hip_flexor_strain"),
    ("groin strain from football", "hip_flexor_strain"),
    ("hip flexor stretch makes my back hurt", "hip_flexor_no_arch"),
    ("how to stretch psoas without arching", "hip_flexor_no_arch"),
    ("my osteoarthritis knee", "osteoarthritis_movement"),
    ("had a hip replacement, can I stretch", "osteoarthritis_movement"),
    ("creaky knees", "osteoarthritis_movement"),
    ("groin pain when I put my socks on", "hip_or_back"),
    ("not sure if it's my hip or lower back", "hip_or_back"),
    ("hip pain but not from a fall", "hip_or_back"),
    ("hips sore after my run", "runner_hips"),
    ("my hips ache after jogging", "runner_hips"),
    ("tight hips on long rides", "cyclist_hips"),
    ("cyclist with tight hip flexors", "cyclist_hips"),
    ("pain on the side of my hip when lying on it", "hip_side_buttock"),
    ("my glutes are tight", "hip_side_buttock"),
    ("pain in my buttock when sitting", "hip_side_buttock"),
    ("increasing my weekly miles and my legs feel tight", "mileage_flexibility"),
    ("marathon training making me stiff", "mileage_flexibility"),
    # knees
    ("knee pain going up stairs", "knee_front_runner"),
    ("ache under my kneecap", "knee_front_runner"),
    ("runners knee", "knee_front_runner"),
    ("hurts at the front of my knee when I squat", "knee_front_runner"),
    ("sore knees", "knee_general"),
    ("back of my knee hurts", "knee_general"),
    ("I didn't fall, my knee just aches", "knee_general"),
    ("outer knee pain after 5 miles", "knee_it_band"),
    ("ITB tight", "knee_it_band"),
    # neck, shoulders, upper back, arms
    ("stiff neck", "neck_shoulder_desk"),
    ("neck and shoulder tension from my computer", "neck_shoulder_desk"),
    ("my traps are so tight", "neck_shoulder_desk"),
    ("between my shoulder blades aches", "upper_back_desk"),
    ("I slouch all day and my upper back hurts", "upper_back_desk"),
    ("wrist pain from typing all day", "wrist_forearm_desk"),
    ("forearm tight from the mouse", "wrist_forearm_desk"),
    # legs
    ("tight calves", "calf_achilles"),
    ("achilles pain when running", "calf_achilles"),
    ("calf cramps during runs", "calf_achilles"),
    ("shin splints again", "calf_achilles"),
    ("hamstrings always tight", "hamstring_tight"),
    ("my hammies are sore after cycling", "hamstring_tight"),
    ("hamstirng tight", "hamstring_tight"),
    ("stiff after sitting all day at work", "desk_stiffness"),
    # nothing we know: say so
    ("my tooth hurts", NO_MATCH),
    ("headache", NO_MATCH),
    ("what's the weather tomorrow", NO_MATCH),
    ("I feel sad today", NO_MATCH),
    ("🍕🍕🍕", NO_MATCH),
    ("<script>alert(1)</script>", NO_MATCH),
    ("stomach ache after lunch", NO_MATCH),
    ("earache", NO_MATCH),
    ("my eye is itchy", NO_MATCH),
    ("sore throat", NO_MATCH),
    ("Привет, болит спина", NO_MATCH),
    ("can you recommend a good running shoe", NO_MATCH),
    ("my cat scratched my hand", NO_MATCH),
    ("asdfghjkl", NO_MATCH),
    ("pain", NO_MATCH),
    ("it hurts", NO_MATCH),
]


@pytest.fixture(scope="module")
def rules() -> PainRules:
    return load_pain_rules()


def _label(match: Match) -> str:
    return match.rule.id if match.rule is not None else NO_MATCH


def test_there_are_enough_labelled_examples() -> None:
    assert len(LABELLED) >= 80
    assert len({query for query, _ in LABELLED}) == len(LABELLED)


def test_labels_name_real_rules(rules: PainRules) -> None:
    unknown = [label for _, label in LABELLED if label != NO_MATCH and rules.by_id(label) is None]
    assert unknown == []


@pytest.mark.parametrize(
    "query", [q for q, label in LABELLED if label.startswith("red_")], ids=lambda q: q[:40]
)
def test_every_red_flag_is_caught(rules: PainRules, query: str) -> None:
    match = match_pain(query, rules)
    assert match.kind == "red_flag"
    assert match.alternatives == ()
    assert match.rule is not None and not match.rule.exercises


def test_red_flag_family_is_the_labelled_one(rules: PainRules) -> None:
    def family(rule_id: str) -> str | None:
        rule = rules.by_id(rule_id)
        return rule.family if rule else None

    red = [(q, label) for q, label in LABELLED if label.startswith("red_")]
    wrong = [(q, label, _label(match_pain(q, rules))) for q, label in red]
    assert [w for w in wrong if family(w[1]) != family(w[2])] == []


@pytest.mark.parametrize(
    "query", [q for q, label in LABELLED if label == NO_MATCH], ids=lambda q: q[:40]
)
def test_no_match_is_answered_honestly(rules: PainRules, query: str) -> None:
    match = match_pain(query, rules)
    assert match.kind == "no_match"
    assert match.rule is None and match.alternatives == ()
    html = render_no_match_html(query)
    assert "rather not guess" in html
    assert "physiotherapist" in html


def test_correct_rule_for_at_least_90_percent(rules: PainRules) -> None:
    results = [(q, label, _label(match_pain(q, rules))) for q, label in LABELLED]
    wrong = [r for r in results if r[1] != r[2]]
    accuracy = 1 - len(wrong) / len(results)
    assert accuracy >= 0.9, f"accuracy {accuracy:.1%}; wrong: {wrong}"


def test_topics_never_raise_false_alarms_on_labelled_topics(rules: PainRules) -> None:
    topics = [q for q, label in LABELLED if label != NO_MATCH and not label.startswith("red_")]
    alarms = [q for q in topics if match_pain(q, rules).kind == "red_flag"]
    assert alarms == []
