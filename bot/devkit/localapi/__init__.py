"""A local Telegram Bot API server and simulated users, for end-to-end tests and the console."""

from bot.devkit.localapi.client import SimulatedUser
from bot.devkit.localapi.errors import ApiError
from bot.devkit.localapi.faults import Faults
from bot.devkit.localapi.models import BotMessage
from bot.devkit.localapi.server import LocalBotApi

__all__ = ["ApiError", "BotMessage", "Faults", "LocalBotApi", "SimulatedUser"]
