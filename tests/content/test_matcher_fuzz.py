"""Hypothesis: whatever people type, the matcher answers, and the answer fits in one message."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.library import load_library
from bot.content.matcher import MAX_ALTERNATIVES, Match, SafetyAnswers, match_pain
from bot.content.normalize import FILLERS
from bot.content.pain_render import (
    MAX_MESSAGE_CHARS,
    render_answer_html,
    render_ask_html,
    render_info_html,
    render_no_match_html,
    render_red_flag_html,
)
from bot.content.pain_rules import load_pain_rules
from bot.content.vocabulary import PAIN_AREAS

RULES = load_pain_rules()
# Catches runaway (quadratic) inputs, not a busy machine: a 4,096-character message costs a few
# milliseconds of CPU, and a shared 2-core machine can stretch that tenfold.
SLOW_CALL_SECONDS = 0.25


lookup = load_library().exercise


areas = st.none() | st.sampled_from(PAIN_AREAS)
answers = st.builds(
    SafetyAnswers,
    trauma=st.none() | st.booleans(),
    nerve=st.none() | st.booleans(),
    fever=st.none() | st.booleans(),
)
rule_words = st.sampled_from(
    sorted(RULES.lexicon.vocabulary | FILLERS | {"no", "not", "but", ",", "😩", "<b>", "&"})
)
wordy = st.lists(rule_words, max_size=40).map(" ".join)
anything = st.text(max_size=6000) | wordy | st.text(alphabet="<>&\"' \n\t", max_size=50)


def fastest_of_three(query: str) -> float:
    """The best of three timings, so a busy machine's pauses don't count as slowness."""
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        match_pain(query, RULES)
        timings.append(time.perf_counter() - start)
    return min(timings)


def render(match: Match, query: str) -> str:
    if match.kind == "no_match":
        return render_no_match_html(query)
    assert match.rule is not None
    text = RULES.level_text(match.rule.level)
    if match.kind == "red_flag":
        return render_red_flag_html(match.rule, text.headline, "112")
    if match.kind == "info":
        return render_info_html(match.rule, text.if_it_happens, "112")
    if match.kind == "ask":
        assert match.rule.ask is not None
        return render_ask_html(match.rule.ask)
    return render_answer_html(
        match.rule, lookup, has_alternatives=bool(match.alternatives), headline=text.headline
    )


def check_shape(match: Match) -> None:
    if match.kind == "no_match":
        assert match.rule is None and match.alternatives == ()
        return
    assert match.rule is not None
    assert match.rule.red_flag == (match.kind in ("red_flag", "ask", "info"))
    assert len(match.alternatives) <= MAX_ALTERNATIVES
    assert match.rule not in match.alternatives
    assert not any(alternative.red_flag for alternative in match.alternatives)
    if match.kind == "red_flag":
        assert match.alternatives == () and match.rule.exercises == ()


@settings(max_examples=400, deadline=None)
@given(query=anything, area=areas, safety=answers)
def test_any_input_gets_a_well_formed_answer_in_time(
    query: str, area: str | None, safety: SafetyAnswers
) -> None:
    match = match_pain(query, RULES, area=area, answers=safety)  # type: ignore[arg-type]
    assert fastest_of_three(query) < SLOW_CALL_SECONDS
    check_shape(match)
    assert len(render(match, query)) <= MAX_MESSAGE_CHARS


@settings(max_examples=200, deadline=None)
@given(query=wordy, area=areas)
def test_a_yes_to_the_nerve_question_always_means_urgent_care(query: str, area: str | None) -> None:
    match = match_pain(query, RULES, area=area, answers=SafetyAnswers(nerve=True))  # type: ignore[arg-type]
    assert match.kind == "red_flag"


@settings(max_examples=200, deadline=None)
@given(query=wordy)
def test_case_and_emoji_do_not_change_the_answer(query: str) -> None:
    match = match_pain(query, RULES)
    assert match_pain(query.upper(), RULES) == match
    assert match_pain(f"🙂 {query} 🤕", RULES) == match


@settings(max_examples=200, deadline=None)
@given(query=wordy)
def test_text_after_the_cut_off_is_ignored(query: str) -> None:
    padded = query + " " + "x" * 6000 + " bladder"
    check_shape(match_pain(padded, RULES))
