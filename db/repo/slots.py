"""Taking send slots from the budget every process of a token shares (PostgreSQL).

One statement per slot: the row is locked for the moment of the update, so two processes can
never take the same slot, and the database's clock is the one clock they all agree on.
"""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# The next slot is `spacing` after the last one, or now if that is in the past; the answer is
# how many seconds from now it is.
_TAKE = text(
    """
    INSERT INTO send_slots (key, next_at) VALUES (:key, clock_timestamp())
    ON CONFLICT (key) DO UPDATE
        SET next_at = GREATEST(send_slots.next_at + make_interval(secs => :spacing),
                               clock_timestamp())
    RETURNING EXTRACT(EPOCH FROM (next_at - clock_timestamp()))::float8
    """
)

# Nothing may be sent under this key before `seconds` from now (a RetryAfter).
_HOLD = text(
    """
    INSERT INTO send_slots (key, next_at)
        VALUES (:key, clock_timestamp() + make_interval(secs => :seconds))
    ON CONFLICT (key) DO UPDATE
        SET next_at = GREATEST(send_slots.next_at,
                               clock_timestamp() + make_interval(secs => :seconds))
    """
)


async def take_slot(session: AsyncSession, key: str, spacing: float) -> float:
    """Seconds to wait before sending under `key` (0 or more); the slot is taken."""
    result = await session.execute(_TAKE, {"key": key, "spacing": spacing})
    return max(float(result.scalar_one()), 0.0)


async def hold(session: AsyncSession, key: str, seconds: float) -> None:
    """Push the next slot of `key` at least `seconds` into the future for every process."""
    await session.execute(_HOLD, {"key": key, "seconds": seconds})
