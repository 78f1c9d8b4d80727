"""The exercise library and routine templates: schema, loader and the checks run at start-up.

A typo in routines.yaml should stop the bot with a clear list of problems, not quietly produce
an empty or unsafe routine weeks later, so every rule the chooser relies on is checked here.
"""

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any, Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.content.vocabulary import ROLES, PainArea, Role, Target

PACKAGED_LIBRARY: Final = Path(__file__).with_name("routines.yaml")

Position = Literal["seated", "standing", "kneeling", "lying", "floor"]
# Where a break nudge finds people: at a desk, in work clothes. They can sit or stand, not get down.
DESK_POSITIONS: Final[frozenset[str]] = frozenset({"seated", "standing"})
# Words in a cue that send someone down to the floor, whatever the position field says.
_FLOOR_WORDS: Final = re.compile(
    r"\b(lie|lying|lay|kneel\w*|floor|mat|all fours|hands and knees|on your (?:back|side|front))\b",
    re.IGNORECASE,
)

RoutineKind = Literal[
    "daily", "sitting_heavy", "mileage_boost", "post_ride", "post_run", "milestone", "fallback"
]
# The time range each kind of routine must stay in; the chooser promises these to its callers.
KIND_MINUTES: Final[dict[RoutineKind, tuple[float, float]]] = {
    "daily": (5, 12),
    "sitting_heavy": (5, 12),
    "mileage_boost": (5, 12),
    "fallback": (5, 12),
    "post_ride": (4, 8),
    "post_run": (4, 8),
    "milestone": (12, 20),
}
SINGLE_KINDS: Final[tuple[RoutineKind, ...]] = (
    "sitting_heavy",
    "mileage_boost",
    "post_ride",
    "post_run",
    "milestone",
    "fallback",
)
AFTER_ACTIVITY_KINDS: Final[frozenset[RoutineKind]] = frozenset({"post_ride", "post_run"})
MIN_EXERCISES: Final = 3
MAX_DESK_MINUTES: Final = 2.0
MIN_DESK_MOVES_PER_ROLE: Final = 3


class ContentError(Exception):
    """The content files are broken; `problems` lists every issue found, one per line."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("content problems:\n" + "\n".join(f"- {p}" for p in self.problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dose(_Strict):
    """How much of an exercise: a hold/duration or a rep count, once or on each side."""

    seconds: int | None = Field(default=None, gt=0)
    reps: int | None = Field(default=None, gt=0)
    sides: Literal["both", "none"]

    @model_validator(mode="after")
    def _one_measure(self) -> "Dose":
        if (self.seconds is None) == (self.reps is None):
            raise ValueError("give either seconds or reps, not both or neither")
        return self

    @property
    def hold_seconds(self) -> int:
        """Seconds spent holding in total (0 for rep-based doses)."""
        return (self.seconds or 0) * (2 if self.sides == "both" else 1)

    @property
    def text(self) -> str:
        """The dose as the user reads it, e.g. "30 s each side" or "10 reps"."""
        if self.seconds is not None:
            amount = (
                f"{self.seconds // 60} min"
                if self.seconds >= 60 and self.seconds % 60 == 0
                else f"{self.seconds} s"
            )
        else:
            amount = f"{self.reps} reps"
        return f"{amount} each side" if self.sides == "both" else amount


class Exercise(_Strict):
    """One move in the library."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(max_length=60)
    cue: str = Field(max_length=320)
    targets: tuple[Target, ...] = Field(min_length=1)
    loads: tuple[PainArea, ...] = ()
    suits: tuple[Role, ...] = Field(min_length=1)
    dose: Dose
    minutes: float = Field(gt=0, le=10)
    intensity: Literal["gentle", "moderate"]
    position: Position
    desk_ok: bool
    after_activity_ok: bool

    @property
    def fits_a_desk(self) -> bool:
        """Marked desk_ok and done seated or standing: what a break nudge at work may offer."""
        return self.desk_ok and self.position in DESK_POSITIONS

    def is_safe(self, avoid: Iterable[str]) -> bool:
        """True when the move puts no real load on any of the `avoid` pain areas."""
        return not set(self.loads).intersection(avoid)


class Slot(_Strict):
    """One place in a routine: a list of candidate exercises or a target to pick from."""

    exercises: tuple[str, ...] = ()
    target: Target | None = None
    roles: tuple[Role, ...] = ()  # empty: the slot applies to every role

    @model_validator(mode="before")
    @classmethod
    def _bare_list(cls, value: Any) -> Any:
        """Let YAML write a plain list of ids for the common case."""
        return {"exercises": value} if isinstance(value, list) else value

    @model_validator(mode="after")
    def _one_source(self) -> "Slot":
        if bool(self.exercises) == (self.target is not None):
            raise ValueError("a slot needs either a list of exercises or a target")
        return self

    def applies_to(self, roles: frozenset[str]) -> bool:
        """Whether a user (or activity) with these roles gets this slot."""
        return not self.roles or bool(roles.intersection(self.roles))


class RoutineTemplate(_Strict):
    """A recipe the chooser fills: ordered slots and the time the result may take."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: RoutineKind
    title: str = Field(max_length=60)
    purpose: str = Field(max_length=160)
    for_roles: tuple[Role, ...] = Field(min_length=1)
    slots: tuple[Slot, ...] = Field(min_length=1)
    min_minutes: float = Field(gt=0)
    max_minutes: float = Field(gt=0)
    max_exercises: int = Field(default=6, ge=1, le=12)


class Library(_Strict):
    """The whole file; `exercises` and `routines` are dicts by id, built from the lists."""

    exercise_list: tuple[Exercise, ...] = Field(alias="exercises")
    routine_list: tuple[RoutineTemplate, ...] = Field(alias="routines")

    @cached_property
    def exercises(self) -> dict[str, Exercise]:
        return {exercise.id: exercise for exercise in self.exercise_list}

    @cached_property
    def routines(self) -> dict[str, RoutineTemplate]:
        return {template.id: template for template in self.routine_list}

    def exercise(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise KeyError(f"unknown exercise {exercise_id!r}") from None

    def template_of_kind(self, kind: RoutineKind) -> RoutineTemplate:
        """The one template of a single-instance kind (validation guarantees it exists)."""
        for template in self.routine_list:
            if template.kind == kind:
                return template
        raise KeyError(f"no {kind!r} routine in the library")

    def daily_template(self, roles: frozenset[str]) -> RoutineTemplate | None:
        """The narrowest daily template that serves every one of `roles`."""
        fitting = [
            t for t in self.routine_list if t.kind == "daily" and roles.issubset(t.for_roles)
        ]
        return min(fitting, key=lambda t: (len(t.for_roles), t.id), default=None)

    @cached_property
    def _slot_orders(
        self,
    ) -> dict[tuple[int, int, frozenset[str]], tuple[RoutineTemplate, tuple[Exercise, ...]]]:
        return {}

    def slot_order(
        self, template: RoutineTemplate, index: int, roles: frozenset[str]
    ) -> tuple[Exercise, ...]:
        """The candidates of a template's slot for these roles, by id: the same for every user
        with these roles, so worked out once, not once per routine."""
        key = (id(template), index, roles)
        known = self._slot_orders.get(key)
        if known is not None and known[0] is template:
            return known[1]
        pool = self.candidates(template, template.slots[index], roles)
        order = tuple(sorted(pool, key=lambda e: e.id))
        self._slot_orders[key] = (template, order)
        return order

    def candidates(
        self, template: RoutineTemplate, slot: Slot, roles: frozenset[str]
    ) -> list[Exercise]:
        """Exercises a slot may use: its list as written, or the target's moves for these roles."""
        if slot.target is None:
            return [self.exercises[i] for i in slot.exercises if i in self.exercises]
        after_activity = template.kind in AFTER_ACTIVITY_KINDS
        return [
            e
            for e in sorted(self.exercises.values(), key=lambda e: e.id)
            if slot.target in e.targets
            and roles.intersection(e.suits)
            and (e.after_activity_ok or not after_activity)
        ]


def load_library(path: Path | None = None) -> Library:
    """Read and check a routines file; the packaged one is read once per process."""
    return _load_packaged() if path is None else _load(path)


@lru_cache(maxsize=1)
def _load_packaged() -> Library:
    return _load(PACKAGED_LIBRARY)


def _load(path: Path) -> Library:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError([f"{path.name}: cannot read it: {exc}"]) from exc
    if not isinstance(raw, dict):
        raise ContentError([f"{path.name}: expected a mapping with 'exercises' and 'routines'"])
    try:
        library = Library.model_validate(raw)
    except ValidationError as exc:
        raise ContentError(_schema_problems(exc, raw)) from exc
    problems = validate_library(library)
    if problems:
        raise ContentError(problems)
    return library


def _schema_problems(error: ValidationError, raw: dict[str, Any]) -> list[str]:
    """Pydantic's errors, located by exercise or routine id instead of list index."""
    problems = []
    for err in error.errors():
        loc = list(err["loc"])
        where = "file"
        if len(loc) >= 2 and loc[0] in ("exercises", "routines") and isinstance(loc[1], int):
            section, index = str(loc[0]), loc[1]
            items = raw.get(section)
            item = items[index] if isinstance(items, list) and index < len(items) else None
            ident = item.get("id") if isinstance(item, dict) else None
            label = "exercise" if section == "exercises" else "routine"
            where = f"{label} {ident!r}" if ident else f"{label} #{index + 1}"
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or "entry"
        message = f"{where}: {field}: {err['msg']}"
        if err["type"] == "literal_error":
            message += f" (got {err['input']!r})"
        problems.append(message)
    return problems


def validate_library(lib: Library) -> list[str]:
    """Every content problem found, in human words; empty when the library is usable."""
    return [
        *_duplicates(lib),
        *(p for exercise in lib.exercise_list for p in _exercise_problems(exercise)),
        *(p for template in lib.routine_list for p in _template_problems(lib, template)),
        *_coverage_problems(lib),
    ]


def _duplicates(lib: Library) -> Iterator[str]:
    for label, ids in (
        ("exercise", [e.id for e in lib.exercise_list]),
        ("routine", [t.id for t in lib.routine_list]),
    ):
        for ident, count in Counter(ids).items():
            if count > 1:
                yield f"duplicate {label} id {ident!r} ({count} times)"


def _exercise_problems(exercise: Exercise) -> Iterator[str]:
    where = f"exercise {exercise.id!r}"
    if not exercise.name.strip():
        yield f"{where}: empty name"
    if not exercise.cue.strip():
        yield f"{where}: empty cue"
    if exercise.minutes * 60 < exercise.dose.hold_seconds:
        yield f"{where}: {exercise.minutes:g} min is shorter than its dose ({exercise.dose.text})"
    if exercise.desk_ok and exercise.minutes > MAX_DESK_MINUTES:
        yield f"{where}: desk_ok moves must take at most {MAX_DESK_MINUTES:g} minutes"
    if exercise.desk_ok and exercise.position not in DESK_POSITIONS:
        yield f"{where}: desk_ok moves are done seated or standing, not {exercise.position}"
    floor = _FLOOR_WORDS.search(exercise.cue)
    if exercise.desk_ok and floor:
        yield f"{where}: desk_ok, but its cue says {floor.group(0)!r} (no lying, kneeling or floor)"


def _template_problems(lib: Library, template: RoutineTemplate) -> Iterator[str]:
    where = f"routine {template.id!r}"
    if not template.title.strip():
        yield f"{where}: empty title"
    if not template.purpose.strip():
        yield f"{where}: empty purpose"
    low, high = KIND_MINUTES[template.kind]
    if not low <= template.min_minutes <= template.max_minutes <= high:
        yield (
            f"{where}: minutes {template.min_minutes:g}-{template.max_minutes:g} must lie within "
            f"{low:g}-{high:g} for a {template.kind} routine"
        )
    for number, slot in enumerate(template.slots, start=1):
        for ident in slot.exercises:
            exercise = lib.exercises.get(ident)
            if exercise is None:
                yield f"{where}, slot {number}: unknown exercise {ident!r}"
            elif template.kind in AFTER_ACTIVITY_KINDS and not exercise.after_activity_ok:
                yield f"{where}, slot {number}: {ident!r} is not marked after_activity_ok"
            elif template.kind == "fallback" and exercise.intensity != "gentle":
                yield f"{where}, slot {number}: {ident!r} is not gentle"
        if slot.roles and not set(slot.roles).issubset(template.for_roles):
            yield f"{where}, slot {number}: roles {list(slot.roles)} are not in for_roles"
        if slot.target and not lib.candidates(template, slot, frozenset(template.for_roles)):
            yield f"{where}, slot {number}: no exercise has target {slot.target!r}"
    for roles in _role_sets(template.for_roles):
        reach = _reach(lib, template, roles)
        if reach is not None:
            yield f"{where}: for {'+'.join(sorted(roles))}, {reach}"


def _reach(lib: Library, template: RoutineTemplate, roles: frozenset[str]) -> str | None:
    """Why the template cannot reach 3 exercises or its minimum minutes, if it cannot."""
    longest = sorted(
        (
            max(e.minutes for e in pool)
            for slot in template.slots
            if slot.applies_to(roles) and (pool := lib.candidates(template, slot, roles))
        ),
        reverse=True,
    )[: template.max_exercises]
    if len(longest) < MIN_EXERCISES:
        return f"only {len(longest)} usable slots (needs {MIN_EXERCISES})"
    if min(sum(longest), template.max_minutes) < template.min_minutes:
        return f"at most {sum(longest):g} min, below its minimum of {template.min_minutes:g}"
    return None


def _coverage_problems(lib: Library) -> Iterator[str]:
    kinds = Counter(t.kind for t in lib.routine_list)
    for kind in SINGLE_KINDS:
        if kinds[kind] != 1:
            yield f"the library needs exactly one {kind!r} routine (found {kinds[kind]})"
    for role in ROLES:
        if not any(t.kind == "daily" and role in t.for_roles for t in lib.routine_list):
            yield f"role {role!r} has no daily routine"
        desk_moves = [e for e in lib.exercise_list if e.desk_ok and role in e.suits]
        if len(desk_moves) < MIN_DESK_MOVES_PER_ROLE:
            yield f"role {role!r} has {len(desk_moves)} desk_ok exercises (needs 3)"
    for roles in _role_sets(ROLES):
        if lib.daily_template(roles) is None:
            yield f"no daily routine serves {'+'.join(sorted(roles))} together"
    if not any(e.desk_ok and not e.loads for e in lib.exercise_list):
        yield "no desk_ok exercise is free of loads, so a break move could be impossible"
    if kinds["fallback"] == 1:
        fallback = lib.template_of_kind("fallback")
        unloaded = {
            i
            for slot in fallback.slots
            for i in slot.exercises
            if i in lib.exercises and not lib.exercises[i].loads
        }
        if len(unloaded) < MIN_EXERCISES or (
            sum(lib.exercises[i].minutes for i in unloaded) < fallback.min_minutes
        ):
            yield (
                f"routine {fallback.id!r}: needs at least {MIN_EXERCISES} load-free exercises "
                f"worth {fallback.min_minutes:g} min for users who avoid every area"
            )


def _role_sets(roles: Iterable[str]) -> Iterator[frozenset[str]]:
    """Every non-empty combination of the given roles."""
    unique = sorted(set(roles))
    for size in range(1, len(unique) + 1):
        for combo in combinations(unique, size):
            yield frozenset(combo)
