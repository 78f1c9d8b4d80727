"""A short database outage costs nothing: a /ride sent while PostgreSQL is down is answered
"delayed" once, then logged exactly once when the database is back, with one warning and one
recovery line in the log instead of a traceback per attempt."""

import asyncio
import logging

import pytest

from bot.devkit.localapi import LocalBotApi
from db.admin import migrate
from db.models import Activity
from scheduler.clock import FixedClock
from tests.e2e.conftest import START, Harness
from tests.e2e.flows import onboard_desk_worker, rows_of
from tests.reliability.conftest import PrivateCluster

pytestmark = pytest.mark.postgres


async def test_a_ride_during_an_outage_is_logged_once_afterwards(
    private_postgres: PrivateCluster, caplog: pytest.LogCaptureFixture
) -> None:
    await migrate(private_postgres.url)
    async with LocalBotApi() as api:
        await _ride_through_outage(api, private_postgres, caplog)
    events = [record.getMessage() for record in caplog.records]
    assert sum("event=db_unavailable" in event for event in events) == 1
    assert sum("event=db_back" in event for event in events) == 1
    assert not any("handler_failed" in event for event in events)
    assert not any(record.exc_info for record in caplog.records)


async def _ride_through_outage(
    api: LocalBotApi, cluster: PrivateCluster, caplog: pytest.LogCaptureFixture
) -> None:
    harness = Harness(api, cluster.url, FixedClock(START))
    await harness.start()
    try:
        user = harness.user()
        await onboard_desk_worker(user)
        await asyncio.to_thread(cluster.stop)
        with caplog.at_level(logging.INFO):
            await user.send("/log ride 10 yesterday")  # no cool-down follows
            notice = await user.next(timeout=20)
            assert "your message is safe" in notice.text
            await user.expect_silence(1.0)  # still down: nothing else is said meanwhile
            await asyncio.to_thread(cluster.start)
            logged = await user.next(timeout=30)
            assert "Logged your 10 km ride on Sun 22 Nov" in logged.text
        await user.expect_silence(0.3)
        rides = [a for a in await rows_of(harness, Activity, user.user_id) if a.kind == "ride"]
        assert [ride.distance_km for ride in rides] == [10.0]
    finally:
        await harness.stop()
