"""The tables: users with their profile, and the dialog they are in (so a restart loses nothing)."""

from datetime import datetime, time
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, Integer, MetaData, String, Time
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

DEFAULT_WORK_DAYS = "mon,tue,wed,thu,fri"


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
    work_end: Mapped[time] = mapped_column(Time, default=time(17, 0))
    break_every: Mapped[int] = mapped_column(Integer, default=45)
    ride_km_week: Mapped[float] = mapped_column(Float, default=0.0)
    run_km_week: Mapped[float] = mapped_column(Float, default=0.0)
    distance_unit: Mapped[str] = mapped_column(String(2), default="km")
    routine_at: Mapped[time] = mapped_column(Time, default=time(18, 30))
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    post_activity_delay: Mapped[int] = mapped_column(Integer, default=0)

    reminders_on: Mapped[bool] = mapped_column(Boolean, default=True)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    dialog: Mapped[str | None] = mapped_column(String(40))
    dialog_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

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
