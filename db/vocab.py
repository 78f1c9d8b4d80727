"""The words the database stores: reminder kinds and weekday codes.

Every layer may import this module (it is the bottom one): the scheduler, the parsers and the
bot compare and store these values instead of spelling the strings again. The stored text is
the enum's value, so rows written before the enum existed read back unchanged.
"""

from enum import StrEnum


class ReminderKind(StrEnum):
    """What a reminder row (and each of its deliveries) is."""

    ROUTINE = "routine"  # the daily routine, one row per user
    BREAK = "break"  # the break nudge during work hours, one row per user
    SIT = "sit"  # the nudges of a /sit session, one row per user
    WEEKLY = "weekly"  # Sunday's summary, one row per user
    POST_ACTIVITY = "post_activity"  # stretches after a logged ride or run
    MILESTONE = "milestone"  # a session for a round lifetime distance
    SNOOZE = "snooze"  # a snoozed reminder coming back (its payload says what it was)


# Recomputed from the profile on every change (sync) and on a rhythm of their own.
RECURRING = frozenset({ReminderKind.ROUTINE, ReminderKind.BREAK})
# Keep their rhythm after a pause (the others wait for its end).
RHYTHMIC = frozenset({*RECURRING, ReminderKind.SIT, ReminderKind.WEEKLY})
# Sent once for a due time, held over a pause, dropped when stale.
ONE_SHOT = frozenset({ReminderKind.POST_ACTIVITY, ReminderKind.MILESTONE, ReminderKind.SNOOZE})
# Scheduled by logging an activity (and cancelled when the log is undone).
FOLLOW_UPS = frozenset({ReminderKind.POST_ACTIVITY, ReminderKind.MILESTONE})
# A nudge to stand up: answered with "I'm up", restarting the sitting clock.
SITTING = frozenset({ReminderKind.BREAK, ReminderKind.SIT})
# Their message is a routine of several exercises.
ROUTINES = frozenset({ReminderKind.ROUTINE, *FOLLOW_UPS})

# Weekday codes as stored (users.work_days, the keys of users.work_hours_by_day), Monday first:
# WEEKDAYS[date.weekday()] is that date's code.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORK_WEEK = WEEKDAYS[:5]
