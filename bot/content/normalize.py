"""Free text → comparable tokens, one pipeline for rule triggers and for what users type.

Triggers and queries share every step (case, accents, punctuation, filler words, plurals,
synonyms), so a rule written as "lower back" also matches "LOWERBACK 😩" or "back, the low bit".
Typos are fixed in queries only, and only towards words the rules actually use (rapidfuzz).
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz, process

MAX_QUERY_CHARS: Final = 4096  # Telegram's message limit: a warning sign may sit anywhere
MAX_TOKENS: Final = 1200
BOUNDARY: Final = "|"  # a clause break: phrases and every context cue stay inside a clause
SOFT: Final = ","  # a list break: "no fever, numbness or weakness" keeps one negation scope
MARKS: Final = frozenset({BOUNDARY, SOFT})

FUZZY_MIN_LEN: Final = 4  # shorter words have too many real neighbours to correct safely
FUZZY_MAX_LEN: Final = 20
# fuzz.ratio: "fexor"→"flexor" 91, "shoudler"→"shoulder" 88; one changed letter in a five-letter
# word scores 80 ("lunch"→"hunch"), so those stay as typed.
FUZZY_CUTOFF: Final = 82.0
FUZZY_WEIGHT: Final = 0.9  # a corrected word counts a little less than a word typed right
MAX_FILLER_GAP: Final = 3  # filler words a synonym variant may skip: "between (all of) my legs"
MAX_FUZZY_LOOKUPS: Final = 64  # per query; keeps a 4,096-character message fast
_CACHE_LIMIT: Final = 20_000

# Words that carry no meaning for matching. Phrases may still spell them out ("it band").
FILLERS: Final = frozenset({
    "a", "an", "the", "my", "mine", "your", "our", "their", "his", "her", "its", "it", "i",
    "im", "ive", "id", "ill", "me", "myself", "this", "that", "these", "those", "of", "in",
    "on", "at", "to", "for", "with", "from", "into", "onto", "by", "as", "is", "are", "am",
    "was", "were", "be", "been", "being", "do", "does", "did", "have", "has", "had", "get",
    "gets", "getting", "got", "going", "up", "so", "very", "really", "quite", "just", "bit",
    "little", "some", "any", "also", "too", "when", "while", "after", "since", "because", "or",
    "if", "whether", "then", "there", "here", "what", "which", "who", "how", "about", "like",
    "lot", "lots", "kind", "sort", "sometimes", "always", "usually", "often", "again", "still",
    "today", "yesterday", "week", "weeks", "day", "days", "recently", "lately", "now", "please",
    "help"
})  # fmt: skip
# Words that cancel what follows; the matcher reads them, so typo fixing must leave them alone.
NEGATIONS: Final = frozenset({
    "no", "not", "without", "never", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt",
    "werent", "havent", "hasnt", "hadnt", "nor", "neither", "none", "denies", "deny"
})  # fmt: skip
# Conjunctions that start a new clause: "no fever but numb groin" must not negate "numb".
_CLAUSE_WORDS: Final = frozenset({
    "but", "although", "though", "however", "yet", "whereas", "except", "apart", "otherwise",
    "aside", "besides", "unfortunately", "sadly", "anyway"
})  # fmt: skip
# Someone else reporting on the user: what follows is about the user again.
_REPORTING: Final = frozenset({
    "says", "said", "thinks", "thought", "noticed", "told", "reckons", "saw", "tells"
})  # fmt: skip
_FIRST_PERSON: Final = frozenset({"i", "im", "ive", "me", "my"})
# Someone named and then "I" as a new subject: "talking to my colleague I couldn't get the
# words out" is about the user again.
_PEOPLE: Final = frozenset({
    "colleague", "colleagues", "coworker", "friend", "friends", "mate", "mates", "boss",
    "dad", "mum", "mom", "wife", "husband", "partner", "son", "daughter", "brother", "sister",
    "neighbour", "neighbor", "flatmate", "roommate", "teammate", "coach", "kids", "children"
})  # fmt: skip
_SUBJECT_I: Final = frozenset({"i", "im", "ive", "id"})
_HANDOVER: Final = _REPORTING | _PEOPLE
# Words that join items of a list: a negation reaches over them.
_LIST_WORDS: Final = frozenset({"and", "plus", "or", "nor"})
# Words the tokenizer treats specially; any other word after an ordinary one is just kept.
_SPECIAL: Final = _CLAUSE_WORDS | _LIST_WORDS | {"not"}
# A list break followed by one of these starts a new clause: "no fever, my legs are numb".
_CLAUSE_STARTS: Final = frozenset({
    "i", "im", "ive", "id", "ill", "my", "it", "its", "he", "she", "they", "we", "there",
    "theres", "now", "then", "the", "this", "that", "since", "after", "when", "which", "so",
    "also", "today", "yesterday", "last", "recently", "lately", "suddenly", "sometimes"
})  # fmt: skip
# Common words close to rule vocabulary that must never be "corrected" into it.
_NEVER_CORRECT: Final = frozenset({
    "black", "pack", "sack", "track", "paint", "store", "score", "more", "hitting", "fitting",
    "talking", "feel", "feels", "feeling", "felt", "even", "only", "over", "well", "will",
    "would", "could", "should", "cause", "start", "started", "starting", "thing", "things",
    "think", "know", "want", "need", "work", "works", "worked", "working", "hard", "harder",
    "long", "longer", "last", "first", "every", "other", "before", "where", "during", "each",
    "than", "them", "they", "their", "right", "light", "might", "fight", "sight",
    "life", "wife", "nine", "line", "fine", "time", "times", "tired", "tried", "trying",
    "ouch", "standing", "heat", "seats", "stain", "later", "tonight", "grin", "coughing",
    "cold", "walker", "trail", "trails", "supine", "prone", "slid", "looked", "faster",
    "spot", "sport", "lying", "laying", "sling", "slings", "real"
})  # fmt: skip
Phrase = tuple[str, ...]  # canonical tokens of a trigger or synonym
_KEEP_PLURAL: Final = frozenset({"legs"})  # "legs" means both sides, which is a warning sign

_APOSTROPHES = re.compile(r"['’‘`´]")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_PARTS = re.compile(r"([.;!?()\[\]{}\n\r\t|]+|[,:]+|\s[-–—]+\s)")
# A question with "if" in it asks about what might happen: "what do I do if my legs go numb?"
_IF_QUESTION = re.compile(r"\b(if|say|suppose|imagine)\b(?=[^.!?\n]*\?)")
# A question in the conditional, or one asking whether something could "ever" happen, is about
# a possibility: "would tingling when wiping count?", "could back pain ever be cancer?".
_MAYBE_QUESTION = re.compile(
    r"(?:^|(?<=[.!?\n:;]))\s*(?:just\s+)?(?:wondering\s*,?\s*)?(would)\b(?=[^.!?\n]*\?)"
    r"|\b(could|can|would|does|do|is)\b(?=[^.!?\n]*\bever\b[^.!?\n]*\?)"
    r"|\b(when|would|should|how)\b(?=[^.!?\n]*\b(?:dangerous|danger|a worry|worrying|serious"
    r"|concerning|a concern|an emergency|a red flag|a bad sign|mean)\b[^.!?\n]*\?)"
)
# Units that make a number after "I'm" something other than an age: "I'm 30 weeks pregnant".
_NOT_AGE_UNIT = (
    r"(?!\s*(?:weeks?|wks?|days?|months?|hours?|hrs?|mins?|minutes?|km|k|miles?|mi|kg"
    r"|kilos?|lbs?|stone|%|percent|times?|x)\b)"
)
_AGE = re.compile(
    r"\b(?:(?P<age>\d{1,3})\s*-?\s*(?:yo|y/o|y\.o\b\.?|yrs?\s*-?\s*old|years?\s*-?\s*old|year\s*-?\s*old)"
    r"|(?P<self>im|i am|aged|age)\s+(?P<age2>\d{1,3})\b"
    + _NOT_AGE_UNIT
    + r"|(?P<age3>\d{2})\s?(?:m|f)\b(?!\s*(?:mph|from|of))"
    r"|(?:male|female|man|woman|guy|lady|bloke|gal)\s*,?\s*(?:aged\s*)?(?P<age4>\d{2})\b"
    + _NOT_AGE_UNIT
    + r"|(?:he|she|hes|shes|who|lad|lass|son|daughter|kid|boy|girl|child|grandson|granddaughter)"
    r"\s+(?:is\s+|s\s+)?(?:only\s+|just\s+)?(?P<age5>\d{1,2})\b(?!\s*(?:out|/|x)\b)"
    + _NOT_AGE_UNIT
    + r")"
)
# An older relative named with their age is who the message is about ("my mum is 81, she
# fell", "typing for my dad (78)"): the age stands in for them, so what follows is read as the
# person asking for help, not as family history.
_RELATIVE_AGE = re.compile(
    r"\b(?:mum|mom|mother|mam|dad|father|nan|nana|gran|granny|grandma|grandmother|grandad"
    r"|granddad|grandpa|grandfather|husband|wife|partner)\s*(?:is|s|,|\(|-)?\s*(?:aged\s*)?"
    r"(?P<age>[5-9]\d|1[01]\d)\b" + _NOT_AGE_UNIT
)
# A message that opens with a week count in pregnancy's range gives a pregnancy, not how long
# it has hurt: "30 wks, pain in my bum cheek".
_LEADING_WEEKS = re.compile(r"^\s*(?:[1-3]\d|4[0-2])\s*\+?\s*(?:wks?|weeks?)\b(?=\s*[,.:;-])")
# A message that opens with a bare number and a break gives an age: "70, can't lift my arms".
_LEADING_AGE = re.compile(r"^\s*(?P<age>\d{2,3})\s*(?:,|\.(?!\d)|:|-\s)(?!\s*\d)")
# A doubt about an amount is not a doubt about what happened: "fell maybe 2 metres".
_HEDGED_AMOUNT = re.compile(
    r"\b(?:maybe|perhaps|possibly|probably|roughly)\s+(?=(?:\d|a few\b|a couple\b|half\b"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty)\b))"
)
# A fever written as a reading: "temp of 38.6", "39 degrees", "101F".
_FEVER = re.compile(
    r"\b(?:(?:temp(?:erature)?|fever|pyrexia|thermometer)\s*"
    r"(?:of|is|was|at|around|about|over|=|says|said|reads|read|shows|showed)?\s*"
    r"(?:3[89]|4[0-2]|10[0-5])(?:[.,]\d+)?(?:\s*(?:°|degrees?|deg)?\s*[cf]?)?"
    r"|(?:3[89]|4[0-2])(?:[.,]\d+)?\s*(?:°\s*c?|degrees?(?:\s*c(?:elsius)?)?|c)"
    r"|10[0-5](?:[.,]\d+)?\s*(?:°\s*f?|degrees?\s*f(?:ahrenheit)?|f))\b"
)
# A weight lost or gained written with its unit: "lost 8kg", "down 10 lbs" read as kilos.
_WEIGHT_AMOUNT = re.compile(r"\b\d{1,3}(?:[.,]\d+)?\s*(?:kgs?|kilos?|kilograms?|lbs?|pounds)\b")
# How long it has gone on: four weeks or more is long-standing ("for 7 weeks", "two months now").
_NUMBERS: Final = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "few": 3,
    "several": 4, "many": 6, "couple": 2, "couple of": 2, "a couple of": 2, "a few": 3,
}  # fmt: skip
_DURATION = re.compile(
    r"\b(?P<n>\d{1,3}|a couple of|couple of|a few|"
    + "|".join(sorted((k for k in _NUMBERS if " " not in k), key=len, reverse=True))
    + r")\s*\+?\s*(?P<unit>weeks?|wks?|months?|mths?|mnths?|years?|yrs?)\b"
    r"(?!\s*(?:ago|pregnant|preg|along|postpartum|old)\b)"
)
_HARD_MARK = re.compile(r"[.;!?()\[\]{}\n\r\t|]")
# Cheap tests that let a long message skip the patterns that cannot match it: every age, fever
# reading and leading number needs a digit, every duration a unit, every question a "?".
_DIGIT = re.compile(r"\d")
_UNIT = re.compile(r"wk|week|mth|mnth|month|yr|year")
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1 << 16)
def stem(token: str) -> str:
    """Drop a plural or third-person -s so "hips" and "hip", "hurts" and "hurt" compare equal."""
    if len(token) <= 3 or not token.endswith("s") or token in _KEEP_PLURAL:
        return token
    if token.endswith(("ss", "us", "is")):
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    return token[:-1]


def _age_word(found: re.Match[str]) -> str:
    """An age as the word the rules use: "I'm 78" is elderly, "my 9 year old" a child and
    "I'm 14" a young person (the user, so not someone else)."""
    text = next(g for g in found.group("age", "age2", "age3", "age4", "age5") if g)
    age = int(text)
    if age < 18 and found.group("age3"):
        return found.group(0)  # "fell 10m" is a height, not a child
    if age < 18:
        return " minor " if found.group("self") else " child "
    if age >= 70:
        return " elderly "
    return " olderadult " if age >= 50 else " "


def _relative_age(found: re.Match[str]) -> str:
    """An older relative's age as the age word; a younger one's is left as typed."""
    age = int(found.group("age"))
    return " elderly " if age >= 70 else " olderadult " if age >= 50 else found.group(0)


def _leading_age(found: re.Match[str]) -> str:
    """An adult age opening the message, as its word; anything else is left as typed."""
    age = int(found.group("age"))
    if not 18 <= age <= 99:
        return found.group(0)
    return (" elderly " if age >= 70 else " olderadult " if age >= 50 else " ") + ","


def _duration_word(found: re.Match[str]) -> str:
    """A span of four weeks or more becomes `longstanding`; shorter ones are left as typed."""
    raw, unit = found.group("n"), found.group("unit")
    count = int(raw) if raw.isdigit() else _NUMBERS.get(raw, 1)
    weeks = count * (52 if unit.startswith("y") else 4 if unit.startswith("m") else 1)
    return " longstanding " if weeks >= 4 else found.group(0)


def words(text: str) -> list[str]:
    """Lower-cased, accent-free word tokens with BOUNDARY at clause breaks and SOFT at list
    breaks; ages become words ("elderly"); never raises."""
    text = unicodedata.normalize("NFKD", text[:MAX_QUERY_CHARS])
    text = _APOSTROPHES.sub("", _COMBINING.sub("", text)).casefold()
    if _DIGIT.search(text):
        text = _LEADING_WEEKS.sub(" pregnant ", text)
        text = _LEADING_AGE.sub(_leading_age, text)
        text = _RELATIVE_AGE.sub(_relative_age, text)
        text = _AGE.sub(_age_word, text)
    text = _HEDGED_AMOUNT.sub("", text)
    if _DIGIT.search(text):
        text = _FEVER.sub(" fever ", text)
        text = _WEIGHT_AMOUNT.sub(" kilos ", text)
    if _UNIT.search(text):
        text = _DURATION.sub(_duration_word, text)
    if "?" in text:
        text = _IF_QUESTION.sub(r"hypothetically \1", text)
        text = _MAYBE_QUESTION.sub(lambda found: f" hypothetically {found.group(0).strip()}", text)
    tokens: list[str] = []
    previous = ""
    joined_by_or = False  # "hip or my back" is one question, "fever and my legs…" two clauses
    for i, part in enumerate(_PARTS.split(text)):
        if i % 2:  # a separator
            joined_by_or = False
            _add_mark(tokens, BOUNDARY if _HARD_MARK.search(part) else SOFT)
            continue
        for token in _WORD.findall(part):
            if token not in _SPECIAL and previous not in _HANDOVER:
                if tokens and tokens[-1] == SOFT and token in _CLAUSE_STARTS and not joined_by_or:
                    tokens[-1] = BOUNDARY
                tokens.append(token)
                joined_by_or = False
                previous = token
                continue
            if token == "not" and previous == "or":  # "whether I move or not" negates nothing
                previous = token
                continue
            if token in _CLAUSE_WORDS:
                _add_mark(tokens, BOUNDARY)
            elif token in _LIST_WORDS and token != "nor":
                _add_mark(tokens, SOFT)
                joined_by_or = token == "or"
            else:
                if tokens and tokens[-1] == SOFT and token in _CLAUSE_STARTS and not joined_by_or:
                    tokens[-1] = BOUNDARY
                if (previous in _REPORTING and token in _FIRST_PERSON) or (
                    previous in _PEOPLE and token in _SUBJECT_I
                ):  # "my wife says I slurred", "talking to my colleague I slurred"
                    _add_mark(tokens, BOUNDARY)
                tokens.append(token)
                joined_by_or = False
            previous = token
        if len(tokens) >= MAX_TOKENS:
            break
    while tokens and tokens[-1] in MARKS:
        tokens.pop()
    return tokens[:MAX_TOKENS]


def _add_mark(tokens: list[str], mark: str) -> None:
    """Add a break; a clause break outranks a list break at the same spot."""
    if not tokens:
        return
    if tokens[-1] in MARKS:
        if mark == BOUNDARY:
            tokens[-1] = BOUNDARY
        return
    tokens.append(mark)


@dataclass(frozen=True)
class Analysis:
    """A query as canonical tokens; weights[i] < 1 where tokens[i] came from a typo fix.
    `words` are the tokens as typed, before typo fixes and synonyms (the safety net's input)."""

    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    words: tuple[str, ...]


class Lexicon:
    """Synonyms and vocabulary of one rule set, precomputed so a query costs microseconds."""

    def __init__(self, synonyms: Mapping[str, Sequence[str]], terms: Iterable[str]) -> None:
        """Index synonym variants by first word, then collect every word the rules can match."""
        self._variants: dict[str, list[tuple[Phrase, Phrase]]] = {}
        for canonical, variants in synonyms.items():
            target = tuple(stem(w) for w in words(canonical) if w not in MARKS and w not in FILLERS)
            for variant in variants:
                shape = tuple(stem(w) for w in words(variant))
                if shape and target:
                    self._variants.setdefault(shape[0], []).append((shape, target))
        # Longer variants first; a multi-word one is filed under its first two words, so a
        # query word only tries the variants whose second word is just ahead of it.
        self._pairs: dict[tuple[str, str], list[tuple[int, Phrase, Phrase]]] = {}
        self._seconds: dict[str, frozenset[str]] = {}  # first word → second words it takes
        self._single: dict[str, Phrase] = {}
        for first, options in self._variants.items():
            options.sort(key=lambda option: -len(option[0]))
            for rank, (shape, target) in enumerate(options):
                if len(shape) > 1:
                    self._pairs.setdefault((first, shape[1]), []).append((rank, shape, target))
                else:
                    self._single.setdefault(first, target)
            self._seconds[first] = frozenset(shape[1] for shape, _ in options if len(shape) > 1)
        spelt = {w for text in (*synonyms, *terms) for w in words(text)}
        spelt |= {w for variants in synonyms.values() for text in variants for w in words(text)}
        spelt -= FILLERS | MARKS
        self._vocabulary = frozenset(spelt | {stem(w) for w in spelt})
        self._known = self._vocabulary | FILLERS | NEGATIONS | _NEVER_CORRECT
        # Typos are corrected towards words as the rules spell them, never towards stems, and
        # keep their first letter: people rarely get that wrong, and "ever" is not "fever".
        self._targets: dict[tuple[str, int], list[str]] = {}
        for w in sorted(w for w in spelt if len(w) >= FUZZY_MIN_LEN and w.isalpha()):
            for n in range(max(len(w) - 2, FUZZY_MIN_LEN), len(w) + 3):
                self._targets.setdefault((w[0], n), []).append(w)
        self._corrections: dict[str, str | None] = {}

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word the rules and synonyms spell, as written and stemmed."""
        return self._vocabulary

    def phrase(self, text: str) -> Phrase:
        """A trigger or a synonym as canonical tokens (no typo fixing: rules are spelt right)."""
        raw = words(text)
        tokens, _ = self._canonical_twice(raw, [1.0] * len(raw))
        return tuple(t for t in tokens if t not in MARKS)

    def analyse(self, text: str) -> Analysis:
        """A query as canonical tokens, typos fixed against the rules' vocabulary."""
        raw = words(text)
        typed = tuple(raw)
        weights = [1.0] * len(raw)
        lookups = 0
        for i, token in enumerate(raw):
            if token in self._known or stem(token) in self._known or not self._fixable(token):
                continue
            if token not in self._corrections:
                if lookups >= MAX_FUZZY_LOOKUPS:
                    continue
                lookups += 1
            fixed = self._correct(token)
            if fixed is not None:
                raw[i], weights[i] = fixed, FUZZY_WEIGHT
        tokens, out_weights = self._canonical_twice(raw, weights)
        return Analysis(tuple(tokens), tuple(out_weights), typed)

    @staticmethod
    def _fixable(token: str) -> bool:
        return FUZZY_MIN_LEN <= len(token) <= FUZZY_MAX_LEN and token.isascii() and token.isalpha()

    def _correct(self, token: str) -> str | None:
        """The closest rule word to a misspelt token, if it is close enough; cached."""
        if token in self._corrections:
            return self._corrections[token]
        targets = self._targets.get((token[0], len(token)), [])
        best = process.extractOne(token, targets, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        fixed = best[0] if best else None
        if len(self._corrections) >= _CACHE_LIMIT:
            self._corrections.clear()
        self._corrections[token] = fixed
        return fixed

    def _canonical_twice(
        self, raw: list[str], weights: list[float]
    ) -> tuple[list[str], list[float]]:
        """Two passes, so a canonical word can start a longer variant: "no longer able to"
        becomes `cannot`, and `cannot lift foot` then becomes `foot drop`."""
        tokens, out_weights, replaced = self._canonical(raw, weights)
        if replaced:
            tokens, out_weights, _ = self._canonical(tokens, out_weights)
        return tokens, out_weights

    def _canonical(
        self, raw: list[str], weights: list[float]
    ) -> tuple[list[str], list[float], bool]:
        """Replace synonym variants (longest first) and drop filler words; True if any
        variant was replaced."""
        stems = [stem(t) for t in raw]
        tokens: list[str] = []
        out_weights: list[float] = []
        add, add_weight = tokens.append, out_weights.append
        replaced = False
        seconds, single, fillers = self._seconds, self._single, FILLERS
        i, size = 0, len(raw)
        while i < size:
            current = stems[i]
            takes = seconds.get(current)
            if takes is not None:
                if takes and not takes.isdisjoint(stems[i + 1 : i + 2 + MAX_FILLER_GAP]):
                    end, target = self._variant_at(raw, stems, i)
                else:  # no longer variant can start here: the one-word one, if any
                    target = single.get(current, ())
                    end = i + 1
                if target:
                    tokens.extend(target)
                    weight = weights[i] if end == i + 1 else min(weights[i:end])
                    out_weights.extend([weight] * len(target))
                    i, replaced = end, True
                    continue
            if raw[i] not in fillers:
                add(current)
                add_weight(weights[i])
            i += 1
        return tokens, out_weights, replaced

    def _variant_at(self, raw: list[str], stems: list[str], i: int) -> tuple[int, Phrase]:
        """The longest synonym variant starting at i; filler words in the text may sit between."""
        size, first = len(raw), stems[i]
        seconds = self._seconds[first]
        ahead = {word for word in stems[i + 1 : i + 2 + MAX_FILLER_GAP] if word in seconds}
        options = (
            sorted(option for word in ahead for option in self._pairs[first, word]) if ahead else ()
        )
        for _, shape, target in options:
            j = i + 1
            for part in shape[1:]:
                stop = min(size, j + MAX_FILLER_GAP)
                while j < stop and stems[j] != part and raw[j] in FILLERS:
                    j += 1
                if j >= size or stems[j] != part:
                    break
                j += 1
            else:
                return j, target
        single = self._single.get(first)
        return (i + 1, single) if single else (i, ())
