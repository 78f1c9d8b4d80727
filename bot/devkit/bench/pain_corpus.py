"""Scores /pain against the labelled corpus (every tests/content/pain_corpus*.yaml, sorted).

The corpus comes in rounds, each written apart from the rule file: a round the rules have been
tuned on is `split: tune`, a round kept for evaluation is `split: holdout` throughout. Each
entry names the level Limber must reach at least, and for warning signs their family, for
self-care their topic. Figures, per split (tune, holdout) and per family:
- recall: warning signs answered at or above their level (for an `uncertain` entry, asking the
  one follow-up question also counts);
- over-triage: self-care, info and out-of-scope entries answered above self-care;
- topic accuracy: self-care entries answered with a rule of their topic;
- raised by the net: entries the safety net answered because no rule named a warning sign.
Only counts leave this module: nothing here prints a corpus text.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from bot.content.matcher import Match, match_pain
from bot.content.pain_model import PainRules
from bot.content.pain_topics import TOPIC_RULES
from bot.content.vocabulary import Role

# libyaml when present: the pure-Python parser takes seconds on a rule file this size.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CORPUS_DIR: Final = Path(__file__).parents[3] / "tests" / "content"
CORPUS_GLOB: Final = "pain_corpus*.yaml"

Label = Literal["emergency", "same_day", "soon", "self_care", "info", "none"]
Split = Literal["tune", "holdout"]
_RANK: Final[dict[str, int]] = {
    "none": 0, "info": 1, "self_care": 2, "soon": 3, "same_day": 4, "emergency": 5
}  # fmt: skip
WARNING_LABELS: Final = frozenset({"emergency", "same_day"})
CALM_LABELS: Final = frozenset({"self_care", "info", "none"})


class CorpusEntry(BaseModel):
    """One labelled description (format: the corpus file's header)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    text: str = Field(min_length=1, max_length=4096)
    level: Label
    family: str | None = None
    topic: str | None = None
    context: str | None = None
    roles: tuple[Role, ...] = ()
    split: Split
    why: str | None = None  # the labeller's reason, for warning signs


def corpus_files(folder: Path = CORPUS_DIR) -> list[Path]:
    """The corpus rounds in `folder`, in name order (round 1 is pain_corpus.yaml)."""
    return sorted(folder.glob(CORPUS_GLOB))


def load_rounds(folder: Path = CORPUS_DIR) -> dict[int, list[CorpusEntry]]:
    """Every corpus round in `folder` by its number (pain_corpus_round7.yaml is 7), in file-name
    order as `corpus_files` gives them (the net's training depends on that order)."""
    rounds: dict[int, list[CorpusEntry]] = {}
    for path in corpus_files(folder):
        number = int(path.stem.removeprefix("pain_corpus").removeprefix("_round") or 1)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or []
        rounds[number] = [CorpusEntry.model_validate(item) for item in data]
    return rounds


def load_corpus(folder: Path = CORPUS_DIR) -> list[CorpusEntry]:
    """Every entry of every corpus round in `folder`, file by file."""
    return [entry for entries in load_rounds(folder).values() for entry in entries]


def answer_level(match: Match) -> str:
    """The level an answer gives; "ask" for the one follow-up question."""
    return "ask" if match.kind == "ask" else match.level


@dataclass
class Scores:
    """Counts for one part of the corpus."""

    entries: int = 0
    warnings: Counter[str] = field(default_factory=Counter)  # family → entries
    recalled: Counter[str] = field(default_factory=Counter)  # family → reached their level
    calm: Counter[str] = field(default_factory=Counter)  # label → entries
    over_triaged: Counter[str] = field(default_factory=Counter)  # label → answered above
    asked: int = 0  # calm entries answered with the follow-up question
    topics: int = 0
    topics_right: int = 0
    soon: int = 0
    soon_met: int = 0
    raised_by_net: int = 0  # answered by the safety net (no rule named the warning sign)
    misses: list[str] = field(default_factory=list)  # entry ids only

    def figures(self) -> dict[str, object]:
        """Rates and counts, JSON-ready; just the (zero) count for a part with no entries."""
        if not self.entries:
            return {"entries": 0}
        warnings, calm = sum(self.warnings.values()), sum(self.calm.values())
        return {
            "entries": self.entries,
            "warning_signs": warnings,
            "recall": _rate(sum(self.recalled.values()), warnings),
            "calm": calm,
            "over_triage": _rate(sum(self.over_triaged.values()), calm),
            "asked_on_calm": self.asked,
            "topic_cases": self.topics,
            "topic_accuracy": _rate(self.topics_right, self.topics),
            "soon_cases": self.soon,
            "soon_met": _rate(self.soon_met, self.soon),
            "raised_by_net": self.raised_by_net,
            "recall_by_family": {
                family: f"{self.recalled[family]}/{n}"
                for family, n in sorted(self.warnings.items())
            },
            "over_triage_by_label": {
                label: f"{self.over_triaged[label]}/{n}" for label, n in sorted(self.calm.items())
            },
        }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def score(entries: Iterable[CorpusEntry], rules: PainRules) -> Scores:
    """Match every entry (with its profile's roles) and count as the module docstring says."""
    scores = Scores()
    for entry in entries:
        scores.entries += 1
        match = match_pain(entry.text, rules, roles=entry.roles)
        given = answer_level(match)
        scores.raised_by_net += match.rule is not None and match.rule.family == "unnamed"
        rank = _RANK.get(given, _RANK["info"])  # a question is not an alarm
        if entry.level in WARNING_LABELS:
            family = entry.family or "unlabelled"
            scores.warnings[family] += 1
            asked_ok = entry.context == "uncertain" and given == "ask"
            if rank >= _RANK[entry.level] or asked_ok:
                scores.recalled[family] += 1
            else:
                scores.misses.append(entry.id)
            continue
        if entry.level == "soon":
            scores.soon += 1
            scores.soon_met += rank >= _RANK["soon"]
        if entry.level in CALM_LABELS:
            scores.calm[entry.level] += 1
            if rank > _RANK["self_care"]:
                scores.over_triaged[entry.level] += 1
                scores.misses.append(entry.id)
            scores.asked += given == "ask"
        if entry.topic and entry.level in ("self_care", "soon"):
            scores.topics += 1
            answered = match.rule.id if match.kind == "rule" and match.rule else None
            if answered in TOPIC_RULES.get(entry.topic, ()):
                scores.topics_right += 1
            elif entry.id not in scores.misses:
                scores.misses.append(entry.id)
    return scores


def by_split(entries: Sequence[CorpusEntry], rules: PainRules) -> dict[str, Scores]:
    """Scores for the tuned and the held-out part separately."""
    return {
        split: score((e for e in entries if e.split == split), rules)
        for split in ("tune", "holdout")
    }
