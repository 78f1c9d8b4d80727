"""Settings from the environment or a `.env` file; the only place configuration is read."""

from functools import lru_cache
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./limber.db"


class Settings(BaseSettings):
    """Every setting has a working default except the bot token, which `run` requires."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: str = ""
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    telegram_poll_interval: float = Field(default=1.0, gt=0)
    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    dispatch_interval: float = Field(default=5.0, gt=0)
    reminder_grace_minutes: int = Field(default=30, ge=0)
    chat_send_interval: float = Field(default=1.0, ge=0)
    rate_limit: bool = True

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept `ADMIN_IDS=1,2,3` as well as a JSON list."""
        if isinstance(value, str):
            return [int(part) for part in value.replace(" ", "").split(",") if part]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("log_level")
    @classmethod
    def _upper_level(cls, value: str) -> str:
        return value.upper()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
