"""Settings come from the environment under fixed names, and docker compose uses those names."""

from pathlib import Path

import pytest
import yaml

from bot.__main__ import main
from bot.config import DEFAULT_DATABASE_URL, Settings, get_settings

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = {
    "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "TELEGRAM_API_FILE_URL",
    "TELEGRAM_POLL_INTERVAL", "DATABASE_URL", "LOG_LEVEL", "ADMIN_IDS", "LOG_FORMAT",
    "WEBHOOK_URL", "WEBHOOK_SECRET", "METRICS_PORT",
}  # fmt: skip


def test_defaults_need_nothing_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CONTRACT:
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.telegram_bot_token.get_secret_value() == ""
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert DEFAULT_DATABASE_URL.startswith("sqlite+aiosqlite:///")


def test_environment_names_are_the_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("TELEGRAM_API_FILE_URL", "http://127.0.0.1:8081/file/bot")
    monkeypatch.setenv("TELEGRAM_POLL_INTERVAL", "0.5")
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://u@h/db")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("ADMIN_IDS", "1, 22")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.telegram_bot_token.get_secret_value() == "1:abc"
    assert settings.telegram_api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.telegram_api_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.telegram_poll_interval == 0.5
    assert settings.database_url == "postgresql+asyncpg://u@h/db"
    assert settings.log_level == "DEBUG"
    assert settings.admin_ids == [1, 22]


def test_poll_interval_must_be_positive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_POLL_INTERVAL", "0")
    with pytest.raises(ValueError, match="greater than 0"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_compose_environment_matches_settings() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    names = set(compose["services"]["bot"]["environment"])
    assert names == CONTRACT
    fields = {name.upper() for name in Settings.model_fields}
    assert names <= fields
    assert compose["services"]["bot"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "healthcheck" in compose["services"]["db"]
    assert compose["services"]["db"]["image"].startswith("postgres:16")


def test_the_token_never_shows_in_a_repr_or_a_dump() -> None:
    settings = Settings(
        telegram_bot_token="123:TOPSECRET",
        webhook_url="https://bot.example.org/telegram",
        webhook_secret="hook-SECRET",
        _env_file=None,  # type: ignore[call-arg]
    )
    for shown in (repr(settings), str(settings), settings.model_dump_json()):
        assert "TOPSECRET" not in shown
        assert "hook-SECRET" not in shown
    assert settings.telegram_bot_token.get_secret_value() == "123:TOPSECRET"


def test_webhook_needs_a_valid_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/telegram")
    with pytest.raises(ValueError, match="WEBHOOK_SECRET must be set"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("WEBHOOK_SECRET", "no spaces allowed")
    with pytest.raises(ValueError, match="WEBHOOK_SECRET: 1-256 characters"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("WEBHOOK_SECRET", "a-good_secret42")
    assert Settings(_env_file=None).webhook_mode  # type: ignore[call-arg]


def test_run_refuses_a_webhook_without_its_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/telegram")
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    get_settings.cache_clear()
    try:
        assert main(["run"]) == 2
    finally:
        get_settings.cache_clear()
    assert "WEBHOOK_SECRET must be set when WEBHOOK_URL is" in capsys.readouterr().err


def test_compose_webhook_profile_fronts_the_bot_with_a_proxy() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    proxy = compose["services"]["proxy"]
    assert proxy["profiles"] == ["webhook"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy /telegram" in caddyfile and "port 8080" in caddyfile
