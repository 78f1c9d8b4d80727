"""Normalisation, matching and emergency numbers: the behaviour /pain relies on."""

import pytest

from bot.content.emergency import emergency_number
from bot.content.matcher import Match, SafetyAnswers, match_pain
from bot.content.normalize import BOUNDARY, FUZZY_WEIGHT, MAX_QUERY_CHARS, SOFT, stem, words
from bot.content.pain_model import PainRules
from bot.content.pain_rules import load_pain_rules


@pytest.fixture(scope="module")
def rules() -> PainRules:
    return load_pain_rules()


def rule_id(match: Match) -> str | None:
    return match.rule.id if match.rule else None


# ---------------------------------------------------------------- normalisation


def test_words_fold_case_accents_emoji_and_clauses() -> None:
    assert words("LOWER-Back, Crème 😩!! can't") == [
        "lower", "back", SOFT, "creme", BOUNDARY, "cant"
    ]  # fmt: skip
    assert words("no fever, numbness or weakness") == [
        "no", "fever", SOFT, "numbness", SOFT, "weakness"
    ]  # fmt: skip
    assert words("no fever, my legs are numb")[2] == BOUNDARY
    assert words("no fever and my legs are numb")[2] == BOUNDARY
    assert words("my hip or my back")[2] == SOFT
    assert words("I'm 78, my 9 year old") == ["elderly", BOUNDARY, "my", "child"]
    assert words("no fever but numb") == ["no", "fever", BOUNDARY, "numb"]
    assert words("") == [] and words("🍕 ... !!") == []


def test_words_truncate_long_input() -> None:
    assert len(" ".join(words("knee " * 5000))) <= MAX_QUERY_CHARS


def test_stem_drops_plurals_but_keeps_legs() -> None:
    assert [stem(w) for w in ("hips", "knees", "injuries", "hurts", "legs", "numbness")] == [
        "hip", "knee", "injury", "hurt", "legs", "numbness"
    ]  # fmt: skip


def test_synonyms_become_canonical_words(rules: PainRules) -> None:
    analyse = rules.lexicon.analyse
    assert analyse("lumbago").tokens == ("low", "back", "pain")
    assert analyse("LOWERBACK aches").tokens == ("low", "back", "pain")
    assert analyse("back of my thigh").tokens == ("hamstring",)
    assert analyse("my IT band").tokens == ("itband",)
    assert analyse("fell asleep at my desk").tokens == ("sleep", "desk")


def test_typos_are_fixed_towards_rule_words_only(rules: PainRules) -> None:
    fixed = rules.lexicon.analyse("hip fexor")
    assert fixed.tokens == ("hip", "flexor")
    assert fixed.weights == (1.0, FUZZY_WEIGHT)
    assert rules.lexicon.analyse("have you ever").tokens == ("you", "ever")
    assert rules.lexicon.analyse("stomach ache after lunch").tokens == ("belly", "pain", "lunch")


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lumbago", "low_back_ache"),
        ("sciatica", "sciatica_radiating"),
        ("lower back", "low_back_ache"),
        ("lowerback", "low_back_ache"),
        ("hip fexor", "hip_flexor_sitting"),
        ("my hips hurt after running", "runner_hips"),
        ("RUNNING after hips my hurt", "runner_hips"),
        ("🏃‍♀️ my HIPS hurt after running!!!", "runner_hips"),
    ],
)
def test_how_people_write(rules: PainRules, query: str, expected: str) -> None:
    match = match_pain(query, rules)
    assert (match.kind, rule_id(match)) == ("rule", expected)


def test_several_matches_give_the_best_and_alternatives(rules: PainRules) -> None:
    match = match_pain("hip flexor pain when running", rules)
    assert rule_id(match) == "runner_hips"
    assert [r.id for r in match.alternatives] == ["hip_flexor_sitting", "hip_or_back"]
    assert match.rule not in match.alternatives
    assert all(not alternative.red_flag for alternative in match.alternatives)


def test_no_match_never_guesses(rules: PainRules) -> None:
    for query in ("", "   ", "pain", "my tooth hurts", "🍕", "<b>hi</b>", "asdf qwer zxcv"):
        assert match_pain(query, rules) == Match("no_match")


# ---------------------------------------------------------------- red flags


def test_red_flag_overrides_a_clear_topic(rules: PainRules) -> None:
    match = match_pain("tight hip flexors from sitting, and now my bladder is acting up", rules)
    assert (match.kind, rule_id(match)) == ("red_flag", "red_cauda_equina")
    assert match.alternatives == ()


@pytest.mark.parametrize(
    "query",
    [
        "back pain, no fever",
        "low back pain without fever",
        "I don't have a fever, my back hurts",
        "back hurts, never had cancer",
        "knee aches, I didn't fall",
        "no numbness or weakness, lower back pain",
    ],
)
def test_negated_warning_signs_do_not_alarm(rules: PainRules, query: str) -> None:
    assert match_pain(query, rules).kind == "rule"


def test_negation_stops_at_a_new_clause(rules: PainRules) -> None:
    match = match_pain("no fever but my groin is numb", rules)
    assert match.kind == "red_flag" and match.rule is not None
    assert match.rule.family == "cauda_equina"


def test_safety_answers_trigger_red_flags(rules: PainRules) -> None:
    def red(answers: SafetyAnswers, query: str = "") -> str | None:
        match = match_pain(query, rules, area="low_back", answers=answers)
        return rule_id(match) if match.kind == "red_flag" else None

    assert red(SafetyAnswers(trauma=True)) == "red_trauma"
    assert red(SafetyAnswers(nerve=True)) == "red_cauda_equina"
    assert red(SafetyAnswers(fever=True), "back pain") == "red_fever"
    assert red(SafetyAnswers(trauma=False, nerve=False, fever=False)) is None
    assert red(SafetyAnswers()) is None


def test_the_most_urgent_red_flag_wins(rules: PainRules) -> None:
    answers = SafetyAnswers(fever=True, nerve=True)
    assert rule_id(match_pain("", rules, answers=answers)) == "red_cauda_equina"
    match = match_pain("fever and my legs are numb", rules)
    assert rule_id(match) == "red_cauda_equina"


# ---------------------------------------------------------------- areas from the buttons


def test_area_alone_gives_its_default_and_other_topics(rules: PainRules) -> None:
    match = match_pain("", rules, area="knee")
    assert (match.kind, rule_id(match)) == ("rule", "knee_general")
    assert match.alternatives and all("knee" in r.areas for r in match.alternatives)
    assert match_pain("", rules, area="other") == Match("no_match")


def test_area_with_unknown_words_still_answers_for_the_area(rules: PainRules) -> None:
    assert rule_id(match_pain("it's weird", rules, area="calf_achilles")) == "calf_achilles"


def test_area_boost_can_change_the_winner(rules: PainRules) -> None:
    query = "my hips hurt after running"
    assert rule_id(match_pain(query, rules)) == "runner_hips"
    assert rule_id(match_pain(query, rules, area="groin")) == "hip_or_back"


def test_typed_words_beat_a_mismatched_area(rules: PainRules) -> None:
    assert rule_id(match_pain("my neck is stiff", rules, area="knee")) == "neck_shoulder_desk"


# ---------------------------------------------------------------- robustness


def test_long_input_is_read_to_the_limit(rules: PainRules) -> None:
    text = "my lower back hurts " + "blah " * 1000
    assert rule_id(match_pain(text, rules)) == "low_back_ache"
    late = "my lower back hurts. " + "blah " * 780 + "and I can't control my bladder"
    assert len(late) < MAX_QUERY_CHARS
    assert rule_id(match_pain(late, rules)) == "red_cauda_equina"


def test_matching_is_deterministic(rules: PainRules) -> None:
    query = "knee pain going up stairs"
    assert len({match_pain(query, rules) for _ in range(5)}) == 1


# ---------------------------------------------------------------- emergency numbers


@pytest.mark.parametrize(
    ("tz", "language", "number"),
    [
        ("Europe/Berlin", None, "112"),
        ("Europe/Paris", "en-US", "112"),
        ("Europe/London", None, "999"),
        ("Europe/Dublin", None, "999"),
        ("America/New_York", None, "911"),
        ("America/Toronto", None, "911"),
        ("America/Mexico_City", None, "911"),
        ("America/Sao_Paulo", None, "192"),
        ("America/Nuuk", None, "112"),
        ("Australia/Sydney", None, "000"),
        ("Pacific/Auckland", None, "111"),
        ("Asia/Kolkata", None, "112"),
        ("Asia/Tokyo", None, "119"),
        ("Mars/Olympus", None, "112"),
        (None, None, "112"),
        (None, "en-US", "911"),
        ("UTC", "en_GB", "999"),
        ("Etc/GMT+3", "ja", "119"),
        (None, "en", "112"),
    ],
)
def test_emergency_number(tz: str | None, language: str | None, number: str) -> None:
    assert emergency_number(tz, language) == number


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("lower back pain for 7 weeks, not getting better", "soon"),
        ("heel pain for 4 months despite stretching", "soon"),
        ("tailbone sore since I fell on my bum 2 months ago, it's improving", "self_care"),
        ("lower back aches after gardening", "self_care"),
    ],
)
def test_weeks_of_pain_lift_a_topic_to_soon(rules: PainRules, text: str, level: str) -> None:
    found = match_pain(text, rules)
    assert found.kind == "rule" and found.level == level


def test_a_lifted_topic_offers_no_moves(rules: PainRules) -> None:
    from bot.content.library import load_library
    from bot.content.pain_render import render_answer_html

    found = match_pain("heel pain for 4 months despite stretching", rules)
    assert found.rule is not None and found.rule.exercises
    html = render_answer_html(
        found.rule,
        load_library().exercise,
        has_alternatives=False,
        headline=rules.level_text("soon").headline,
        moves=False,
    )
    assert "Moves that usually help" not in html
    assert rules.level_text("soon").headline in html


@pytest.mark.parametrize(
    "text",
    [
        "70, headache at my temple and my jaw aches when I chew",
        "fell off a ladder maybe 2 metres onto my back",
        "took a ball to the head, now I'm drowsy",
    ],
)
def test_round_two_classes_reach_an_emergency(rules: PainRules, text: str) -> None:
    found = match_pain(text, rules)
    assert found.kind == "red_flag" and found.level == "emergency"


def test_a_warning_sign_found_only_through_a_typo_fix_is_asked_about(rules: PainRules) -> None:
    found = match_pain("mother in law is staying with us, my lower back is sore", rules)
    assert found.kind != "red_flag"


def test_a_doubted_urgent_sign_is_asked_first_and_the_sure_one_kept(rules: PainRules) -> None:
    found = match_pain("possibly some blood when I coughed? calf sore since the op", rules)
    assert found.kind == "ask" and found.rule is not None and found.rule.level == "emergency"
    assert found.then is not None and found.then.red_flag


def test_a_sign_denied_after_its_question_is_negated(rules: PainRules) -> None:
    found = match_pain("chest pain while running? nope. front of both knees ache after runs", rules)
    assert found.kind == "rule"
    assert match_pain("sore neck, hands clumsy since monday, it was fine before", rules).kind == (
        "red_flag"
    )
