"""Which /pain rule answers a message: warning signs first, then the best-scoring topic.

Pure and deterministic: the same text, area and safety answers always give the same Match.
A rule scores the (typo-weighted) words its matched phrases cover; phrases match in any word
order within a short window, and a negation just before a phrase ("no fever") cancels it.
"""

from dataclasses import dataclass
from typing import Final, Literal

from bot.content.normalize import BOUNDARY, FUZZY_WEIGHT, NEGATIONS, Analysis, Phrase
from bot.content.pain_model import CompiledRule, PainRule, PainRules
from bot.content.vocabulary import PainArea

NEGATION_REACH: Final = 3  # words a negation may sit before a phrase, within one clause
PHRASE_SLACK: Final = 2  # extra words allowed inside a phrase: "pain down my left leg"
MIN_SCORE: Final = FUZZY_WEIGHT  # one rule word, even with a typo, is enough
REQUIRES_WEIGHT: Final = 0.5  # context ("after running") counts less than the body part itself
AREA_BOOST: Final = 1.0  # the area button the user tapped
ANSWER_SCORE: Final = 1.0  # a "yes" to a safety question
ALTERNATIVE_SHARE: Final = 0.5  # alternatives must score at least half of the best
MAX_ALTERNATIVES: Final = 2
_URGENCY_RANK: Final = {"emergency": 0, "urgent": 1, "soon": 2, "routine": 3}


@dataclass(frozen=True)
class SafetyAnswers:
    """Answers to the yes/no safety buttons; None means not asked or not answered."""

    trauma: bool | None = None
    nerve: bool | None = None
    fever: bool | None = None


@dataclass(frozen=True)
class Match:
    """The answer to give: a red flag, a topic (with up to two alternatives), or no match."""

    kind: Literal["red_flag", "rule", "no_match"]
    rule: PainRule | None = None
    alternatives: tuple[PainRule, ...] = ()
    score: float = 0.0


NO_MATCH: Final = Match("no_match")


def match_pain(
    query: str,
    rules: PainRules,
    *,
    area: PainArea | None = None,
    answers: SafetyAnswers = SafetyAnswers(),
) -> Match:
    """The best answer for a /pain message; never raises, never guesses a topic."""
    scored = _scores(rules, rules.lexicon.analyse(query))
    red_flag = _red_flag(rules, scored, answers)
    if red_flag is not None:
        return red_flag
    return _best_topic(rules, [(s, c) for s, c in scored if not c.rule.red_flag], area)


def _scores(rules: PainRules, analysis: Analysis) -> list[tuple[float, CompiledRule]]:
    """Each rule with a trigger hit (and its context, if it needs one) and its score.

    A score is the weight of the distinct words the rule's matching phrases cover; context
    words count at REQUIRES_WEIGHT. Only phrases starting with a word of the query are tried.
    """
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(analysis.tokens):
        if token != BOUNDARY:
            positions.setdefault(token, []).append(i)
    index, compiled_rules = rules.index, rules.compiled
    triggered: dict[int, dict[str, float]] = {}
    context: dict[int, dict[str, float]] = {}
    for token in positions:
        for entry in index.get(token, ()):
            spot = _find(entry.words, analysis.tokens, positions)
            if spot is None:
                continue
            covered = (context if entry.context else triggered).setdefault(entry.order, {})
            share = REQUIRES_WEIGHT if entry.context else 1.0
            for i in spot:
                word = analysis.tokens[i]
                covered[word] = max(covered.get(word, 0.0), analysis.weights[i] * share)
    scored = []
    for order, covered in triggered.items():
        compiled = compiled_rules[order]
        if compiled.requires and order not in context:
            continue
        for word, weight in context.get(order, {}).items():
            covered[word] = max(covered.get(word, 0.0), weight)
        score = sum(covered.values())
        if score >= MIN_SCORE:
            scored.append((score, compiled))
    return scored


def _find(
    phrase: Phrase, tokens: tuple[str, ...], positions: dict[str, list[int]]
) -> tuple[int, ...] | None:
    """Positions of a phrase's words close together (any order), not negated; else None."""
    if any(part not in positions for part in phrase):
        return None
    reach = len(phrase) - 1 + PHRASE_SLACK
    for anchor in positions[phrase[0]]:
        spot = [anchor, *(_nearest(positions[part], anchor) for part in phrase[1:])]
        start = min(spot)
        close = max(spot) - start <= reach and len(set(spot)) == len(spot)
        if close and not _negated(tokens, start):
            return tuple(spot)
    return None


def _nearest(options: list[int], anchor: int) -> int:
    """The position among `options` closest to `anchor`."""
    return min(options, key=lambda p: abs(p - anchor))


def _negated(tokens: tuple[str, ...], start: int) -> bool:
    """Whether a negation sits just before `start`, in the same clause."""
    for i in range(start - 1, max(start - 1 - NEGATION_REACH, -1), -1):
        if tokens[i] == BOUNDARY:
            return False
        if tokens[i] in NEGATIONS:
            return True
    return False


def _red_flag(
    rules: PainRules, scored: list[tuple[float, CompiledRule]], answers: SafetyAnswers
) -> Match | None:
    """The most urgent warning sign from the text or a "yes" button, if there is one."""
    found = {c.rule.id: (s, c) for s, c in scored if c.rule.red_flag}
    yes = [q.red_flag_rule for q in rules.safety_questions if getattr(answers, q.id) is True]
    if yes:
        by_id = {c.rule.id: c for c in rules.compiled if c.rule.red_flag}
        for rule_id in yes:
            if rule_id in by_id:
                score = found[rule_id][0] if rule_id in found else 0.0
                found[rule_id] = (score + ANSWER_SCORE, by_id[rule_id])
    if not found:
        return None
    score, best = min(
        found.values(), key=lambda sc: (_URGENCY_RANK[sc[1].rule.urgency], -sc[0], sc[1].order)
    )
    return Match("red_flag", best.rule, (), score)


def _best_topic(
    rules: PainRules, scored: list[tuple[float, CompiledRule]], area: PainArea | None
) -> Match:
    """The top topic and close runners-up; the area's own topic when nothing matched."""
    if area is not None:
        scored = [(s + AREA_BOOST if area in c.rule.areas else s, c) for s, c in scored]
    if not scored:
        if area is None or (default := rules.default_for(area)) is None:
            return NO_MATCH
        others = tuple(r for r in rules.for_area(area) if r.id != default.id)
        return Match("rule", default, others[:MAX_ALTERNATIVES], 0.0)
    scored.sort(key=lambda sc: (-sc[0], sc[1].order))
    best_score, best = scored[0]
    floor = max(MIN_SCORE, best_score * ALTERNATIVE_SHARE)
    alternatives = tuple(c.rule for s, c in scored[1:] if s >= floor)
    return Match("rule", best.rule, alternatives[:MAX_ALTERNATIVES], best_score)
