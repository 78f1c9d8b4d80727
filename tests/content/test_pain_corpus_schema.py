"""Schema of the independent /pain evaluation corpus (tests/content/pain_corpus*.yaml).

The corpus is written apart from the rule file so that recall and over-triage are measured on
wording the rules were not built from. It comes in rounds, one file each (round 1 is
pain_corpus.yaml, later ones pain_corpus_roundN.yaml): a round the rules were tuned on is
`split: tune`, a round kept for evaluation is `split: holdout` from its first entry to its
last. The tuples below are the one definition of its label vocabulary; the bench imports them
instead of repeating the lists. This module deliberately knows nothing about the matcher.
"""

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS_DIR = Path(__file__).parent
CORPUS_GLOB = "pain_corpus*.yaml"

LEVELS = ("emergency", "same_day", "soon", "self_care", "info", "none")
WARNING_LEVELS = ("emergency", "same_day")
TOPIC_LEVELS = ("self_care", "soon")
FAMILIES = (
    "cauda_equina",
    "fracture",
    "malignancy",
    "infection",
    "cervical_arterial",
    "cervical_cord",
    "cardiac",
    "dvt",
    "vascular",
    "ottawa",
    "tendon_rupture",
    "locked_knee",
    "paediatric",
    "bone_stress",
    "compartment",
    "rhabdo",
    "head_injury",
    "inflammatory",
    "progressive_weakness",
)
TOPICS = (
    "low_back",
    "sciatica",
    "hip_flexor_sitting",
    "hip_flexor_strain",
    "hip_oa",
    "hip_or_back",
    "hip_side",
    "knee_front",
    "knee_general",
    "it_band",
    "neck_desk",
    "upper_back",
    "shoulder",
    "frozen_shoulder",
    "calf_achilles",
    "hamstring",
    "ankle_sprain",
    "plantar_heel",
    "shin",
    "tailbone",
    "wrist_forearm",
    "saddle_pressure",
    "hip_replacement",
    "pregnancy",
    "desk_stiffness",
    "post_race_soreness",
    "cyclist_hips",
    "runner_hips",
    "mileage_flexibility",
)
CONTEXTS = ("negated", "hypothetical", "other_person", "uncertain", "pseudo_negation")
ROLES = ("desk", "cyclist", "runner")
SPLITS = ("tune", "holdout")

REQUIRED_KEYS = frozenset({"id", "text", "level", "split"})
OPTIONAL_KEYS = frozenset({"family", "topic", "context", "roles", "why"})
MAX_TEXT_CHARS = 4096  # Telegram's message limit: nothing longer can reach /pain

# Families the issue singles out as needing many wordings.
BROAD_FAMILIES = ("cauda_equina", "fracture", "cervical_arterial", "cardiac", "dvt")
MIN_PER_FAMILY = 6
MIN_PER_BROAD_FAMILY = 12
MIN_PER_TOPIC = 5
MIN_WARNINGS = 180
MIN_SELF_CARE = 180
MIN_CONTEXT = 70
MIN_NONE = 50
MIN_TOTAL = 480
MIN_PER_CONTEXT = 4

Entry = dict[str, Any]


def corpus_files(folder: Path = CORPUS_DIR) -> list[Path]:
    """The corpus rounds, in name order."""
    return sorted(folder.glob(CORPUS_GLOB))


def load_round(path: Path) -> list[Entry]:
    """One round's entries as plain dicts."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{path.name} is a YAML list of entries"
    return data


@pytest.fixture(scope="module")
def rounds() -> dict[str, list[Entry]]:
    return {path.name: load_round(path) for path in corpus_files()}


@pytest.fixture(scope="module")
def corpus(rounds: dict[str, list[Entry]]) -> list[Entry]:
    return [entry for entries in rounds.values() for entry in entries]


def test_round_one_is_among_the_files(rounds: dict[str, list[Entry]]) -> None:
    assert "pain_corpus.yaml" in rounds
    assert all(entries for entries in rounds.values())


def _plain(corpus: list[Entry]) -> list[Entry]:
    """Entries without a context cue: the ones the per-family/topic minimums count."""
    return [e for e in corpus if "context" not in e]


def test_every_entry_has_known_keys_and_values(corpus: list[Entry]) -> None:
    for entry in corpus:
        keys = set(entry)
        assert keys >= REQUIRED_KEYS, entry
        assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, entry
        text = entry["text"]
        assert isinstance(text, str) and 1 <= len(text) <= MAX_TEXT_CHARS, entry["id"]
        assert text.strip(), entry["id"]
        assert entry["level"] in LEVELS, entry["id"]
        assert entry["split"] in SPLITS, entry["id"]
        if "family" in entry:
            assert entry["family"] in FAMILIES, entry["id"]
        if "topic" in entry:
            assert entry["topic"] in TOPICS, entry["id"]
        if "context" in entry:
            assert entry["context"] in CONTEXTS, entry["id"]
        if "roles" in entry:
            roles = entry["roles"]
            assert isinstance(roles, list) and roles, entry["id"]
            assert set(roles) <= set(ROLES), entry["id"]
            assert len(set(roles)) == len(roles), entry["id"]


def test_ids_and_texts_are_unique(corpus: list[Entry]) -> None:
    ids = Counter(e["id"] for e in corpus)
    assert [i for i, n in ids.items() if n > 1] == []
    texts = Counter(e["text"].strip().lower() for e in corpus)
    assert [t for t, n in texts.items() if n > 1] == []


def test_family_iff_warning_level_with_a_reason(corpus: list[Entry]) -> None:
    for entry in corpus:
        warning = entry["level"] in WARNING_LEVELS
        assert ("family" in entry) == warning, entry["id"]
        assert ("why" in entry) == warning, entry["id"]
        if warning:
            why = entry["why"]
            assert isinstance(why, str) and why.strip() and "\n" not in why, entry["id"]


def test_topic_fits_the_level(corpus: list[Entry]) -> None:
    for entry in corpus:
        if entry["level"] == "self_care":
            assert "topic" in entry, entry["id"]
        if "topic" in entry:
            assert entry["level"] in TOPIC_LEVELS, entry["id"]


def test_context_labels_follow_the_rules(corpus: list[Entry]) -> None:
    for entry in corpus:
        context = entry.get("context")
        if context == "hypothetical":
            assert entry["level"] == "info", entry["id"]
        elif context in ("negated", "other_person"):
            assert entry["level"] not in WARNING_LEVELS, entry["id"]
        elif context in ("uncertain", "pseudo_negation"):
            assert entry["level"] in WARNING_LEVELS, entry["id"]


def test_overall_counts(corpus: list[Entry]) -> None:
    plain = _plain(corpus)
    assert len(corpus) >= MIN_TOTAL
    assert sum(e["level"] in WARNING_LEVELS for e in plain) >= MIN_WARNINGS
    assert sum(e["level"] in TOPIC_LEVELS for e in plain) >= MIN_SELF_CARE
    assert sum("context" in e for e in corpus) >= MIN_CONTEXT
    assert sum(e["level"] == "none" for e in corpus) >= MIN_NONE


def test_every_family_topic_and_context_is_covered(corpus: list[Entry]) -> None:
    plain = _plain(corpus)
    families = Counter(e["family"] for e in plain if "family" in e)
    for family in FAMILIES:
        floor = MIN_PER_BROAD_FAMILY if family in BROAD_FAMILIES else MIN_PER_FAMILY
        assert families[family] >= floor, family
    topics = Counter(e["topic"] for e in plain if "topic" in e)
    for topic in TOPICS:
        assert topics[topic] >= MIN_PER_TOPIC, topic
    contexts = Counter(e["context"] for e in corpus if "context" in e)
    for context in CONTEXTS:
        assert contexts[context] >= MIN_PER_CONTEXT, context
    assert {"self_care", "soon", "info", "none", "emergency", "same_day"} <= {
        e["level"] for e in corpus
    }


def test_a_held_out_round_holds_nothing_else(rounds: dict[str, list[Entry]]) -> None:
    """Held-out entries never share a file with tuning data: a round is tuned on as a whole."""
    for name, entries in rounds.items():
        splits = {entry["split"] for entry in entries}
        if "holdout" in splits:
            assert splits == {"holdout"}, name
