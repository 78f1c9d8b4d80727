"""A local Telegram Bot API server and simulated users, for end-to-end tests and the console."""

from bot.localapi.client import SimulatedUser
from bot.localapi.errors import ApiError
from bot.localapi.faults import Faults
from bot.localapi.models import BotMessage
from bot.localapi.server import LocalBotApi

__all__ = ["ApiError", "BotMessage", "Faults", "LocalBotApi", "SimulatedUser"]
