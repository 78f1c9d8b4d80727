"""Work hours as typed: one window, a night shift, hours per day and a lunch break."""

from datetime import time

import pytest

from bot.parsing.answers import parse_work_hours
from bot.services.profile import STEP_BY_KEY, Invalid, answer


def test_the_common_case_stays_one_window() -> None:
    hours = parse_work_hours("9-17")
    assert hours is not None and (hours.start, hours.end) == (time(9), time(17))
    assert hours.by_day == {} and hours.days is None and hours.lunch is None


def test_a_night_shift_crosses_midnight() -> None:
    hours = parse_work_hours("22:00-06:00")
    assert hours is not None and (hours.start, hours.end) == (time(22), time(6))


def test_days_with_their_own_hours_also_name_the_work_days() -> None:
    hours = parse_work_hours("Mon-Thu 9-17, Fri 9-13")
    assert hours is not None and (hours.start, hours.end) == (time(9), time(17))
    assert hours.by_day == {"fri": (time(9), time(13))}
    assert hours.days == ("mon", "tue", "wed", "thu", "fri")


def test_the_most_common_hours_become_the_usual_ones() -> None:
    hours = parse_work_hours("mon 8-16; tue-fri 9-17; lunch 12-13")
    assert hours is not None and (hours.start, hours.end) == (time(9), time(17))
    assert hours.by_day == {"mon": (time(8), time(16))} and hours.lunch == (time(12), time(13))


def test_an_override_keeps_the_work_days_question_s_answer() -> None:
    hours = parse_work_hours("9-17, fri 9-13")
    assert hours is not None and hours.days is None and hours.by_day == {"fri": (time(9), time(13))}


@pytest.mark.parametrize(
    "text",
    ["17-9", "9-9", "all day", "lunch 12-13", "9-17, 10-18", "9-17, lunch 13-12",
     "9-17, lunch 12-13, lunch 14-15", "mon 9-17, mon 10-18", "funday 9-17"],
)  # fmt: skip
def test_what_cannot_be_work_hours_is_refused(text: str) -> None:
    assert parse_work_hours(text) is None


def test_the_answer_fills_the_draft() -> None:
    step = STEP_BY_KEY["work_hours"]
    draft = answer(step, "Mon-Thu 9-17, Fri 9-13, lunch 12:30-13:15", {"work_days": ["mon"]})
    assert not isinstance(draft, Invalid)
    assert draft["work_days"] == ["mon", "tue", "wed", "thu", "fri"]
    assert draft["work_hours_by_day"] == {"fri": ["09:00", "13:00"]}
    assert (draft["lunch_start"], draft["lunch_end"]) == ("12:30", "13:15")
    plain = answer(step, "08:00-16:00", draft)
    assert not isinstance(plain, Invalid)
    assert plain["work_hours_by_day"] == {} and plain["lunch_start"] is None
