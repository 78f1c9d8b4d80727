"""The /pain rules as data: the schema the YAML file is read into, compiled for matching.

A rule's triggers and synonyms are compiled once at load time (see `normalize.Lexicon`), so
matching a query never re-parses the YAML words.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from bot.content.context import ContextCues
from bot.content.normalize import Lexicon, Phrase
from bot.content.pain_net import SafetyNet, load_safety_net
from bot.content.pain_topics import TOPIC_RULES, TOPICS_PATH, TopicModel, load_topic_model
from bot.content.vocabulary import PainArea, Role

RULES_PATH: Final = Path(__file__).with_name("pain_rules.yaml")
TITLE_MAX: Final = 40  # the title doubles as a button label
MAX_EXERCISES: Final = 3

# How soon someone should be seen, most urgent first. Only self-care answers carry moves.
Level = Literal["emergency", "same_day", "soon", "self_care"]
LEVELS: Final[tuple[Level, ...]] = get_args(Level)
WARNING_LEVELS: Final[frozenset[Level]] = frozenset({"emergency", "same_day"})
SafetyQuestionId = Literal["trauma", "nerve", "fever"]

# Warning-sign families (NICE NG59/CKS, the IFOMPT spinal and cervical frameworks, the Ottawa
# rules and the NHS pages on DVT, chest pain and head injury); every one needs a rule.
Family = Literal[
    "cauda_equina",
    "progressive_weakness",
    "fracture",
    "malignancy",
    "infection",
    "inflammatory",
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
    "unnamed",  # no rule names it: the safety net read a warning sign (bot/content/pain_net.py)
]
FAMILIES: Final[tuple[Family, ...]] = get_args(Family)

# The facts of ../shared/content-sources (and FIELD-NOTES) a rule can rest on; each must be used.
SourceFact = Literal[
    "radiating_back_pain",
    "hip_flexor_sitting",
    "hip_flexor_no_arch",
    "hip_flexor_strain",
    "oa_movement",
    "hip_vs_back",
    "spasm_myth",
    "mileage_flexibility",
    "cyclist_hips",
    "trauma",
    "red_flags",
    "self_care",
    "nice_ng59",
    "ifompt_spine",
    "ifompt_cervical",
    "ottawa_rules",
    "nhs_dvt",
    "nhs_chest_pain",
    "nhs_head_injury",
    "sports_injury",
    "pregnancy",
    "joint_replacement",
]
SOURCE_FACTS: Final[tuple[SourceFact, ...]] = get_args(SourceFact)


class PainRule(BaseModel):
    """One answer to a /pain question and the words that lead to it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")
    title: str
    areas: tuple[PainArea, ...] = Field(min_length=1)
    triggers: tuple[str, ...]
    requires: tuple[str, ...] = ()  # context: at least one must also be present
    # Phrases that, said plainly, take a warning sign back: "numb after rides, wears off".
    unless: tuple[str, ...] = ()
    # A warning sign names its family; it is checked before every topic and never offers moves.
    family: Family | None = None
    level: Level
    # For a warning sign: the one yes/no question asked when the user is unsure ("not sure if I
    # hit my head"); "yes" gives the warning answer, "no" the topic.
    ask: str | None = None
    # A warning sign that is about someone else by nature (a child's limp): "my son" counts.
    about_others: bool = False
    # Extra words allowed inside a trigger phrase: the heart's warning signs come wordy ("a
    # heavy tight feeling across the middle of my chest").
    slack: int = Field(default=2, ge=0, le=6)
    # Profiles this topic was written for: a cyclist's "tight hips" prefers the cycling rule.
    roles: tuple[Role, ...] = ()
    what: str  # what is probably going on, in plain words; never a diagnosis
    do_now: tuple[str, ...]
    see_pro: str  # the topic's own "see someone if" line
    exercises: tuple[str, ...] = ()
    # False for stiffness and mobility topics: their cure is moving the area, not sparing it.
    spare_area: bool = True
    source: SourceFact
    examples: tuple[str, ...] = ()

    @property
    def red_flag(self) -> bool:
        """A warning sign: it wins over every topic and sends the user to be seen."""
        return self.family is not None


class LevelText(BaseModel):
    """The fixed wording of one triage level; {number} is the local emergency number."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    headline: str  # the first line of an answer at this level
    if_it_happens: str  # the advice in a "what if …" answer for a sign at this level


class SafetyQuestion(BaseModel):
    """A yes/no button question; "yes" means the red-flag rule applies."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: SafetyQuestionId
    question: str
    red_flag_rule: str


@dataclass(frozen=True)
class CompiledRule:
    """A rule with its triggers and context already turned into canonical tokens."""

    rule: PainRule
    order: int
    triggers: tuple[Phrase, ...]
    requires: tuple[Phrase, ...]
    unless: tuple[Phrase, ...]


@dataclass(frozen=True)
class IndexedPhrase:
    """One compiled phrase, filed under its first word so a query only checks likely phrases."""

    order: int  # the rule's position in `PainRules.compiled`
    context: bool  # from `requires` rather than `triggers`
    words: Phrase


class PainRules(BaseModel):
    """The whole rule file, plus what the matcher precomputes from it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    levels: dict[Level, LevelText]
    context: ContextCues
    synonyms: dict[str, tuple[str, ...]] = {}
    safety_questions: tuple[SafetyQuestion, ...]
    area_defaults: dict[PainArea, str] = {}
    # Said plainly, these lift a self-care topic to "soon" (book a GP or physio within days):
    # pain going on for weeks without getting better. `soon_unless` takes the lift back.
    soon_signs: tuple[str, ...] = ()
    soon_unless: tuple[str, ...] = ()
    rules: tuple[PainRule, ...]

    _lexicon: Lexicon = PrivateAttr()
    _compiled: tuple[CompiledRule, ...] = PrivateAttr()
    _by_id: dict[str, PainRule] = PrivateAttr()
    _index: dict[str, tuple[IndexedPhrase, ...]] = PrivateAttr()
    _soon: tuple[tuple[Phrase, ...], tuple[Phrase, ...]] = PrivateAttr()
    _net: SafetyNet | None = PrivateAttr(default=None)
    _topics: TopicModel | None = PrivateAttr(default=None)

    def model_post_init(self, context: Any, /) -> None:
        """Compile every trigger once, so matching is only set look-ups."""
        terms = [t for rule in self.rules for t in (*rule.triggers, *rule.requires, *rule.unless)]
        terms += self.context.all_words()
        terms += [*self.soon_signs, *self.soon_unless]
        self._lexicon = Lexicon(self.synonyms, terms)
        self._compiled = tuple(
            CompiledRule(
                rule=rule,
                order=order,
                triggers=self._phrases(rule.triggers),
                requires=self._phrases(rule.requires),
                unless=self._phrases(rule.unless),
            )
            for order, rule in enumerate(self.rules)
        )
        self._by_id = {}
        for rule in self.rules:
            self._by_id.setdefault(rule.id, rule)
        index: dict[str, list[IndexedPhrase]] = {}
        for compiled in self._compiled:
            for is_context, phrases in ((False, compiled.triggers), (True, compiled.requires)):
                for phrase in dict.fromkeys(phrases):
                    index.setdefault(phrase[0], []).append(
                        IndexedPhrase(compiled.order, is_context, phrase)
                    )
        self._index = {word: tuple(entries) for word, entries in index.items()}
        self._soon = (self._phrases(self.soon_signs), self._phrases(self.soon_unless))
        self.attach_net(load_safety_net())
        wanted = not isinstance(context, dict) or context.get("topics", True)
        if wanted and TOPICS_PATH.exists():  # absent only before its first training; checked
            self.attach_topics(load_topic_model())

    @property
    def net_answers(self) -> dict[Level, PainRule]:
        """The rules the safety net answers with, by level (the `unnamed` family)."""
        return {rule.level: rule for rule in self.rules if rule.family == "unnamed"}

    @property
    def net(self) -> SafetyNet | None:
        """The safety net, once attached; a rule file without its answers never gets one."""
        return self._net

    def attach_net(self, net: SafetyNet) -> None:
        """Let `net` raise calm answers, if this file has an answer for each level it gives
        (the shipped net is attached on load; tests hand in their own)."""
        if set(self.net_answers) >= {"emergency", "same_day"}:
            self._net = net

    @property
    def topic_model(self) -> TopicModel | None:
        """The topic re-picker, once attached (bot/content/pain_topics.py)."""
        return self._topics

    def attach_topics(self, model: TopicModel | None) -> None:
        """Let `model` re-pick self-care topics, if every topic it knows is answered by a
        self-care rule of this file; None takes it away (the trainer scores the rules alone)."""
        self._topics = model if model is None or not topic_model_problems(model, self) else None

    def _phrases(self, texts: tuple[str, ...]) -> tuple[Phrase, ...]:
        return tuple(p for p in (self._lexicon.phrase(t) for t in texts) if p)

    @property
    def lexicon(self) -> Lexicon:
        """Synonyms and vocabulary, compiled."""
        return self._lexicon

    @property
    def soon(self) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
        """The compiled `soon_signs` and `soon_unless` phrases."""
        return self._soon

    @property
    def cues(self) -> ContextCues:
        """The ConText cue words (negation, someone else, hypothetical, uncertain)."""
        return self.context

    def level_text(self, level: Level) -> LevelText:
        """The fixed wording of a level (the checks make sure every level has one)."""
        return self.levels[level]

    @property
    def compiled(self) -> tuple[CompiledRule, ...]:
        """Every rule with canonical trigger tokens, in file order (earlier wins a tie)."""
        return self._compiled

    @property
    def index(self) -> dict[str, tuple[IndexedPhrase, ...]]:
        """Every compiled phrase, by its first word."""
        return self._index

    def by_id(self, rule_id: str) -> PainRule | None:
        """The rule with this id (the first, if the file repeats one), or None."""
        return self._by_id.get(rule_id)

    def for_area(self, area: PainArea) -> tuple[PainRule, ...]:
        """The topics (not warning signs) for one body area, in file order."""
        return tuple(r for r in self.rules if area in r.areas and not r.red_flag)

    def default_for(self, area: PainArea) -> PainRule | None:
        """The answer for an area picked by button with nothing typed."""
        rule_id = self.area_defaults.get(area)
        return self.by_id(rule_id) if rule_id else None

    def safety_question(self, question_id: SafetyQuestionId) -> SafetyQuestion | None:
        """A safety question by id."""
        return next((q for q in self.safety_questions if q.id == question_id), None)


def topic_model_problems(model: TopicModel, rules: PainRules) -> list[str]:
    """Why a model cannot be used with these rules: each of its topics must be in the map and
    answered only by existing self-care topic rules."""
    problems = []
    for topic in model.topics:
        rule_ids = TOPIC_RULES.get(topic)
        if not rule_ids:
            problems.append(f"topic model: topic {topic!r} is not in TOPIC_RULES")
            continue
        for rule_id in rule_ids:
            rule = rules.by_id(rule_id)
            if rule is None:
                problems.append(f"topic model: {topic}: no rule {rule_id!r}")
            elif rule.level != "self_care" or rule.red_flag:
                problems.append(f"topic model: {topic}: {rule_id} is not a self-care topic")
    if len(model.biases) != len(model.topics):
        problems.append("topic model: one bias per topic expected")
    if not 0.5 <= model.bar <= 1.0:
        problems.append(f"topic model: bar {model.bar} is outside 0.5..1")
    return problems
