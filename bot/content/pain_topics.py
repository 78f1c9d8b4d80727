"""Topics of /pain self-care answers, and a small model that re-picks one the rules got wrong.

A topic ("ankle_sprain", "plantar_heel", ...) names what a description is about; one or more
self-care rules answer it. The rules choose a topic from the words they know; people describe
the same complaint in many other ways, and the rules then sometimes land on a neighbour (a heel
complaint answered as a calf one). The topic model, a multinomial logistic regression over the
safety net's hashed features (`pain_net.features`), reads the whole message; when it is very
sure of another topic, that topic's rule answers instead and the rules' own pick is offered as
the first other topic. It never adds a topic where the rules found none and never touches any
answer above self-care: warnings, "soon" and the safety net stay exactly as they were.

`python -m bot content train-topics` rebuilds the weights file from the tuned corpus; a test
checks the shipped file is what training gives today.
"""

import gzip
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from bot.content.pain_net import BUCKETS, features

TOPICS_PATH: Final = Path(__file__).with_name("pain_topics.json.gz")
FORMAT: Final = 1

# Each topic → the rules that answer it, the topic's lead rule first (see `rule_for`).
TOPIC_RULES: Final[dict[str, tuple[str, ...]]] = {
    "low_back": ("low_back_ache", "back_spasm_myth"),
    "sciatica": ("sciatica_radiating",),
    "hip_flexor_sitting": ("hip_flexor_sitting", "hip_flexor_no_arch"),
    "hip_flexor_strain": ("hip_flexor_strain",),
    "hip_oa": ("osteoarthritis_movement",),
    "hip_or_back": ("hip_or_back",),
    "hip_side": ("hip_side_buttock",),
    "knee_front": ("knee_front_runner",),
    "knee_general": ("knee_general",),
    "it_band": ("knee_it_band",),
    "neck_desk": ("neck_shoulder_desk",),
    "upper_back": ("upper_back_desk",),
    "shoulder": ("shoulder_overhead",),
    "frozen_shoulder": ("frozen_shoulder",),
    "calf_achilles": ("calf_achilles",),
    "hamstring": ("hamstring_tight", "hamstring_strain"),
    "ankle_sprain": ("ankle_sprain",),
    "plantar_heel": ("plantar_heel",),
    "shin": ("shin_pain",),
    "tailbone": ("tailbone",),
    "wrist_forearm": ("wrist_forearm_desk",),
    "saddle_pressure": ("saddle_pressure",),
    "hip_replacement": ("hip_replacement",),
    "pregnancy": ("pregnancy",),
    "desk_stiffness": ("desk_stiffness",),
    "post_race_soreness": ("post_race_soreness",),
    "cyclist_hips": ("cyclist_hips",),
    "runner_hips": ("runner_hips",),
    "mileage_flexibility": ("mileage_flexibility",),
}
RULE_TOPIC: Final[dict[str, str]] = {
    rule_id: topic for topic, rule_ids in TOPIC_RULES.items() for rule_id in rule_ids
}


@dataclass(frozen=True)
class TopicModel:
    """Per-topic biases, sparse weights (slot → (topic index, weight) pairs) and the bar a
    guess must reach to change an answer."""

    topics: tuple[str, ...]
    biases: tuple[float, ...]
    weights: Mapping[int, tuple[tuple[int, float], ...]]
    bar: float

    def chances(
        self, text: str, tokens: Sequence[str] | None = None, slots: Sequence[int] | None = None
    ) -> list[float]:
        """How likely each topic (in `topics` order) is, summing to 1 (`slots`: the features,
        if already worked out)."""
        scores = list(self.biases)
        weights = self.weights
        for slot in features(text, tokens) if slots is None else slots:
            for topic, weight in weights.get(slot, ()):
                scores[topic] += weight
        return softmax(scores)

    def guess(
        self, text: str, tokens: Sequence[str] | None = None, slots: Sequence[int] | None = None
    ) -> tuple[str, float]:
        """The likeliest topic and its chance."""
        chances = self.chances(text, tokens, slots)
        best = max(range(len(chances)), key=chances.__getitem__)
        return self.topics[best], chances[best]


def softmax(scores: Sequence[float]) -> list[float]:
    """Chances from scores, shifted by the top score so nothing overflows."""
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    return [e / total for e in exps]


def model_to_json(model: TopicModel, trained_on: Mapping[str, object]) -> dict[str, object]:
    """The weights file's content: three decimals, tiny weights already pruned by training."""
    return {
        "format": FORMAT,
        "buckets": BUCKETS,
        "bar": model.bar,
        "topics": list(model.topics),
        "biases": [round(bias, 4) for bias in model.biases],
        "trained_on": dict(trained_on),
        "weights": sorted(
            [slot, [[topic, round(weight, 3)] for topic, weight in pairs]]
            for slot, pairs in model.weights.items()
        ),
    }


def read_topic_model(path: Path = TOPICS_PATH) -> tuple[TopicModel, dict[str, object]]:
    """The model and what it was trained on, from a weights file."""
    data = json.loads(gzip.decompress(path.read_bytes()))
    if data.get("format") != FORMAT or data.get("buckets") != BUCKETS:
        raise ValueError(
            f"{path.name}: unknown format, retrain with `python -m bot content train-topics`"
        )
    model = TopicModel(
        topics=tuple(data["topics"]),
        biases=tuple(float(bias) for bias in data["biases"]),
        weights={
            int(slot): tuple((int(topic), float(weight)) for topic, weight in pairs)
            for slot, pairs in data["weights"]
        },
        bar=float(data["bar"]),
    )
    return model, data["trained_on"]


@lru_cache(maxsize=1)
def load_topic_model() -> TopicModel:
    """The shipped model, read once per process."""
    return read_topic_model()[0]
