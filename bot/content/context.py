"""How a message frames what it mentions: our own take on ConText (Chapman et al., after NegEx).

ConText looks for cue words around a concept and gives each cue a scope that runs until a
clause ends. We read four properties, on the canonical tokens the lexicon produces (synonyms
have already turned "not sure" into `unsure`, "what if" into `hypothetical`, "my dad" into
`relative`, and pseudo-negations such as "no change" or "not only" into harmless words):

- negated: a cue before the concept ("no fever", "without numbness or weakness": the scope runs
  over a list) or right after it at the end of its clause ("fever: no", "bladder is fine");
- someone else's: "my dad had cancer", "cancer runs in the family";
- hypothetical: "what if my legs go numb";
- uncertain: "not sure if I hit my head" (never read as "no").

A clause ends at BOUNDARY (full stops, "but", "however", a list break that starts a new
sentence such as ", my legs…"). A negation also ends after NEGATION_REACH words.
"""

from dataclasses import dataclass
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from bot.content.normalize import BOUNDARY, MARKS, SOFT

Reading = Literal["affirmed", "uncertain", "hypothetical"]

NEGATION_REACH: Final = 6  # words a negation covers forwards: "no fever, numbness or weakness"
TOPIC_NEGATION_REACH: Final = 3  # "no back pain": a topic is only negated from close by
POST_REACH: Final = 3  # words a trailing negation may sit after its concept: "bladder is fine"
LIST_ITEM_MAX: Final = 3  # a longer item after a list break starts a statement of its own
LIST_ANSWER_ITEMS: Final = 4  # items one trailing answer may cover: "saddle, genitals, anus: no"
UNSURE_BACK_REACH: Final = 4  # words a trailing doubt reaches back: "hit my head I think"


class ContextCues(BaseModel):
    """The cue words of the rule file, as canonical single tokens."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    negation_before: tuple[str, ...]
    negation_after: tuple[str, ...]
    other_before: tuple[str, ...]
    other_after: tuple[str, ...]
    hypothetical: tuple[str, ...]
    uncertain: tuple[str, ...]

    def all_words(self) -> tuple[str, ...]:
        """Every cue word, for the checks and the typo fixer."""
        return (
            *self.negation_before,
            *self.negation_after,
            *self.other_before,
            *self.other_after,
            *self.hypothetical,
            *self.uncertain,
        )


@dataclass(frozen=True)
class Cues:
    """Which token positions of one message fall in the scope of each kind of cue."""

    tokens: tuple[str, ...]
    negated: frozenset[int]
    negated_near: frozenset[int]
    others: frozenset[int]
    hypothetical: frozenset[int]
    uncertain: frozenset[int]
    after: frozenset[str]
    before: frozenset[str]

    def reading(
        self, start: int, end: int, *, others_count: bool = False, warning: bool = True
    ) -> Reading | None:
        """How the words at start..end are meant; None when negated or about someone else.

        A topic's words are only negated by a cue right before them ("no back pain"): a list
        of denied warning signs ("no numbness or weakness, lower back pain") leaves the topic.
        """
        span = range(start, end + 1)
        negated = self.negated if warning else self.negated_near
        if any(i in negated for i in span) or self._negated_after(end, lone=warning):
            return None
        if warning and not others_count and any(i in self.others for i in span):
            return None
        if any(i in self.uncertain for i in span):
            return "uncertain"
        if any(i in self.hypothetical for i in span):
            return "hypothetical"
        return "affirmed"

    def _negated_after(self, end: int, *, lone: bool) -> bool:
        """A negation closing the concept's clause ("peeing is normal", "bladder, bowels:
        fine"), or, if `lone`, answering it as the whole next clause ("numbness? no",
        "chest pain when running? nope")."""
        tokens, count = self.tokens, 0
        i = end + 1
        if i < len(tokens) and tokens[i] == BOUNDARY:
            return lone and self._lone_cue(i + 1)
        while i < len(tokens) and count < POST_REACH:
            token = tokens[i]
            if token == SOFT:
                return self._lone_cue(i + 1) or (lone and self._list_answered(i + 1))
            if token == BOUNDARY:  # "chest pain while running? nope", not "…, it was fine"
                return lone and self._lone_cue(i + 1, answer=True)
            if token in self.after and _ends_clause(tokens, i) and tokens[i - 1] not in self.before:
                return True
            count += 1
            i += 1
        return False

    def _list_answered(self, i: int) -> bool:
        """The concept opens a list of short items that one trailing negation answers as a
        whole: "numbness in the saddle area, genitals: no", "groin or bum? nope, none"."""
        tokens = self.tokens
        for _ in range(LIST_ANSWER_ITEMS):
            length = _item_length(tokens, i)
            if length == 0 or length > LIST_ITEM_MAX:
                return False
            after = i + length
            if after >= len(tokens):
                return False
            if tokens[after] == BOUNDARY:
                return self._lone_cue(after + 1, answer=True)
            if self._lone_cue(after + 1):
                return True
            i = after + 1
        return False

    def _lone_cue(self, i: int, *, answer: bool = False) -> bool:
        """A trailing negation alone in its clause; if `answer`, a plain "no" ("nope",
        "never": a cue that negates both ways), not a state such as "fine"."""
        tokens = self.tokens
        if i >= len(tokens) or tokens[i] not in self.after or not _ends_clause(tokens, i):
            return False
        return not answer or tokens[i] in self.before


def _ends_clause(tokens: tuple[str, ...], i: int) -> bool:
    return i + 1 >= len(tokens) or tokens[i + 1] in MARKS


def read_context(tokens: tuple[str, ...], cues: ContextCues) -> Cues:
    """The scopes of every cue in a message, in one pass per kind of cue."""
    before = frozenset(cues.negation_before)
    negated: set[int] = set()
    near: set[int] = set()
    others: set[int] = set()
    hypothetical: set[int] = set()
    uncertain: set[int] = set()
    for i, token in enumerate(tokens):
        if token in before:
            negated.update(_forward(tokens, i, NEGATION_REACH))
            near.update(_forward(tokens, i, TOPIC_NEGATION_REACH, lists=False))
        if token in cues.other_before:
            others.update(_forward(tokens, i, len(tokens)))
        if token in cues.other_after:
            others.update(_backward(tokens, i, len(tokens)))
        if token in cues.hypothetical:  # a question's "what if" covers the whole sentence
            hypothetical.update(_forward(tokens, i, len(tokens), items=False))
        if token in cues.uncertain:
            uncertain.update(_forward(tokens, i, len(tokens)))
            uncertain.update(_backward(tokens, i, UNSURE_BACK_REACH))
    return Cues(
        tokens,
        frozenset(negated),
        frozenset(near),
        frozenset(others),
        frozenset(hypothetical),
        frozenset(uncertain),
        frozenset(cues.negation_after),
        before,
    )


def _forward(
    tokens: tuple[str, ...], cue: int, reach: int, *, lists: bool = True, items: bool = True
) -> range:
    """Positions after a cue up to the clause's end or `reach` words; over list breaks only
    if `lists`, and (if `items`) only while they separate short list items."""
    i, count = cue + 1, 0
    stops = frozenset({BOUNDARY}) if lists else MARKS
    while i < len(tokens) and tokens[i] not in stops and count < reach:
        if tokens[i] == SOFT and items:
            if _item_length(tokens, i + 1) > LIST_ITEM_MAX or _new_subject(tokens, i + 1):
                break  # "not drinking, back pain down both legs": a new statement, not a list
        else:
            count += 1
        i += 1
    return range(cue + 1, i)


# Someone named afresh after a list break starts a statement: "no fall, and he's got a fever".
_SUBJECTS: Final = frozenset({"hes", "shes", "theyre", "theyve", "weve", "hed", "shed"})


def _new_subject(tokens: tuple[str, ...], start: int) -> bool:
    return start < len(tokens) and tokens[start] in _SUBJECTS


def _item_length(tokens: tuple[str, ...], start: int) -> int:
    """Words from `start` to the next break of any kind."""
    end = start
    while end < len(tokens) and tokens[end] not in MARKS:
        end += 1
    return end - start


def _backward(tokens: tuple[str, ...], cue: int, reach: int) -> range:
    """Positions before a cue back to the clause's start (a list break ends it too)."""
    i, count = cue - 1, 0
    while i >= 0 and tokens[i] not in MARKS and count < reach:
        count += 1
        i -= 1
    return range(i + 1, cue)
