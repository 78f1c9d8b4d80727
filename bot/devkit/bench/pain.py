"""How well and how fast /pain answers.

Quality: the labelled corpus (see `pain_corpus`), tuned and held-out parts apart, per family.
Speed: one match with the full rule set (target: p99 well under 10 ms), on the corpus texts and
on random queries that mix the rules' own examples (re-cased, with emoji and typos) with word
salad, gibberish, other scripts and very long messages. Almost every random query is new, so
the typo cache helps only as much as it would with real users.
"""

import random
import statistics
import string
import time
from pathlib import Path

from bot.content.matcher import match_pain
from bot.content.pain_model import PainRules
from bot.content.pain_rules import load_pain_rules
from bot.devkit.bench.pain_corpus import CORPUS_DIR, by_split, load_corpus

_SEED = 4096
_COMMON = (
    "my", "the", "and", "it", "hurts", "after", "when", "I", "a", "bit", "really", "since",
    "yesterday", "morning", "work", "run", "ride", "left", "right", "side", "sharp", "dull",
    "pain", "ache", "sore", "tight", "stiff", "no", "not", "can't", "feel", "like", "week"
)  # fmt: skip
_EMOJI = "😩🤕😫🏃🚴💪🔥❤️"
_SCRIPTS = ((0x0400, 0x04FF), (0x0600, 0x06FF), (0x4E00, 0x4FFF), (0x1F300, 0x1F5FF))


def run(queries: int = 20000, corpus: Path = CORPUS_DIR) -> dict[str, object]:
    """Corpus scores per split, then `queries` timed matches; times in microseconds per query.

    A split with no entries yet (the held-out round before it is written) reports zero cases.
    """
    rules = load_pain_rules()
    figures: dict[str, object] = {"rules": len(rules.rules)}
    entries = load_corpus(corpus)
    if entries:
        for split, scores in by_split(entries, rules).items():
            figures[split] = scores.figures()
        corpus_times = _timings(rules, [e.text for e in entries] * 5)
        figures["corpus_p50_us"] = _percentile(corpus_times, 0.5)
        figures["corpus_p99_us"] = _percentile(corpus_times, 0.99)
    rng = random.Random(_SEED)
    words = [*sorted(rules.lexicon.vocabulary), *_COMMON]
    timings = _timings(rules, [_query(rules, words, rng) for _ in range(queries)])
    figures |= {
        "queries": queries,
        "median_us": _percentile(timings, 0.5),
        "p99_us": _percentile(timings, 0.99),
        "max_us": round(timings[-1], 1),
    }
    return figures


def _timings(rules: PainRules, texts: list[str]) -> list[float]:
    """Sorted microseconds per match, after a short warm-up."""
    for text in texts[:50]:
        match_pain(text, rules)
    timings = []
    for text in texts:
        start = time.perf_counter_ns()
        match_pain(text, rules)
        timings.append((time.perf_counter_ns() - start) / 1000)
    timings.sort()
    return timings


def _percentile(timings: list[float], share: float) -> float:
    if share == 0.5:
        return round(statistics.median(timings), 1)
    return round(timings[min(len(timings) - 1, int(len(timings) * share))], 1)


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
