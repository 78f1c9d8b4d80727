"""A fresh local Bot API per test, plus the two kinds of clients the tests drive it with."""

from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import Bot

from bot.devkit.localapi import LocalBotApi


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        yield server


@pytest.fixture
async def bot(api: LocalBotApi) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as client:
        yield client


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session
