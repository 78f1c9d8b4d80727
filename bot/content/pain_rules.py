"""The /pain rule file: the loader, and the checks run at start-up and by `content check`."""

from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.content.matcher import match_pain
from bot.content.normalize import stem, words
from bot.content.pain_model import (
    FAMILIES,
    LEVELS,
    MAX_EXERCISES,
    RULES_PATH,
    SOURCE_FACTS,
    TITLE_MAX,
    WARNING_LEVELS,
    CompiledRule,
    PainRules,
)
from bot.content.pain_render import CUE_MAX, MAX_MESSAGE_CHARS, NAME_MAX, render_answer_html

# libyaml when present: the pure-Python parser takes seconds on a rule file this size.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PainRulesError(Exception):
    """The rule file cannot be used; `problems` lists everything found, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_pain_rules(path: Path | None = None) -> PainRules:
    """Read, validate and compile the rules; the default file is loaded once per process."""
    return _load_default() if path is None else _load(path)


@lru_cache(maxsize=1)
def _load_default() -> PainRules:
    return _load(RULES_PATH)


def load_rules_alone(path: Path | None = None) -> PainRules:
    """The rules without the topic re-picker, for training and judging it against the rules
    as they are (their examples are still checked, by the rules alone)."""
    return _load(path or RULES_PATH, topics=False)


def _load(path: Path, *, topics: bool = True) -> PainRules:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise PainRulesError([f"{path}: {exc}"]) from exc
    try:
        rules = PainRules.model_validate(data, context={"topics": topics})
    except ValidationError as exc:
        raise PainRulesError([_describe(error, data) for error in exc.errors()]) from exc
    problems = _problems(rules)
    if problems:
        raise PainRulesError(problems)
    return rules


def _describe(error: Any, data: Any) -> str:
    """A pydantic error located by rule id rather than list index where possible."""
    loc = list(error["loc"])
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        with suppress(KeyError, IndexError, TypeError):
            loc[:2] = [f"rule {data['rules'][loc[1]]['id']}"]
    return f"{'.'.join(str(part) for part in loc)}: {error['msg']}"


def validate_pain_rules(rules: PainRules, exercise_ids: set[str]) -> list[str]:
    """Every problem in the rules, including exercise ids the library does not have."""
    problems = _problems(rules)
    for rule in rules.rules:
        problems += [
            f"rule {rule.id}: unknown exercise id {ex!r}"
            for ex in rule.exercises
            if ex not in exercise_ids
        ]
    return problems


def _problems(rules: PainRules) -> list[str]:
    """Problems that need no exercise library: structure, texts, lengths and examples."""
    counts = Counter(rule.id for rule in rules.rules)
    problems = [f"duplicate rule id {rule_id!r}" for rule_id, n in counts.items() if n > 1]
    for compiled in rules.compiled:
        problems += [f"rule {compiled.rule.id}: {p}" for p in _rule_problems(rules, compiled)]
    problems += _reach_problems(rules)
    problems += _question_problems(rules)
    problems += _default_problems(rules)
    problems += _synonym_problems(rules)
    problems += _level_problems(rules)
    problems += _cue_problems(rules)
    families = {rule.family for rule in rules.rules}
    problems += [f"no rule covers the warning family {f!r}" for f in FAMILIES if f not in families]
    used = {rule.source for rule in rules.rules}
    problems += [f"no rule rests on the source fact {f!r}" for f in SOURCE_FACTS if f not in used]
    return problems


def _rule_problems(rules: PainRules, compiled: CompiledRule) -> list[str]:
    rule = compiled.rule
    problems: list[str] = []
    from_net = rule.family == "unnamed"  # reached through the safety net, never by words
    if from_net and rule.triggers:
        problems.append("a safety-net answer must have no triggers: only the net leads to it")
    if not from_net and not rule.triggers:
        problems.append("no triggers")
    for label, texts in (("trigger", rule.triggers), ("requires", rule.requires)):
        problems += [
            f"{label} {text!r} has no words the matcher can use"
            for text in texts
            if not rules.lexicon.phrase(text)
        ]
    if rule.red_flag and rule.exercises:
        problems.append("a red flag must not offer exercises")
    if rule.red_flag != (rule.level in WARNING_LEVELS):
        problems.append(f"level {rule.level!r} does not fit family {rule.family}")
    if rule.red_flag and not from_net and not (rule.ask or "").strip():
        problems.append("a warning sign needs its yes/no question 'ask'")
    if rule.level == "self_care" and not 1 <= len(rule.exercises) <= MAX_EXERCISES:
        problems.append(f"needs 1–{MAX_EXERCISES} exercises, has {len(rule.exercises)}")
    if rule.level != "self_care" and rule.exercises:
        problems.append(f"only self-care answers offer moves, this one is {rule.level!r}")
    if not rule.title.strip() or len(rule.title) > TITLE_MAX:
        problems.append(f"title must be 1–{TITLE_MAX} characters")
    if not rule.what.strip():
        problems.append("answer part 'what' is empty")
    if not rule.see_pro.strip():
        problems.append("answer part 'see_pro' is empty")
    if not 2 <= len(rule.do_now) <= 4 or not all(point.strip() for point in rule.do_now):
        problems.append("answer part 'do_now' needs 2–4 non-empty points")
    if not rule.examples:
        problems.append("no examples")
    headline = max((text.headline for text in rules.levels.values()), key=len, default="")
    longest = render_answer_html(rule, _longest_exercise, has_alternatives=True, headline=headline)
    if len(longest) > MAX_MESSAGE_CHARS:
        problems.append(f"answer can reach {len(longest)} characters (limit {MAX_MESSAGE_CHARS})")
    return problems


@dataclass(frozen=True)
class _StubExercise:
    id: str
    name: str
    cue: str


def _longest_exercise(exercise_id: str) -> _StubExercise:
    """The longest exercise text the renderer lets through, to bound an answer's length."""
    return _StubExercise(exercise_id, "N" * NAME_MAX, "C" * CUE_MAX)


def _reach_problems(rules: PainRules) -> list[str]:
    """Each example must lead to its own rule, or the rule is unreachable in practice."""
    problems = []
    for rule in rules.rules:
        for example in rule.examples:
            found = match_pain(example, rules)
            if found.rule is None or found.rule.id != rule.id:
                reached = found.rule.id if found.rule else found.kind
                problems.append(f"rule {rule.id}: example {example!r} reaches {reached}")
    return problems


def _question_problems(rules: PainRules) -> list[str]:
    problems = []
    if not 2 <= len(rules.safety_questions) <= 3:
        problems.append("there must be 2–3 safety questions")
    ids = [q.id for q in rules.safety_questions]
    problems += [f"duplicate safety question {qid!r}" for qid in set(ids) if ids.count(qid) > 1]
    for question in rules.safety_questions:
        target = rules.by_id(question.red_flag_rule)
        if target is None or not target.red_flag:
            problems.append(
                f"safety question {question.id}: {question.red_flag_rule!r} is not a red flag rule"
            )
    return problems


def _default_problems(rules: PainRules) -> list[str]:
    problems = []
    for area, rule_id in rules.area_defaults.items():
        rule = rules.by_id(rule_id)
        if rule is None or rule.red_flag or area not in rule.areas:
            problems.append(f"area default {area}: {rule_id!r} is not a topic for that area")
    return problems


def _level_problems(rules: PainRules) -> list[str]:
    """Every level has its fixed wording; the urgent ones name the emergency number."""
    problems = []
    for level in LEVELS:
        text = rules.levels.get(level)
        if text is None or not text.headline.strip() or not text.if_it_happens.strip():
            problems.append(f"level {level}: wording missing")
        elif level in WARNING_LEVELS and "{number}" not in text.headline + text.if_it_happens:
            problems.append(f"level {level}: wording must name the emergency {{number}}")
    return problems


def _cue_problems(rules: PainRules) -> list[str]:
    """Context cues are read as single canonical tokens; anything else could never match."""
    return [
        f"context cue {word!r} is not a single canonical word"
        for word in rules.cues.all_words()
        if rules.lexicon.phrase(word) != (word,)
    ]


def _synonym_problems(rules: PainRules) -> list[str]:
    """Synonyms must be unambiguous: one canonical word per variant, and no chains."""
    problems = []
    owner: dict[str, str] = {}
    for canonical, variants in rules.synonyms.items():
        if not rules.lexicon.phrase(canonical):
            problems.append(f"synonym {canonical!r} has no usable words")
        for variant in variants:
            key = " ".join(stem(w) for w in words(variant))
            if not key:
                problems.append(f"synonym {canonical!r} has an empty variant")
            elif owner.setdefault(key, canonical) != canonical:
                problems.append(f"synonym variant {variant!r} is listed under two words")
    keys = {c: " ".join(stem(w) for w in words(c)) for c in rules.synonyms}
    chained = [c for c, key in keys.items() if owner.get(key, c) != c]
    problems += [f"synonym {c!r} is also a variant of another word" for c in chained]
    return problems
