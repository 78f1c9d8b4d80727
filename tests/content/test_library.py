"""The routines file loads, and broken files are rejected with every problem named."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.library import (
    PACKAGED_LIBRARY,
    ContentError,
    Dose,
    load_library,
    validate_library,
)
from bot.content.vocabulary import PAIN_AREAS, ROLES, TARGETS

# The ids other parts of the project (the /pain rules) refer to.
REQUIRED_IDS = [
    "half_kneeling_hip_flexor",
    "standing_hip_flexor",
    "glute_bridge",
    "figure_four_stretch",
    "seated_figure_four",
    "thoracic_extension_chair",
    "open_book",
    "cat_cow",
    "childs_pose",
    "doorway_chest_stretch",
    "chin_tucks",
    "upper_trap_stretch",
    "shoulder_rolls",
    "standing_hamstring_stretch",
    "lying_hamstring_stretch",
    "calf_wall_stretch",
    "soleus_wall_stretch",
    "heel_raises",
    "hip_90_90",
    "leg_swings",
    "standing_hip_circles",
    "adductor_rockback",
    "standing_quad_stretch",
    "clamshell",
    "walk_break",
    "sit_to_stand",
    "seated_knee_extension",
    "pelvic_tilts",
    "knee_to_chest",
    "sciatic_nerve_glide",
    "wrist_forearm_stretch",
    "worlds_greatest_stretch",
    "supported_squat_hold",
]

Mutation = Callable[[dict[str, Any]], None]


def _write(tmp_path: Path, mutate: Mutation) -> Path:
    """The packaged file with one deliberate change, written to tmp_path."""
    data = yaml.safe_load(PACKAGED_LIBRARY.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "routines.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_library(path)
    return info.value.problems


def _exercise(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(e for e in data["exercises"] if e["id"] == ident)


def _routine(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(r for r in data["routines"] if r["id"] == ident)


def test_packaged_library_has_no_problems() -> None:
    lib = load_library()
    assert validate_library(lib) == []
    assert load_library() is lib  # cached for the default path


def test_packaged_library_has_every_required_exercise() -> None:
    lib = load_library()
    assert set(REQUIRED_IDS) <= set(lib.exercises)
    assert lib.exercise("glute_bridge").name == "Glute bridge"
    with pytest.raises(KeyError, match="no_such_move"):
        lib.exercise("no_such_move")


def test_packaged_values_come_from_the_shared_vocabulary() -> None:
    lib = load_library()
    for exercise in lib.exercises.values():
        assert set(exercise.targets) <= set(TARGETS)
        assert set(exercise.loads) <= set(PAIN_AREAS)
        assert set(exercise.suits) <= set(ROLES)
        assert 1 <= exercise.cue.count(".") <= 3, exercise.id


def test_hip_flexor_cues_say_tuck_the_pelvis_not_arch_the_back() -> None:
    lib = load_library()
    for ident in ("half_kneeling_hip_flexor", "standing_hip_flexor"):
        cue = lib.exercise(ident).cue.lower()
        assert "tuck" in cue and "glute" in cue, ident
        assert "arch" in cue or "leaning back" in cue, ident


def test_duplicate_exercise_id_is_named(tmp_path: Path) -> None:
    def duplicate(data: dict[str, Any]) -> None:
        data["exercises"].append(dict(_exercise(data, "glute_bridge")))

    assert _problems(_write(tmp_path, duplicate)) == [
        "duplicate exercise id 'glute_bridge' (2 times)"
    ]


def test_unknown_target_is_named(tmp_path: Path) -> None:
    def bad_target(data: dict[str, Any]) -> None:
        _exercise(data, "cat_cow")["targets"] = ["thoracic", "spleen"]

    problems = _problems(_write(tmp_path, bad_target))
    assert len(problems) == 1
    assert problems[0].startswith("exercise 'cat_cow': targets.1:")
    assert "'spleen'" in problems[0]


def test_unknown_exercise_in_a_template_is_named(tmp_path: Path) -> None:
    def unknown(data: dict[str, Any]) -> None:
        _routine(data, "desk_daily")["slots"][0].append("handstand_walk")

    assert _problems(_write(tmp_path, unknown)) == [
        "routine 'desk_daily', slot 1: unknown exercise 'handstand_walk'"
    ]


def test_missing_cue_is_named(tmp_path: Path) -> None:
    def no_cue(data: dict[str, Any]) -> None:
        del _exercise(data, "chin_tucks")["cue"]

    assert _problems(_write(tmp_path, no_cue)) == ["exercise 'chin_tucks': cue: Field required"]


def test_empty_cue_is_named(tmp_path: Path) -> None:
    def empty(data: dict[str, Any]) -> None:
        _exercise(data, "chin_tucks")["cue"] = "   "

    assert _problems(_write(tmp_path, empty)) == ["exercise 'chin_tucks': empty cue"]


def test_small_handwritten_file_lists_every_schema_problem(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(
        """
exercises:
  - id: wobble
    name: Wobble
    targets: [hips]
    loads: [elbow]
    suits: [desk]
    dose: {seconds: 30, reps: 5, sides: both}
    minutes: 1
    intensity: gentle
    desk_ok: true
    after_activity_ok: true
    colour: red
routines: []
""",
        encoding="utf-8",
    )
    problems = _problems(path)
    assert "exercise 'wobble': cue: Field required" in problems
    assert any(p.startswith("exercise 'wobble': loads.0:") and "'elbow'" in p for p in problems)
    assert any(
        p.startswith("exercise 'wobble': dose:") and "seconds or reps" in p for p in problems
    )
    assert "exercise 'wobble': colour: Extra inputs are not permitted" in problems


def test_unreadable_yaml_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("exercises: [unclosed", encoding="utf-8")
    assert "cannot read it" in _problems(path)[0]


def test_template_that_cannot_reach_its_minimum_is_named(tmp_path: Path) -> None:
    def too_short(data: dict[str, Any]) -> None:
        _routine(data, "desk_daily")["slots"] = [["chin_tucks"], ["shoulder_rolls"]]

    assert _problems(_write(tmp_path, too_short)) == [
        "routine 'desk_daily': for desk, only 2 usable slots (needs 3)"
    ]


def test_template_short_on_minutes_is_named(tmp_path: Path) -> None:
    def too_few_minutes(data: dict[str, Any]) -> None:
        _routine(data, "desk_daily")["slots"] = [
            ["chin_tucks"],
            ["shoulder_rolls"],
            ["childs_pose"],
        ]

    assert _problems(_write(tmp_path, too_few_minutes)) == [
        "routine 'desk_daily': for desk, at most 3.5 min, below its minimum of 5"
    ]


def test_role_without_daily_template_is_named(tmp_path: Path) -> None:
    def no_runner(data: dict[str, Any]) -> None:
        data["routines"] = [r for r in data["routines"] if r["id"] != "runner_daily"]
        _routine(data, "mixed_daily")["for_roles"] = ["desk", "cyclist"]
        for slot in _routine(data, "mixed_daily")["slots"]:
            if isinstance(slot, dict):
                slot["roles"] = [r for r in slot["roles"] if r != "runner"] or ["desk"]

    problems = _problems(_write(tmp_path, no_runner))
    assert "role 'runner' has no daily routine" in problems
    assert "no daily routine serves desk+runner together" in problems


def test_too_few_desk_moves_for_a_role_is_named(tmp_path: Path) -> None:
    def runner_desk_moves_gone(data: dict[str, Any]) -> None:
        for exercise in data["exercises"]:
            if exercise["suits"] == ["desk", "cyclist", "runner"]:
                exercise["suits"] = ["desk", "cyclist"]
            elif "runner" in exercise["suits"]:
                exercise["desk_ok"] = False

    assert "role 'runner' has 0 desk_ok exercises (needs 3)" in _problems(
        _write(tmp_path, runner_desk_moves_gone)
    )


def test_a_desk_move_that_sends_people_to_the_floor_is_refused(tmp_path: Path) -> None:
    def floor_moves_at_the_desk(data: dict[str, Any]) -> None:
        tilts = _exercise(data, "pelvic_tilts")
        tilts["cue"] = "Lie on your back with knees bent, or sit tall. " + tilts["cue"]
        _exercise(data, "childs_pose")["desk_ok"] = True
        _exercise(data, "chin_tucks")["position"] = "lying"

    problems = _problems(_write(tmp_path, floor_moves_at_the_desk))
    lying = "exercise 'pelvic_tilts': desk_ok, but its cue says 'Lie' (no lying, kneeling or floor)"
    assert lying in problems
    assert "exercise 'childs_pose': desk_ok moves are done seated or standing, not kneeling" in (
        problems
    )
    assert any(p.startswith("exercise 'childs_pose': desk_ok, but its cue says") for p in problems)
    assert "exercise 'chin_tucks': desk_ok moves are done seated or standing, not lying" in problems


def test_every_desk_move_is_done_seated_or_standing() -> None:
    library = load_library()
    desk = [e for e in library.exercise_list if e.desk_ok]
    assert desk and all(e.fits_a_desk for e in desk)
    for exercise in desk:
        assert "lie" not in exercise.cue.lower().split(), exercise.id


def test_cool_down_exercises_must_suit_after_activity(tmp_path: Path) -> None:
    def not_for_after(data: dict[str, Any]) -> None:
        _exercise(data, "calf_wall_stretch")["after_activity_ok"] = False

    problems = _problems(_write(tmp_path, not_for_after))
    assert "routine 'post_ride', slot 5: 'calf_wall_stretch' is not marked after_activity_ok" in (
        problems
    )


@pytest.mark.parametrize(
    ("dose", "text", "hold"),
    [
        ({"seconds": 30, "sides": "both"}, "30 s each side", 60),
        ({"seconds": 120, "sides": "none"}, "2 min", 120),
        ({"seconds": 90, "sides": "none"}, "90 s", 90),
        ({"reps": 12, "sides": "none"}, "12 reps", 0),
        ({"reps": 8, "sides": "both"}, "8 reps each side", 0),
    ],
)
def test_dose_text(dose: dict[str, Any], text: str, hold: int) -> None:
    parsed = Dose.model_validate(dose)
    assert parsed.text == text
    assert parsed.hold_seconds == hold


def test_minutes_shorter_than_the_dose_are_named(tmp_path: Path) -> None:
    def too_quick(data: dict[str, Any]) -> None:
        _exercise(data, "lying_hamstring_stretch")["minutes"] = 1

    assert (
        "exercise 'lying_hamstring_stretch': 1 min is shorter than its dose (40 s each side)"
        in _problems(_write(tmp_path, too_quick))
    )
