"""Real `python -m bot run` processes for reliability tests, and a round-robin load balancer."""

import asyncio
import itertools
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[2]
_FORWARDED = {"content-type", "x-telegram-bot-api-secret-token"}


class BotProcess:
    """One bot subprocess with its output in a file (read it with `log()`)."""

    def __init__(self, env: Mapping[str, str], log_path: Path) -> None:
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=self.env, cwd=ROOT,
            stdout=log, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        log.close()

    async def stop(self) -> int | None:
        """SIGTERM, then SIGKILL if it does not exit within 30 s (a loaded CI machine); the
        exit code."""
        process = self.process
        if process is None or process.returncode is not None:
            return process.returncode if process else None
        process.terminate()
        try:
            return await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            return await process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


async def wait_ready(http: aiohttp.ClientSession, url: str, process: BotProcess) -> None:
    """Poll `/readyz` until it answers 200 (AssertionError with the log if the process died)."""
    for _ in range(600):
        assert process.process is not None
        if process.process.returncode is not None:
            raise AssertionError(f"the bot exited early:\n{process.log()}")
        try:
            async with http.get(url + "/readyz") as answer:
                if answer.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"the bot never became ready:\n{process.log()}")


class RoundRobin:
    """Forwards each POST to the next backend in turn, as a load balancer in front of N
    webhook processes does; `counts` says how many requests each backend answered."""

    def __init__(self, backends: list[str]) -> None:
        self.backends = backends
        self.counts = dict.fromkeys(backends, 0)
        self._next = itertools.cycle(backends)
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self.port = 0

    async def start(self) -> None:
        self._http = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_post("/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        backend = next(self._next)
        headers = {k: v for k, v in request.headers.items() if k.lower() in _FORWARDED}
        try:
            async with self._http.post(
                backend + request.path, data=await request.read(), headers=headers
            ) as answer:
                self.counts[backend] += answer.status == 200
                return web.Response(status=answer.status)
        except aiohttp.ClientError:
            return web.Response(status=502)
