"""What the parts of the benchmark share: paths, the results row, formatting, child processes."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
OFFICIAL_SITE = VENV / "official"  # `make bench` installs stream-chat there (it is also `stream_chat`)
GETSTREAM_SITE = VENV / "bench-getstream"  # and getstream, with its own dependencies


class BenchError(Exception):
    """A measurement could not be taken; the message says why."""


@dataclass
class Row:
    """One line of the targets table."""

    figure: str
    value: float
    unit: str
    target: float | None  # None: shown for information, no target
    detail: str
    baseline: float | None = None  # the same figure for --baseline
    higher_is_better: bool = False  # the target is a floor (≥), not a ceiling (≤)

    @property
    def status(self) -> str:
        if self.target is None:
            return ""
        met = self.value >= self.target if self.higher_is_better else self.value <= self.target
        return "met" if met else "**missed**"

    def cells(self, with_baseline: bool) -> list[str]:
        sign = "≥" if self.higher_is_better else "≤"
        target = "" if self.target is None else f"{sign} {fmt(self.target, self.unit)}"
        before = [] if not with_baseline else ["" if self.baseline is None else fmt(self.baseline, self.unit)]
        return [self.figure, *before, fmt(self.value, self.unit), target, self.status, self.detail]


@dataclass
class Section:
    """A detailed table of one part of the benchmark, printed under the targets."""

    title: str
    table: list[list[str]]  # the first row is the header
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        header, *body = self.table
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n\n".join([f"## {self.title}", "\n".join(lines), *self.notes])


def fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "rps":
        return f"{value:,.0f} req/s"
    if unit == "n":
        return f"{value:.0f}"
    if unit == "MB":
        return f"{value:.2f} MB"
    if unit == "µs":
        return f"{value:.1f} µs"
    return f"{value:.1f} s"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def interleaved(runs: int, programs: Mapping[str, Callable[[], Any]]) -> dict[str, list[Any]]:
    """Run each program ``runs`` times, rotating their order every round."""
    names = list(programs)
    results: dict[str, list[Any]] = {name: [] for name in names}
    for index in range(runs):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(programs[name]())
    return results


def child_env(site: Path | None = None, block: Sequence[str] = ()) -> dict[str, str]:
    """The environment of a child process: ``site`` first on ``sys.path``, then the checkout.

    ``block`` names modules the child must not find (``bench.worker`` honours
    ``BENCH_BLOCK``), to measure our client without its optional extras.
    """
    paths = [str(site)] if site is not None else []
    paths.append(str(ROOT))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PYTHONWARNINGS": "ignore"}
    env.pop("BENCH_BLOCK", None)
    if block:
        env["BENCH_BLOCK"] = ",".join(block)
    return env


@contextmanager
def local_server(max_seconds: float = 3600.0) -> Iterator[str]:
    """The canned API server (``bench.server``) in its own process; yields its base URL, stops it after."""
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "bench.server", "--max-seconds", str(max_seconds)],
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = read_line(process.stdout, 60.0, "the benchmark server")
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        stop(process)


def read_line(stream: IO[str], timeout: float, what: str) -> str:
    """One line from a child's stdout, or ``BenchError`` after ``timeout`` seconds or at its end."""
    import select  # noqa: PLC0415

    ready, _, _ = select.select([stream], [], [], timeout)
    if not ready:
        raise BenchError(f"{what} said nothing for {timeout:.0f} s")
    line = stream.readline()
    if not line:
        raise BenchError(f"{what} exited")
    return line


def stop(process: subprocess.Popen[str]) -> None:
    """Close a child's stdin (it exits by itself then) and wait; kill it if it does not."""
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()
