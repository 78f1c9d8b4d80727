"""/admin: the operator's numbers."""


def overview(
    *,
    active: int,
    paused: int,
    blocked: int,
    sent_today: int,
    late_today: int,
    missed_today: int,
    backlog: int,
    lag_seconds: float,
) -> str:
    return (
        "<b>Limber status</b>\n"
        f"Users: {active} active, {paused} paused, {blocked} blocked the bot\n"
        f"Reminders today (UTC): {sent_today} sent, {late_today} of them late,"
        f" {missed_today} missed\n"
        f"Waiting now: {backlog} due, the oldest {_duration(lag_seconds)} overdue"
    )


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
