"""The /pain benchmark runs at a small size on a tiny made-up corpus and reports every figure.

Only keys, types and the counting rules are checked: timings are not something to assert, and
a held-out round of the real corpus is for `python -m bot bench pain` alone.
"""

import json
from pathlib import Path

import yaml

from bot.devkit.bench import pain

ENTRIES = [
    {"id": "cauda-1", "text": "can't control my bladder", "level": "emergency",
     "family": "cauda_equina", "split": "tune"},
    {"id": "head-1", "text": "not sure if I hit my head, neck sore", "level": "emergency",
     "family": "head_injury", "context": "uncertain", "split": "tune"},
    {"id": "dvt-1", "text": "my calf hurts", "level": "same_day", "family": "dvt",
     "split": "holdout"},
    {"id": "back-1", "text": "lower back ache, no fever", "level": "self_care",
     "topic": "low_back", "context": "negated", "split": "tune"},
    {"id": "hips-1", "text": "front of my hip is tight", "level": "self_care",
     "topic": "cyclist_hips", "roles": ["cyclist"], "split": "tune"},
    {"id": "knee-1", "text": "knee hurts", "level": "self_care", "topic": "shin",
     "split": "holdout"},
    {"id": "info-1", "text": "what if my legs go numb?", "level": "info",
     "context": "hypothetical", "split": "tune"},
    {"id": "none-1", "text": "I fell in love", "level": "none", "split": "holdout"},
    {"id": "soon-1", "text": "sciatica for a week", "level": "soon", "topic": "sciatica",
     "split": "tune"},
]  # fmt: skip


def test_small_pain_benchmark_reports_every_figure(tmp_path: Path) -> None:
    (tmp_path / "pain_corpus.yaml").write_text(yaml.safe_dump(ENTRIES), encoding="utf-8")
    figures = pain.run(queries=300, corpus=tmp_path)
    assert json.loads(json.dumps(figures)) == figures
    tune, holdout = figures["tune"], figures["holdout"]
    assert isinstance(tune, dict) and isinstance(holdout, dict)
    assert tune["recall"] == 1.0 and tune["recall_by_family"] == {
        "cauda_equina": "1/1", "head_injury": "1/1"
    }  # fmt: skip
    assert tune["over_triage"] == 0.0 and tune["asked_on_calm"] == 0
    assert tune["topic_accuracy"] == 1.0 and tune["topic_cases"] == 3
    assert tune["soon_cases"] == 1 and tune["soon_met"] == 0.0
    assert holdout["recall"] == 0.0 and holdout["topic_accuracy"] == 0.0
    assert holdout["over_triage"] == 0.0 and holdout["calm"] == 2
    for key in ("corpus_p50_us", "corpus_p99_us", "median_us", "p99_us", "max_us"):
        figure = figures[key]
        assert isinstance(figure, float) and figure > 0, key


def test_without_a_corpus_only_timings_are_reported(tmp_path: Path) -> None:
    figures = pain.run(queries=100, corpus=tmp_path / "missing.yaml")
    assert "tune" not in figures and figures["queries"] == 100


def test_without_a_held_out_round_the_holdout_part_reports_zero(tmp_path: Path) -> None:
    tuned = [e | {"split": "tune"} for e in ENTRIES]
    (tmp_path / "pain_corpus.yaml").write_text(yaml.safe_dump(tuned), encoding="utf-8")
    figures = pain.run(queries=100, corpus=tmp_path)
    assert figures["holdout"] == {"entries": 0}
    tune = figures["tune"]
    assert isinstance(tune, dict) and tune["entries"] == len(ENTRIES)
