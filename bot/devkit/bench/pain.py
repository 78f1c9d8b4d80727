"""How long one /pain match takes with the full rule set (target: p99 ≤ 1 ms).

Queries mix the rules' own examples (re-cased, with emoji and typos) with word salad, gibberish,
other scripts and very long messages. Almost every random query is new, so the typo cache
helps only as much as it would with real users.
"""

import random
import statistics
import string
import time

from bot.content.matcher import match_pain
from bot.content.pain_model import PainRules
from bot.content.pain_rules import load_pain_rules

_SEED = 4096
_COMMON = (
    "my", "the", "and", "it", "hurts", "after", "when", "I", "a", "bit", "really", "since",
    "yesterday", "morning", "work", "run", "ride", "left", "right", "side", "sharp", "dull",
    "pain", "ache", "sore", "tight", "stiff", "no", "not", "can't", "feel", "like", "week"
)  # fmt: skip
_EMOJI = "😩🤕😫🏃🚴💪🔥❤️"
_SCRIPTS = ((0x0400, 0x04FF), (0x0600, 0x06FF), (0x4E00, 0x4FFF), (0x1F300, 0x1F5FF))


def run(queries: int = 20000) -> dict[str, float | int]:
    """Time `queries` matches; figures in microseconds per query."""
    rules = load_pain_rules()
    rng = random.Random(_SEED)
    words = [*sorted(rules.lexicon.vocabulary), *_COMMON]
    texts = [_query(rules, words, rng) for _ in range(queries)]
    for text in texts[:50]:
        match_pain(text, rules)
    timings = []
    for text in texts:
        start = time.perf_counter_ns()
        match_pain(text, rules)
        timings.append((time.perf_counter_ns() - start) / 1000)
    timings.sort()
    return {
        "queries": queries,
        "rules": len(rules.rules),
        "median_us": round(statistics.median(timings), 1),
        "p99_us": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 1),
        "max_us": round(timings[-1], 1),
    }


def _query(rules: PainRules, words: list[str], rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return _example(rules, rng)
    if roll < 0.7:
        return " ".join(rng.choice(words) for _ in range(rng.randint(2, 15)))
    if roll < 0.85:
        return " ".join(_gibberish(rng) for _ in range(rng.randint(3, 30)))
    if roll < 0.95:
        low, high = rng.choice(_SCRIPTS)
        return "".join(chr(rng.randint(low, high)) for _ in range(rng.randint(5, 200)))
    return " ".join(rng.choice(_COMMON) for _ in range(rng.randint(400, 1000)))


def _example(rules: PainRules, rng: random.Random) -> str:
    """A rule example with the kind of noise people type: case, emoji, a slipped key."""
    rule = rng.choice(rules.rules)
    text = rng.choice(rule.examples)
    if rng.random() < 0.3:
        text = text.upper()
    if rng.random() < 0.3:
        text += " " + rng.choice(_EMOJI)
    if rng.random() < 0.3 and len(text) > 4:
        i = rng.randrange(1, len(text))
        text = text[:i] + text[i + 1 :]
    return text


def _gibberish(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 12)))
