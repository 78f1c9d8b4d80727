"""The dispatcher wakes for the next due reminder instead of waiting for its periodic pass."""

import asyncio
from datetime import UTC, datetime

from bot.dispatching import dispatch_tick
from bot.jobs import DISPATCH_WAKE_JOB
from tests.e2e.conftest import Harness
from tests.e2e.flows import next_due, onboard_desk_worker


def planned_in(harness: Harness) -> float:
    """Seconds until the one planned wake-up pass."""
    assert harness.app is not None and harness.app.job_queue is not None
    [job] = harness.app.job_queue.get_jobs_by_name(DISPATCH_WAKE_JOB)
    assert job.next_t is not None
    return (job.next_t - datetime.now(UTC)).total_seconds()


async def test_a_saved_due_time_plans_a_pass_for_it(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    due = await next_due(harness, user.user_id, "break")
    assert due is not None
    expected = (due - harness.clock.now()).total_seconds()  # 45 minutes from the test clock
    assert abs(planned_in(harness) - expected) < 60


async def test_a_pass_plans_the_next_for_the_earliest_due_reminder(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    app = harness.app
    assert app is not None and app.job_queue is not None
    for job in app.job_queue.get_jobs_by_name(DISPATCH_WAKE_JOB):
        job.schedule_removal()
    await asyncio.sleep(0.05)
    app.job_queue.run_once(dispatch_tick, 0)
    for _ in range(250):
        if app.job_queue.get_jobs_by_name(DISPATCH_WAKE_JOB):
            break
        await asyncio.sleep(0.02)
    due = await next_due(harness, user.user_id, "break")
    assert due is not None
    assert abs(planned_in(harness) - (due - harness.clock.now()).total_seconds()) < 60
