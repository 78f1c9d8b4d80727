"""Which /pain rule answers a message: warning signs first, then the best-scoring topic.

Pure and deterministic: the same text, area, roles and safety answers always give the same Match.
A rule scores the (typo-weighted) words its matched phrases cover; phrases match in any word
order within a short window and never across a clause break. Each phrase found is then read in
its context (`bot.content.context`): negated, about someone else, hypothetical or uncertain.
"""

from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal

from bot.content.context import Cues, Reading, read_context
from bot.content.normalize import BOUNDARY, FUZZY_WEIGHT, MARKS, SOFT, Analysis, Phrase
from bot.content.pain_model import LEVELS, CompiledRule, Level, PainRule, PainRules
from bot.content.pain_net import Features
from bot.content.pain_topics import RULE_TOPIC, TOPIC_RULES
from bot.content.vocabulary import PainArea

MIN_SCORE: Final = FUZZY_WEIGHT  # one rule word, even with a typo, is enough
REQUIRES_WEIGHT: Final = 0.5  # context ("after running") counts less than the body part itself
AREA_BOOST: Final = 1.0  # the area button the user tapped
ROLE_BOOST: Final = 0.25  # a topic written for the user's profile wins a tie, not a better match
ANSWER_SCORE: Final = 1.0  # a "yes" to a safety question
ALTERNATIVE_SHARE: Final = 0.5  # alternatives must score at least half of the best
MAX_ALTERNATIVES: Final = 2
_LEVEL_RANK: Final = {level: rank for rank, level in enumerate(LEVELS)}

MatchKind = Literal["red_flag", "ask", "info", "rule", "no_match"]


@dataclass(frozen=True)
class SafetyAnswers:
    """Answers to the yes/no safety buttons; None means not asked or not answered."""

    trauma: bool | None = None
    nerve: bool | None = None
    fever: bool | None = None


@dataclass(frozen=True)
class Match:
    """The answer to give.

    red_flag: a warning sign (rule); ask: a warning sign mentioned with doubt, to be confirmed
    with one yes/no question (rule), `then` being the topic for a "no"; info: a warning sign
    asked about hypothetically (rule), answered with when to seek care; rule: a topic with up
    to two alternatives; no_match: nothing we know.
    """

    kind: MatchKind
    rule: PainRule | None = None
    alternatives: tuple[PainRule, ...] = ()
    score: float = 0.0
    then: PainRule | None = None
    soon: bool = False  # a self-care topic that has gone on for weeks: book a GP or physio

    @property
    def level(self) -> Level | Literal["info", "none"]:
        """The triage level this answer gives (an unconfirmed question counts as info)."""
        if self.rule is None or self.kind == "no_match":
            return "none"
        if self.kind in ("ask", "info"):
            return "info"
        if self.soon and self.rule.level == "self_care":
            return "soon"
        return self.rule.level


NO_MATCH: Final = Match("no_match")


@dataclass(frozen=True)
class _Hit:
    """A rule's phrases found in the text, and how sure the text is about them."""

    covered: dict[str, float]
    reading: Reading


def match_pain(
    query: str,
    rules: PainRules,
    *,
    area: PainArea | None = None,
    answers: SafetyAnswers = SafetyAnswers(),
    roles: Collection[str] = (),
) -> Match:
    """The best answer for a /pain message; never raises, never guesses a topic.

    `roles`: the user's profile, so a topic written for it wins a close call.
    """
    analysis = rules.lexicon.analyse(query)
    cues = read_context(analysis.tokens, rules.cues)
    user_roles = frozenset(roles)
    positions = _positions(analysis.tokens)
    hits = _hits(rules, analysis, positions, cues, user_roles)
    topic = _best_topic(rules, hits, area, user_roles)
    warning = _warning(rules, hits, answers)
    if warning is None:
        slots = Features(query, analysis.words)
        raised = _net_warning(rules, query, analysis.words, slots)
        if raised is not None:
            return raised
        if topic.kind == "rule" and _lasting(rules, analysis.tokens, positions, cues):
            return replace(topic, soon=True)
        return _second_opinion(rules, topic, slots, user_roles, area)
    score, rule, reading, surer = warning
    if reading == "affirmed":
        return Match("red_flag", rule, (), score)
    if reading == "uncertain":
        return Match("ask", rule, (), score, then=surer or topic.rule)
    return Match("info", rule, (), score)


_SOON_SLACK: Final = 2


def _net_warning(
    rules: PainRules, query: str, typed: tuple[str, ...], slots: Features
) -> Match | None:
    """The safety net's answer when it reads a warning sign the rules did not name."""
    if rules.net is None:
        return None
    level = rules.net.level(query, typed, slots)
    return None if level is None else Match("red_flag", rules.net_answers[level])


def _second_opinion(
    rules: PainRules,
    topic: Match,
    slots: Features,
    roles: frozenset[str],
    area: PainArea | None,
) -> Match:
    """The rules' topic answer, re-picked by the topic model when it is sure of another."""
    model = rules.topic_model
    if model is None or topic.kind != "rule" or topic.score <= 0 or topic.soon:
        return topic
    guess = model.guess("", slots=slots())
    return repick(topic, rules, guess, model.bar, roles=roles, area=area)


def repick(
    match: Match,
    rules: PainRules,
    guess: tuple[str, float],
    bar: float,
    *,
    roles: Collection[str] = (),
    area: PainArea | None = None,
) -> Match:
    """`match` with its self-care topic swapped for the guessed one (topic, chance), when the
    guess reaches `bar`; the rules' own pick becomes the first other topic offered.

    Nothing else is touched: no answer without a topic the rules' words found (an area's
    default counts as none), no warning, question or "soon" answer, and no rule outside the
    topic map; the new rule is a self-care one of the guessed topic (`rule_for`)
    and, when the user tapped an area, one written for that area.
    """
    rule = match.rule
    if match.kind != "rule" or rule is None or match.soon or match.score <= 0:
        return match
    topic, chance = guess
    current = RULE_TOPIC.get(rule.id)
    if current is None or rule.level != "self_care" or topic == current or chance < bar:
        return match
    chosen = rule_for(topic, rules, roles, match.alternatives)
    if chosen is None or (area is not None and area not in chosen.areas):
        return match
    others = (rule, *(other for other in match.alternatives if other.id != chosen.id))
    return replace(match, rule=chosen, alternatives=others[:MAX_ALTERNATIVES])


def _positions(tokens: tuple[str, ...]) -> dict[str, list[int]]:
    """Where each word sits in the message, in ascending order; of the breaks, only clause
    ends (BOUNDARY), so a phrase's words are looked for in one clause first."""
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        if token not in MARKS or token == BOUNDARY:
            positions.setdefault(token, []).append(i)
    return positions


def _lasting(
    rules: PainRules, tokens: tuple[str, ...], positions: dict[str, list[int]], cues: Cues
) -> bool:
    """Whether the text plainly says the pain has gone on for weeks without getting better
    (a soon sign, and none of the phrases that take it back)."""
    signs, unless = rules.soon

    def plainly(phrase: Phrase) -> bool:
        found = _place(phrase, tokens, positions, cues, _SOON_SLACK, others=False, warning=True)
        return found is not None and found[1] == "affirmed"

    return any(plainly(p) for p in signs) and not any(plainly(p) for p in unless)


def _hits(
    rules: PainRules,
    analysis: Analysis,
    positions: dict[str, list[int]],
    cues: Cues,
    roles: frozenset[str],
) -> dict[int, _Hit]:
    """Each rule with a trigger hit (and its context, if it needs one; a topic written for the
    user's profile needs none: a cyclist's "tight hips" are cycling hips).

    A topic's words count when they are not negated; a warning sign keeps the surest reading
    of any of its phrases (affirmed, then uncertain, then hypothetical).
    """
    tokens = analysis.tokens
    compiled_rules = rules.compiled
    triggered: dict[int, dict[str, float]] = {}
    readings: dict[int, Reading] = {}
    context: dict[int, dict[str, float]] = {}
    for token in positions:
        for entry in rules.index.get(token, ()):
            compiled = compiled_rules[entry.order]
            found = _find(entry.words, tokens, positions, cues, compiled)
            if found is None:
                continue
            spot, reading = found
            if compiled.rule.red_flag and reading == "affirmed" and _by_typo(analysis, spot):
                reading = "uncertain"  # "staying" read as "swaying": confirm, don't alarm
            if not entry.context:
                best = readings.get(entry.order)
                if best is None or _SURENESS[reading] < _SURENESS[best]:
                    readings[entry.order] = reading
            covered = (context if entry.context else triggered).setdefault(entry.order, {})
            share = REQUIRES_WEIGHT if entry.context else 1.0
            for i in spot:
                word = tokens[i]
                covered[word] = max(covered.get(word, 0.0), analysis.weights[i] * share)
    hits: dict[int, _Hit] = {}
    for order, covered in triggered.items():
        compiled = compiled_rules[order]
        needs_context = compiled.requires and not roles.intersection(compiled.rule.roles)
        if needs_context and order not in context:
            continue
        if any(_said(phrase, tokens, positions, cues, compiled) for phrase in compiled.unless):
            continue
        merged = dict(covered)
        for word, weight in context.get(order, {}).items():
            merged[word] = max(merged.get(word, 0.0), weight)
        hits[order] = _Hit(merged, readings[order])
    return hits


def _by_typo(analysis: Analysis, spot: tuple[int, ...]) -> bool:
    """Whether a phrase was found only thanks to a typo fix in one of its words."""
    return any(analysis.weights[i] < 1.0 for i in spot)


_SURENESS: Final[dict[Reading, int]] = {"affirmed": 0, "uncertain": 1, "hypothetical": 2}


def _find(
    phrase: Phrase,
    tokens: tuple[str, ...],
    positions: dict[str, list[int]],
    cues: Cues,
    compiled: CompiledRule,
) -> tuple[tuple[int, ...], Reading] | None:
    """The surest place a phrase's words sit close together (any order, one clause) and are
    not negated or about someone else; with how the text frames it. None if nowhere."""
    rule = compiled.rule
    return _place(
        phrase, tokens, positions, cues, rule.slack, others=rule.about_others, warning=rule.red_flag
    )


def _place(
    phrase: Phrase,
    tokens: tuple[str, ...],
    positions: dict[str, list[int]],
    cues: Cues,
    slack: int,
    *,
    others: bool,
    warning: bool,
) -> tuple[tuple[int, ...], Reading] | None:
    """`_find` for a phrase with its own slack and reading rules."""
    if any(part not in positions for part in phrase):
        return None
    reach = len(phrase) - 1 + slack
    bounds = positions.get(BOUNDARY, [])
    best: tuple[tuple[int, ...], Reading] | None = None
    for anchor in positions[phrase[0]]:
        spot = (anchor, *(_nearest(positions[part], anchor, bounds) for part in phrase[1:]))
        start, end = min(spot), max(spot)
        if len(set(spot)) != len(spot):
            continue
        between = tokens[start:end]
        if BOUNDARY in between or end - start - between.count(SOFT) > reach:
            continue  # a list break is not a word: "6 weeks, worse, nothing helps" stays close
        reading = cues.reading(start, end, others_count=others, warning=warning)
        if reading is None:
            continue
        if best is None or _SURENESS[reading] < _SURENESS[best[1]]:
            best = (spot, reading)
            if reading == "affirmed":
                break
    return best


def _said(
    phrase: Phrase,
    tokens: tuple[str, ...],
    positions: dict[str, list[int]],
    cues: Cues,
    compiled: CompiledRule,
) -> bool:
    """Whether the text plainly says this phrase (not negated, not in doubt)."""
    found = _find(phrase, tokens, positions, cues, compiled)
    return found is not None and found[1] == "affirmed"


def _nearest(options: list[int], anchor: int, bounds: list[int] | None = None) -> int:
    """The position among `options` (ascending) closest to `anchor`, preferring one in the
    anchor's own clause (`bounds`: the clause breaks, ascending): "ankles puffy. calf swollen"
    pairs the calf with its own clause's swelling, not the one before."""
    if bounds:
        at = bisect_left(bounds, anchor)
        low = bounds[at - 1] if at else -1
        high = bounds[at] if at < len(bounds) else anchor + len(options) + options[-1] + 1
        inside = options[bisect_left(options, low) : bisect_left(options, high)]
        if inside:
            options = inside
    at = bisect_left(options, anchor)
    if at == 0:
        return options[0]
    if at == len(options):
        return options[-1]
    before, after = options[at - 1], options[at]
    return before if anchor - before <= after - anchor else after


def _warning(
    rules: PainRules, hits: dict[int, _Hit], answers: SafetyAnswers
) -> tuple[float, PainRule, Reading, PainRule | None] | None:
    """The warning sign to answer with: the surest reading, then the most urgent level, then
    the best score; a "yes" to a safety question is an affirmed sign.

    A more urgent sign said with doubt ("possibly some blood when I coughed") is asked about
    first, the affirmed one kept for a "no" (the last item)."""
    found: dict[int, tuple[float, Reading]] = {}
    for order, hit in hits.items():
        rule = rules.compiled[order].rule
        if rule.red_flag:
            found[order] = (sum(hit.covered.values()), hit.reading)
    yes = {q.red_flag_rule for q in rules.safety_questions if getattr(answers, q.id) is True}
    for compiled in rules.compiled:
        if compiled.rule.id in yes:
            score = found.get(compiled.order, (0.0, "affirmed"))[0]
            found[compiled.order] = (score + ANSWER_SCORE, "affirmed")
    if not found:
        return None

    def rank(order: int) -> tuple[int, int, float, int]:
        score, reading = found[order]
        level = rules.compiled[order].rule.level
        return (_SURENESS[reading], _LEVEL_RANK[level], -score, order)

    order = min(found, key=rank)
    score, reading = found[order]
    chosen = rules.compiled[order].rule
    doubted = [o for o in found if found[o][1] == "uncertain"]
    if reading == "affirmed" and doubted:
        worst = min(doubted, key=rank)
        if _LEVEL_RANK[rules.compiled[worst].rule.level] < _LEVEL_RANK[chosen.level]:
            return found[worst][0], rules.compiled[worst].rule, "uncertain", chosen
    return score, chosen, reading, None


def _best_topic(
    rules: PainRules, hits: dict[int, _Hit], area: PainArea | None, roles: frozenset[str]
) -> Match:
    """The top topic and close runners-up; the area's own topic when nothing matched."""
    scored: list[tuple[float, CompiledRule]] = []
    for order, hit in hits.items():
        compiled = rules.compiled[order]
        if compiled.rule.red_flag:
            continue
        score = sum(hit.covered.values())
        if score < MIN_SCORE:
            continue
        if area is not None and area in compiled.rule.areas:
            score += AREA_BOOST
        if roles.intersection(compiled.rule.roles):
            score += ROLE_BOOST
        scored.append((score, compiled))
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


def rule_for(
    topic: str, rules: PainRules, roles: Collection[str], found: Sequence[PainRule] = ()
) -> PainRule | None:
    """The rule to answer `topic` with, as the rules themselves would pick it.

    A topic can have several rules (a desk worker's hip-flexor rule beside a general one). If
    the rules already scored one of them (`found`: their runners-up, best first), that one wins:
    it is what the user's own words point at, profile boost included. Otherwise a rule written
    for the user's profile wins, as it wins a tie in the matcher; otherwise the topic's lead.
    Only self-care rules are ever returned.
    """
    candidates = [r for r in (rules.by_id(i) for i in TOPIC_RULES.get(topic, ())) if r]
    candidates = [rule for rule in candidates if rule.level == "self_care" and not rule.red_flag]
    if not candidates:
        return None
    ids = {rule.id for rule in candidates}
    for rule in found:
        if rule.id in ids:
            return rule
    mine = set(roles)
    return next((rule for rule in candidates if mine.intersection(rule.roles)), candidates[0])
