"""Worker processes: one per client, kept for the whole run, driven over pipes (see ``bench/worker.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import ROOT, BenchError, child_env, read_line, stop


@dataclass(frozen=True)
class ClientSpec:
    """A client as the tables name it: which driver, with which packages first on ``sys.path``."""

    label: str
    driver: str  # a key of bench.clients.SYNC_DRIVERS / ASYNC_DRIVERS
    site: Path | None = None  # OFFICIAL_SITE, GETSTREAM_SITE, or None for the project's venv
    block: tuple[str, ...] = ()  # optional modules hidden from it (our client without its extras)

    @property
    def available(self) -> bool:
        return self.site is None or self.site.is_dir()


class Worker:
    """One client in its own process; ``ask`` sends a command and returns the answer."""

    def __init__(self, mode: str, spec: ClientSpec, base_url: str, timeout: float = 120.0) -> None:
        self.spec = spec
        self.timeout = timeout
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed by close()
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-m", "bench.worker", mode, spec.driver, base_url],
            cwd=ROOT,
            env=child_env(spec.site, spec.block),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )
        self._read()  # {"ready": true}: set up, and each operation checked once

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        try:
            line = read_line(self.process.stdout, self.timeout, f"worker {self.spec.label!r}")
        except BenchError as error:
            self.errors.seek(0)
            raise BenchError(f"{error}:\n{self.errors.read()[-3000:]}") from None
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, command: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._read()

    def close(self) -> None:
        stop(self.process)
        self.errors.close()


def start_all(mode: str, specs: list[ClientSpec], base_url: str) -> dict[str, Worker]:
    """A worker per available client (closing those started if one fails)."""
    workers: dict[str, Worker] = {}
    try:
        for spec in specs:
            if spec.available:
                workers[spec.label] = Worker(mode, spec, base_url)
    except BaseException:
        close_all(workers)
        raise
    return workers


def close_all(workers: dict[str, Worker]) -> None:
    for worker in workers.values():
        worker.close()
