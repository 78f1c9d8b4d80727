"""The tables: users and their profile, the reminder schedule, what was sent, what was logged.

The schedule lives here, not in memory: `reminders.next_due` (UTC) says when each reminder is
due next, a lease marks the process sending it, and `deliveries` is unique per reminder and due
time, so nothing is sent twice.
"""

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import ReminderKindText, UTCDateTime, utcnow
from db.vocab import WORK_WEEK, ReminderKind

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

DEFAULT_WORK_DAYS = ",".join(WORK_WEEK)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so Alembic can drop constraints later."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    """A Telegram user and their Limber profile.

    Roles and work days are short comma-separated lists: portable across SQLite and PostgreSQL
    and easy to read in a database shell.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(64), default="")
    language_code: Mapped[str | None] = mapped_column(String(16))

    roles: Mapped[str] = mapped_column(String(32), default="")
    timezone: Mapped[str | None] = mapped_column(String(64))
    work_days: Mapped[str] = mapped_column(String(32), default=DEFAULT_WORK_DAYS)
    work_start: Mapped[time] = mapped_column(Time, default=time(9, 0))
    work_end: Mapped[time] = mapped_column(Time, default=time(17, 0))  # before start: a night shift
    # Days with their own hours, e.g. {"fri": ["09:00", "13:00"]}; the others use start–end.
    work_hours_by_day: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    lunch_start: Mapped[time | None] = mapped_column(Time)  # no break nudges over lunch
    lunch_end: Mapped[time | None] = mapped_column(Time)
    break_every: Mapped[int] = mapped_column(Integer, default=45)
    ride_km_week: Mapped[float] = mapped_column(Float, default=0.0)
    run_km_week: Mapped[float] = mapped_column(Float, default=0.0)
    distance_unit: Mapped[str] = mapped_column(String(2), default="km")
    routine_at: Mapped[time] = mapped_column(Time, default=time(18, 30))
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    post_activity_delay: Mapped[int] = mapped_column(Integer, default=0)

    reminders_on: Mapped[bool] = mapped_column(Boolean, default=True)
    weekly_summary: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    dialog: Mapped[str | None] = mapped_column(String(40))
    dialog_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A setup left with /cancel: {"step": key, "draft": {...}}, so /start can continue it.
    setup_draft: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # What we saved but could not tell the user (the reply failed); said first next time.
    pending_notice: Mapped[str | None] = mapped_column(Text)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def role_set(self) -> frozenset[str]:
        """The roles as a set, e.g. {"desk", "cyclist"}."""
        return frozenset(part for part in self.roles.split(",") if part)

    @property
    def work_day_set(self) -> frozenset[str]:
        """The work days as a set of day names (mon…sun)."""
        return frozenset(part for part in self.work_days.split(",") if part)

    @property
    def is_onboarded(self) -> bool:
        return self.onboarded_at is not None


class Reminder(Base):
    """One scheduled reminder of a user: recurring (routine, break) or one-shot (post-activity,
    milestone, snooze, sit). `next_due` is None when it is switched off or used up."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_due", "next_due"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReminderKind] = mapped_column(ReminderKindText)
    next_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="raise")


class Delivery(Base):
    """A reminder sent (or, when too late, counted as missed) for one due time."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("reminder_id", "due_at", name="uq_deliveries_reminder_due"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReminderKind] = mapped_column(ReminderKindText)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    # sending, sent, missed, done, snoozed, skipped
    status: Mapped[str] = mapped_column(String(12), default="sending")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Activity(Base):
    """A ride or run the user logged; `day` is their local calendar day."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_user_day", "user_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    distance_km: Mapped[float] = mapped_column(Float)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set for activities read from a file: when it started, how much it climbed, and the first
    # 16 hex digits of the file's SHA-256 (to recognise the same file sent again).
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    elevation_gain_m: Mapped[float | None] = mapped_column(Float)
    source_hash: Mapped[str | None] = mapped_column(String(16))


class Pause(Base):
    """A pause the user took (/pause): its days freeze the streak instead of breaking it."""

    __tablename__ = "pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PainReport(Base):
    """A body area the user reported pain in (via /pain); reminders spare it until resolved."""

    __tablename__ = "pain_reports"
    __table_args__ = (Index("ix_pain_reports_user_open", "user_id", "resolved_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(String(16))
    rule_id: Mapped[str | None] = mapped_column(String(40))
    red_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SendSlot(Base):
    """The send budget shared by every process of one bot token (PostgreSQL): the time of the
    last slot handed out, per key ("bot:<id>" overall, "chat:<id>" per chat). A process takes a
    slot by moving it forward in one atomic statement, then waits until it comes."""

    __tablename__ = "send_slots"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_at: Mapped[datetime] = mapped_column(UTCDateTime)
