"""Settings from the environment or a `.env` file; the only place configuration is read."""

import re
from functools import lru_cache
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./limber.db"
_SECRET_CHARS = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as secret_token


class Settings(BaseSettings):
    """Every setting has a working default except the bot token, which `run` requires."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr = SecretStr("")
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    telegram_poll_interval: float = Field(default=1.0, gt=0)
    telegram_read_timeout: float = Field(default=5.0, gt=0)
    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"
    log_format: str = Field(default="console", pattern="^(console|json)$")
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    dispatch_interval: float = Field(default=5.0, gt=0)
    dispatch_lease: float = Field(default=120.0, gt=0)
    # Reminders one pass claims at a time; smaller batches spread a backlog over more processes.
    dispatch_batch: int = Field(default=500, ge=1, le=5000)
    reminder_grace_minutes: int = Field(default=30, ge=0)
    chat_send_interval: float = Field(default=1.0, ge=0)
    rate_limit: bool = True
    send_rate: float = Field(default=28.0, gt=0, le=30)
    # Webhook mode: set WEBHOOK_URL (the public https address Telegram posts to) and a secret.
    webhook_url: str = ""
    webhook_secret: SecretStr = SecretStr("")
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # Health and metrics in polling mode (webhook mode serves them on the webhook port); 0 = off.
    metrics_port: int = Field(default=9090, ge=0, le=65535)
    metrics_listen: str = "0.0.0.0"
    update_workers: int = Field(default=32, ge=1)
    update_db_retry_seconds: float = Field(default=30.0, ge=0)
    database_connect_timeout: float = Field(default=5.0, gt=0)
    database_statement_timeout: float = Field(default=15.0, gt=0)

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_url)

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> "Settings":
        """Without the secret anyone who finds the URL could post made-up updates."""
        secret = self.webhook_secret.get_secret_value()
        if self.webhook_url and not secret:
            raise ValueError("WEBHOOK_SECRET must be set when WEBHOOK_URL is")
        if secret and not _SECRET_CHARS.fullmatch(secret):
            raise ValueError("WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return self

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
