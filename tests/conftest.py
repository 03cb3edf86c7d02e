"""Fixtures: a private redis-server per test session, never the shared one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Iterator

import pytest
import redis

from tests.helpers import free_port, wait_until


class RedisServer:
    def __init__(self, port: int, workdir: Path, append_only: bool = False) -> None:
        self.port = port
        self.workdir = workdir
        # With an append-only file written on every command, a killed server
        # comes back with everything it had acknowledged (as in production).
        self.append_only = append_only
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--dir", str(self.workdir),
                *(["--appendonly", "yes", "--appendfsync", "always"] if self.append_only else ["--appendonly", "no"]),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        wait_until(client.ping, 10, "redis-server")

    def kill(self) -> None:
        """A crash: no shutdown, no last save."""
        if self.process:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis(port=self.port, db=db)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(free_port(), tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_client(redis_server: RedisServer) -> Iterator[redis.Redis]:
    client = redis_server.client()
    client.flushall()
    yield client
    client.flushall()
