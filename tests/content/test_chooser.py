"""Routine choice over many days and situations, and the HTML it renders to."""

import re
from datetime import date, timedelta
from itertools import combinations, pairwise
from pathlib import Path

import pytest
import yaml

from bot.content.chooser import (
    Activity,
    Load,
    Routine,
    RoutineItem,
    choose_break_move,
    choose_daily_routine,
    milestone_routine,
    post_activity_routine,
)
from bot.content.library import PACKAGED_LIBRARY, Exercise, Library, load_library
from bot.content.render import MESSAGE_LIMIT, render_move_html, render_routine_html
from bot.content.vocabulary import PAIN_AREAS, ROLES

ROLE_SETS = [frozenset(c) for size in (1, 2, 3) for c in combinations(ROLES, size)]
START = date(2025, 3, 1)
DAYS = [START + timedelta(days=n) for n in range(60)]
SEEDS = (0, 7, 123456)
EVERYTHING = frozenset(PAIN_AREAS)
KNEE = frozenset({"knee"})
HIP_TARGETS = {"hips", "hip_flexors", "glutes", "adductors"}


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def _ids(routine: Routine) -> list[str]:
    return [item.exercise.id for item in routine.items]


def _assert_daily_shape(routine: Routine) -> None:
    assert 5 <= routine.minutes <= 12, (routine.template_id, routine.minutes)
    assert 3 <= len(routine.items) <= 6, _ids(routine)
    assert len(set(_ids(routine))) == len(routine.items), "a move appears twice"
    assert routine.minutes == pytest.approx(sum(i.exercise.minutes for i in routine.items))


@pytest.mark.parametrize("roles", ROLE_SETS, ids=lambda r: "+".join(sorted(r)))
def test_daily_routines_stay_in_shape_for_sixty_days(lib: Library, roles: frozenset[str]) -> None:
    for seed in SEEDS:
        for day in DAYS:
            _assert_daily_shape(choose_daily_routine(lib, roles, Load(), day=day, seed=seed))


@pytest.mark.parametrize("roles", ROLE_SETS, ids=lambda r: "+".join(sorted(r)))
def test_consecutive_days_differ(lib: Library, roles: frozenset[str]) -> None:
    for seed in SEEDS:
        routines = [_ids(choose_daily_routine(lib, roles, Load(), day=d, seed=seed)) for d in DAYS]
        for yesterday, today in pairwise(routines):
            assert yesterday != today
        assert len({tuple(r) for r in routines}) >= 6  # real variety, not two alternating


def test_same_inputs_give_the_same_routine(lib: Library) -> None:
    roles = frozenset({"desk", "cyclist"})
    first = choose_daily_routine(lib, roles, Load(), day=START, seed=42)
    assert choose_daily_routine(lib, roles, Load(), day=START, seed=42) == first


def test_recent_moves_are_skipped_when_alternatives_exist(lib: Library) -> None:
    desk = frozenset({"desk"})
    for day in DAYS:
        today = _ids(choose_daily_routine(lib, desk, Load(), day=day, seed=3))
        again = choose_daily_routine(lib, desk, Load(), day=day, seed=3, recent=today)
        assert not set(today) & set(_ids(again))


def test_one_role_gets_its_own_template(lib: Library) -> None:
    for role in ROLES:
        routine = choose_daily_routine(lib, frozenset({role}), Load(), day=START, seed=1)
        assert routine.template_id == f"{role}_daily"
        assert routine.why == lib.routines[f"{role}_daily"].purpose


@pytest.mark.parametrize("seed", range(10))
def test_desk_plus_cyclist_covers_both(lib: Library, seed: int) -> None:
    routine = choose_daily_routine(
        lib, frozenset({"desk", "cyclist"}), Load(), day=START, seed=seed
    )
    assert routine.template_id == "mixed_daily"
    targets = {t for item in routine.items for t in item.exercise.targets}
    assert {"hip_flexors", "thoracic", "hips"} <= targets
    assert {"neck", "shoulders", "chest"} & targets  # the desk side: upper body


def test_mileage_above_usual_gives_a_longer_routine_that_says_why(lib: Library) -> None:
    big_week = Load(ride_km_this_week=180, usual_ride_km_week=138)
    for roles in ROLE_SETS:
        for day in DAYS[:14]:
            usual = choose_daily_routine(lib, roles, Load(), day=day, seed=5)
            boosted = choose_daily_routine(lib, roles, big_week, day=day, seed=5)
            _assert_daily_shape(boosted)
            assert boosted.minutes > usual.minutes
            assert boosted.template_id == "mileage_boost"
            assert "You rode 180 km this week (since Monday), 30 % above your usual" in boosted.why


def test_running_surplus_names_the_run(lib: Library) -> None:
    load = Load(run_km_this_week=50, usual_run_km_week=40)
    routine = choose_daily_routine(lib, frozenset({"runner"}), load, day=START, seed=1)
    assert routine.why.startswith("You ran 50 km this week (since Monday), 25 % above your usual")
    assert any("calves" in item.exercise.targets for item in routine.items)


def test_mileage_just_under_the_threshold_changes_nothing(lib: Library) -> None:
    roles = frozenset({"cyclist"})
    plain = choose_daily_routine(lib, roles, Load(), day=START, seed=2)
    near = Load(ride_km_this_week=119, usual_ride_km_week=100)
    assert choose_daily_routine(lib, roles, near, day=START, seed=2) == plain


def test_heavy_sitting_day_gets_the_sitting_routine(lib: Library) -> None:
    heavy = Load(sitting_minutes_today=600, usual_sitting_minutes=420)
    routine = choose_daily_routine(lib, frozenset({"runner"}), heavy, day=START, seed=1)
    assert routine.template_id == "sitting_heavy"
    assert _ids(routine)[0] == "walk_break"
    assert "10 hours" in routine.why
    _assert_daily_shape(routine)
    usual_day = Load(sitting_minutes_today=420, usual_sitting_minutes=420)
    normal = choose_daily_routine(lib, frozenset({"runner"}), usual_day, day=START, seed=1)
    assert normal.template_id == "runner_daily"


@pytest.mark.parametrize("roles", ROLE_SETS, ids=lambda r: "+".join(sorted(r)))
def test_sore_knee_never_gets_knee_loading_moves(lib: Library, roles: frozenset[str]) -> None:
    skipped: set[str] = set()
    names = {e.name: e for e in lib.exercises.values()}
    for day in DAYS:
        routine = choose_daily_routine(lib, roles, Load(), day=day, seed=9, avoid=KNEE)
        _assert_daily_shape(routine)
        assert all("knee" not in item.exercise.loads for item in routine.items)
        for name in routine.skipped_for_pain:
            assert "knee" in names[name].loads
        assert routine.sore_areas == (("knee",) if routine.skipped_for_pain else ())
        skipped.update(routine.skipped_for_pain)
    assert skipped, "sixty days without a single knee move to skip"


@pytest.mark.parametrize("roles", ROLE_SETS, ids=lambda r: "+".join(sorted(r)))
def test_everything_avoided_still_gives_a_gentle_routine(
    lib: Library, roles: frozenset[str]
) -> None:
    for day in DAYS:
        routine = choose_daily_routine(lib, roles, Load(), day=day, seed=4, avoid=EVERYTHING)
        _assert_daily_shape(routine)
        for item in routine.items:
            assert item.exercise.loads == ()
            assert item.exercise.intensity == "gentle"
        assert routine.skipped_for_pain


@pytest.mark.parametrize(("activity", "short", "long"), [("ride", 20, 120), ("run", 5, 25)])
def test_cool_down_grows_with_distance(
    lib: Library, activity: Activity, short: float, long: float
) -> None:
    for seed in range(30):
        brief = post_activity_routine(lib, activity, short, seed=seed)
        full = post_activity_routine(lib, activity, long, seed=seed)
        for routine in (brief, full):
            assert 4 <= routine.minutes <= 8
            assert all(item.exercise.after_activity_ok for item in routine.items)
        assert full.minutes > brief.minutes
        assert len(full.items) > len(brief.items)
        assert full.template_id == f"post_{activity}"


def test_cool_down_after_a_big_week_is_full_length_and_says_so(lib: Library) -> None:
    big_week = Load(ride_km_this_week=260, usual_ride_km_week=200)
    plain = post_activity_routine(lib, "ride", 25, seed=1)
    boosted = post_activity_routine(lib, "ride", 25, seed=1, load=big_week)
    assert boosted.minutes > plain.minutes
    assert "30 % above usual" in boosted.why
    assert "25 km" in plain.why


def test_cool_down_respects_pain(lib: Library) -> None:
    routine = post_activity_routine(lib, "run", 15, seed=2, avoid=frozenset({"calf_achilles"}))
    assert routine.items
    assert all("calf_achilles" not in item.exercise.loads for item in routine.items)
    assert "Calf stretch at the wall" in routine.skipped_for_pain or (
        "Bent-knee calf stretch" in routine.skipped_for_pain
    )


@pytest.mark.parametrize("activity", ["ride", "run"])
def test_milestone_is_a_long_hip_session(lib: Library, activity: Activity) -> None:
    for seed in range(20):
        routine = milestone_routine(lib, activity, 1000, seed=seed)
        assert 12 <= routine.minutes <= 20
        hip_moves = [i for i in routine.items if HIP_TARGETS & set(i.exercise.targets)]
        assert len(hip_moves) >= 2 * len(routine.items) / 3
        assert "1,000 km" in routine.why


def test_milestone_with_everything_sore_stays_gentle(lib: Library) -> None:
    routine = milestone_routine(lib, "ride", 500, seed=1, avoid=EVERYTHING)
    assert 12 <= routine.minutes <= 20
    assert all(item.exercise.loads == () for item in routine.items)


@pytest.mark.parametrize("roles", ROLE_SETS, ids=lambda r: "+".join(sorted(r)))
def test_break_moves_are_short_desk_moves_for_the_role(lib: Library, roles: frozenset[str]) -> None:
    seen = set()
    for seed in range(50):
        move = choose_break_move(lib, roles, seed=seed)
        assert move.desk_ok and move.position in ("seated", "standing")
        assert 1 <= move.minutes <= 2
        assert roles & set(move.suits)
        seen.add(move.id)
    assert len(seen) >= 3


def test_break_move_avoids_sore_areas(lib: Library) -> None:
    for seed in range(30):
        assert choose_break_move(lib, frozenset({"desk"}), seed=seed, avoid=EVERYTHING).loads == ()


def test_unknown_role_is_refused(lib: Library) -> None:
    with pytest.raises(ValueError, match="swimmer"):
        choose_daily_routine(lib, frozenset({"swimmer"}), Load(), day=START, seed=1)


# --- rendering -----------------------------------------------------------------------------

ALLOWED_TAGS = re.compile(r"</?[bi]>")


def _assert_valid_html(text: str) -> None:
    assert len(text) < MESSAGE_LIMIT
    assert "<" not in ALLOWED_TAGS.sub("", text)
    for tag in ("b", "i"):
        assert text.count(f"<{tag}>") == text.count(f"</{tag}>")


def test_rendered_routines_are_valid_and_short(lib: Library) -> None:
    for roles in ROLE_SETS:
        for day in DAYS[:10]:
            routine = choose_daily_routine(lib, roles, Load(), day=day, seed=1, avoid=KNEE)
            _assert_valid_html(render_routine_html(routine))
    _assert_valid_html(render_routine_html(milestone_routine(lib, "run", 100, seed=1)))


def test_rendered_routine_lists_moves_in_order(lib: Library) -> None:
    routine = choose_daily_routine(lib, frozenset({"desk"}), Load(), day=START, seed=1)
    text = render_routine_html(routine)
    assert text.startswith(f"<b>{routine.title}</b>\n<i>")
    first = routine.items[0]
    assert f"1. <b>{first.exercise.name}</b> — {first.dose}\n{first.exercise.cue}" in text
    assert f"{len(routine.items)}. <b>" in text
    assert f"About {routine.minutes:g} min in total." in text
    assert "Left out" not in text


def test_rendered_pain_note_names_the_area(lib: Library) -> None:
    cyclist = frozenset({"cyclist"})
    routines = [choose_daily_routine(lib, cyclist, Load(), day=d, seed=1, avoid=KNEE) for d in DAYS]
    routine = next(r for r in routines if r.skipped_for_pain)
    text = render_routine_html(routine)
    assert f"Left out because of your sore knee: {routine.skipped_for_pain[0]}" in text


def test_yaml_text_is_escaped(tmp_path: Path) -> None:
    data = yaml.safe_load(PACKAGED_LIBRARY.read_text(encoding="utf-8"))
    for exercise in data["exercises"]:
        exercise["cue"] = "Knees <b>soft</b> & chin < chest. " + exercise["cue"]
        exercise["name"] = exercise["name"] + " <3"
    path = tmp_path / "routines.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    tricky = load_library(path)
    routine = choose_daily_routine(tricky, frozenset({"desk"}), Load(), day=START, seed=1)
    text = render_routine_html(routine)
    _assert_valid_html(text)
    assert "Knees &lt;b&gt;soft&lt;/b&gt; &amp; chin &lt; chest." in text
    move = render_move_html(tricky.exercise("chin_tucks"))
    _assert_valid_html(move)
    assert move.startswith("<b>Chin tucks &lt;3</b> — 10 reps\nKnees &lt;b&gt;")


def _routine_of(moves: list[Exercise]) -> Routine:
    return Routine(
        template_id="huge",
        title="Everything",
        why="A stress test.",
        items=tuple(RoutineItem(e, e.dose.text) for e in moves),
        minutes=sum(e.minutes for e in moves),
        skipped_for_pain=(),
    )


def test_long_routine_sheds_cues_from_the_end(lib: Library) -> None:
    moves = list(lib.exercises.values())
    text = render_routine_html(_routine_of(moves))
    _assert_valid_html(text)
    assert moves[0].cue in text
    assert moves[-1].cue not in text
    assert f"{len(moves)}. <b>{moves[-1].name}</b>" in text


def test_huge_routine_sheds_moves_to_fit(lib: Library) -> None:
    moves = list(lib.exercises.values()) * 5
    text = render_routine_html(_routine_of(moves))
    _assert_valid_html(text)
    assert re.search(r"…and \d+ more moves\.", text)


def test_move_html_has_name_dose_and_cue(lib: Library) -> None:
    move = lib.exercise("standing_hip_flexor")
    text = render_move_html(move)
    _assert_valid_html(text)
    assert text.startswith("<b>Standing hip flexor stretch</b> — 30 s each side\n")
    assert move.cue in text
