"""Reliability fixtures: a private PostgreSQL cluster the tests may stop and start at will.

The shared server on 5432 is never touched: `private_postgres` runs `initdb` into a temporary
directory and `pg_ctl` on a free port of its own, so a test can take the database away (an
outage) and bring it back. Without the PostgreSQL server binaries the tests using it are
skipped with a loud reason, and fail in CI.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import _in_ci


def _binaries() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin with initdb and pg_ctl, else one on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major, reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _major(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PrivateCluster:
    """A throw-away PostgreSQL cluster on 127.0.0.1:`port`, trust auth, database `postgres`."""

    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir = bin_dir
        self.data = root / "data"
        self.log = root / "server.log"
        self.port = _free_port()
        self.root = root
        # initdb refuses to run as root: hand the cluster to the postgres account then.
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as, *args], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr or done.stdout}")

    def init(self) -> None:
        if self._as:
            shutil.chown(self.root, "postgres")
        self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "--no-sync", "-E", "UTF8",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", options, "-w", "-t", "30", "start",
        )  # fmt: skip

    def stop(self) -> None:
        """Stop at once (fast mode: open connections are cut, as in a real outage)."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        status = subprocess.run(
            [*self._as, str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "status"],
            capture_output=True,
            timeout=30,
        )
        return status.returncode == 0


@pytest.fixture
def private_postgres() -> Iterator[PrivateCluster]:
    """A started private cluster, stopped and removed after the test."""
    bin_dir = _binaries()
    if bin_dir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql"
        if _in_ci():
            pytest.fail(message + " (CI must run the outage tests)")
        pytest.skip("SKIPPING DATABASE OUTAGE TESTS — " + message)
    # Not under pytest's temporary root: the postgres account must be able to reach it.
    root = Path(tempfile.mkdtemp(prefix="limber-pg-"))
    cluster = PrivateCluster(bin_dir, root)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.running():
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
