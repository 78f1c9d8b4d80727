"""A second reader for warning signs the rule file has no words for.

The rules name each warning sign and explain it; they miss some of the ways people put things
("the water felt cold on one side of my bum only"). This small logistic model, trained on the
tuned part of the labelled corpus, reads the whole message and only ever raises an answer: when
the rules found no warning sign and the model is confident one is there, the user is sent to be
seen (same day, or now when it is very sure), with a wording that says no single sign was
recognised. It never lowers an answer, never picks a topic, and never reads short messages,
where a few words cannot carry enough to raise an alarm.

`python -m bot content train-net` rebuilds the weights file from the corpus; a test checks the
shipped file is what training gives today.
"""

import gzip
import json
import math
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

from bot.content.normalize import words

NET_PATH: Final = Path(__file__).with_name("pain_net.json.gz")
BUCKETS: Final = 1 << 20  # hashed feature slots; collisions at this size cost nothing measurable
_LETTERS: Final = re.compile(r"[a-z]+")

NetLevel = Literal["emergency", "same_day"]


def features(text: str, tokens: Sequence[str] | None = None) -> list[int]:
    """The message as hashed features: its normalised words (`tokens`, if already read), word
    pairs and pairs with one word between, plus four-letter pieces of every raw word (so a
    typo still shares most of them)."""
    tokens = words(text) if tokens is None else tokens
    found = set()
    for i, token in enumerate(tokens):
        found.add("u:" + token)
        if i:
            found.add(f"b:{tokens[i - 1]} {token}")
        if i > 1:
            found.add(f"s:{tokens[i - 2]} _ {token}")
    slots = {_slot(feature) for feature in found}
    for word in set(_LETTERS.findall(text.lower())):
        slots.update(_letter_slots(word))
    return list(slots)


class Features:
    """A message's features, worked out on first use and then shared by the net and the topic
    model (on a long message they cost more than everything else)."""

    def __init__(self, text: str, tokens: Sequence[str]) -> None:
        self._text, self._tokens = text, tokens
        self._slots: list[int] | None = None

    def __call__(self) -> list[int]:
        if self._slots is None:
            self._slots = features(self._text, self._tokens)
        return self._slots


def _slot(feature: str) -> int:
    return zlib.crc32(feature.encode()) % BUCKETS


@lru_cache(maxsize=20_000)
def _letter_slots(word: str) -> tuple[int, ...]:
    """The slots of a word's four-letter pieces; words repeat, so they are worked out once."""
    padded = f"<{word}>"
    return tuple(_slot("c:" + padded[k : k + 4]) for k in range(len(padded) - 3))


def logistic(z: float) -> float:
    """The logistic function, clamped so a huge score cannot overflow."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class SafetyNet:
    """Weights and the two confidence bars; `min_words` keeps short messages out of its reach."""

    bias: float
    weights: Mapping[int, float]
    same_day: float
    emergency: float
    min_words: int

    def chance(
        self, text: str, tokens: Sequence[str] | None = None, slots: Sequence[int] | None = None
    ) -> float:
        """How likely the model finds a warning sign in `text`, 0..1 (`slots`: its features,
        if already worked out)."""
        weights = self.weights
        slots = features(text, tokens) if slots is None else slots
        score = self.bias + sum(weights.get(slot, 0.0) for slot in slots)
        return logistic(score)

    def level(
        self,
        text: str,
        tokens: Sequence[str] | None = None,
        slots: Callable[[], Sequence[int]] | None = None,
    ) -> NetLevel | None:
        """The level to raise a calm answer to, or None to leave it (`tokens`: `words(text)`,
        if already read; `slots`: gives the features, worked out once for every reader)."""
        tokens = words(text) if tokens is None else tokens
        if len(tokens) < self.min_words:
            return None
        chance = self.chance(text, tokens, None if slots is None else slots())
        if chance >= self.emergency:
            return "emergency"
        return "same_day" if chance >= self.same_day else None


def net_to_json(net: SafetyNet, trained_on: Mapping[str, object]) -> dict[str, object]:
    """The weights file's content (weights rounded: four decimals change no decision)."""
    return {
        "format": 1,
        "buckets": BUCKETS,
        "bias": round(net.bias, 6),
        "same_day": net.same_day,
        "emergency": net.emergency,
        "min_words": net.min_words,
        "trained_on": dict(trained_on),
        "weights": sorted(
            [slot, round(weight, 4)] for slot, weight in net.weights.items() if round(weight, 4)
        ),
    }


def read_net(path: Path = NET_PATH) -> tuple[SafetyNet, dict[str, object]]:
    """The net and what it was trained on, from a weights file."""
    data = json.loads(gzip.decompress(path.read_bytes()))
    if data.get("format") != 1 or data.get("buckets") != BUCKETS:
        raise ValueError(
            f"{path.name}: unknown format, retrain with `python -m bot content train-net`"
        )
    net = SafetyNet(
        bias=float(data["bias"]),
        weights={int(slot): float(weight) for slot, weight in data["weights"]},
        same_day=float(data["same_day"]),
        emergency=float(data["emergency"]),
        min_words=int(data["min_words"]),
    )
    return net, data["trained_on"]


@lru_cache(maxsize=1)
def load_safety_net() -> SafetyNet:
    """The shipped net, read once per process."""
    return read_net()[0]
