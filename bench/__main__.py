"""``make bench``: the figures of the generation pipeline against their targets.

    python -m bench [--quick] [--only NAME ...] [--profile] [--no-write]

1. ``import``: ``import stream_chat_gen`` plus one endpoint module, in a fresh
   interpreter (its wall time minus that of ``python -c pass``-like startup),
   and over a process that has already imported ``httpx``.
2. ``first``: the first ``ChannelStateResponse.from_dict(json.loads(payload))``
   of a fresh process, lazy model loading included.
3. ``warm``: ``from_dict`` of realistic channel-state payloads against
   ``json.loads`` of the same bytes, in this process, after warming up.
4. ``regen``: wall time of ``make regen`` (into a temporary folder, so the
   working tree is left alone).

Prints a Markdown table and writes it to ``bench/results.md``. Medians of many
runs, alternatives interleaved, because the machines it runs on are noisy.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import payloads
from stream_chat_gen.models import ChannelStateResponse, QueryChannelsResponse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.md"
ENDPOINT = "stream_chat_gen.api.messages.send_message"
CHANNEL_ENDPOINT = "stream_chat_gen.api.channels.get_or_create_channel"
FIGURES = ("import", "first", "warm", "regen")

# Child programs. Each prints the seconds it measured itself, on one line.
BARE = "import time\nt = time.perf_counter()\nprint(time.perf_counter() - t)\n"
COLD_IMPORT = f"import time\nt = time.perf_counter()\nimport stream_chat_gen, {ENDPOINT}\nprint(time.perf_counter() - t)\n"
AFTER_HTTPX = "import httpx\n" + COLD_IMPORT
FIRST_PARSE = f"""\
import json, sys, time
{{preamble}}
import {CHANNEL_ENDPOINT}
import stream_chat_gen.models as models
payload = open(sys.argv[1], "rb").read()
t0 = time.perf_counter()
models.ChannelStateResponse.from_dict(json.loads(payload))
t1 = time.perf_counter()
models.ChannelStateResponse.from_dict(json.loads(payload))
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""
PROFILE_FIRST_PARSE = f"""\
import cProfile, json, pstats, sys
import {CHANNEL_ENDPOINT}
import stream_chat_gen.models as models
payload = open(sys.argv[1], "rb").read()
profile = cProfile.Profile()
profile.runcall(lambda: models.ChannelStateResponse.from_dict(json.loads(payload)))
pstats.Stats(profile).sort_stats("tottime").print_stats(18)
"""


class BenchError(Exception):
    """A measurement could not be taken; the message says why."""


@dataclass
class Row:
    """One line of the results table."""

    figure: str
    value: float
    unit: str
    target: float | None  # None: shown for information, no target
    detail: str

    @property
    def status(self) -> str:
        if self.target is None:
            return ""
        return "met" if self.value <= self.target else "**missed**"

    def cells(self) -> list[str]:
        target = "" if self.target is None else f"≤ {fmt(self.target, self.unit)}"
        return [self.figure, fmt(self.value, self.unit), target, self.status, self.detail]


def fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:.1f} s"


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def child_env() -> dict[str, str]:
    return dict(os.environ)


def run_child(code: str, *args: str, flags: Sequence[str] = ()) -> tuple[float, str, str]:
    """Run ``python -c code args`` in the project root; its wall time, stdout and stderr."""
    command = [sys.executable, *flags, "-c", code, *args]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"child failed ({done.returncode}):\n{code}\n{done.stderr}")
    return wall, done.stdout, done.stderr


def precompile() -> None:
    """Write the bytecode of the generated package, as an installed package would have it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "stream_chat_gen"], cwd=ROOT, check=True)


def interleaved(runs: int, programs: dict[str, Callable[[], Any]]) -> dict[str, list[Any]]:
    """Run each program ``runs`` times, rotating their order every round."""
    names = list(programs)
    results: dict[str, list[Any]] = {name: [] for name in names}
    for index in range(runs):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(programs[name]())
    return results


# 1. Import


def bench_import(runs: int) -> list[Row]:
    precompile()
    found = interleaved(
        runs,
        {
            "bare": lambda: run_child(BARE),
            "cold": lambda: run_child(COLD_IMPORT),
            "httpx": lambda: run_child(AFTER_HTTPX),
        },
    )
    bare_wall = [wall for wall, _, _ in found["bare"]]
    cold_wall = [wall for wall, _, _ in found["cold"]]
    cold_inside = [float(out) for _, out, _ in found["cold"]]
    incremental = [float(out) for _, out, _ in found["httpx"]]
    cold = statistics.median(cold_wall) - statistics.median(bare_wall)
    paired = [c - b for c, b in zip(cold_wall, bare_wall, strict=True)]
    low, high = quartiles(paired)
    inc_low, inc_high = quartiles(incremental)
    return [
        Row(
            f"import `stream_chat_gen` + `{ENDPOINT.rsplit('.', 2)[-2]}.{ENDPOINT.rsplit('.', 1)[-1]}`, cold",
            cold * 1e3,
            "ms",
            15.0,
            f"fresh interpreter {ms(statistics.median(cold_wall))} − bare startup "
            f"{ms(statistics.median(bare_wall))}; paired IQR {ms(low)}–{ms(high)}; "
            f"timed inside the child {ms(statistics.median(cold_inside))}; {runs} runs",
        ),
        Row(
            "same, incremental over a process that imported `httpx`",
            statistics.median(incremental) * 1e3,
            "ms",
            15.0,
            f"timed inside the child; IQR {ms(inc_low)}–{ms(inc_high)}; {runs} runs",
        ),
    ]


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


# 2. First parse


def bench_first_parse(runs: int, payload_file: Path) -> list[Row]:
    precompile()
    found = interleaved(
        runs,
        {
            "fresh": lambda: run_child(FIRST_PARSE.format(preamble=""), str(payload_file)),
            "httpx": lambda: run_child(FIRST_PARSE.format(preamble="import httpx"), str(payload_file)),
        },
    )
    rows = []
    for name, label, target in (
        ("fresh", "first parse of a channel state (fresh process, lazy model loading included)", 60.0),
        ("httpx", "same, `httpx` already imported", None),
    ):
        first = [float(out.split()[0]) for _, out, _ in found[name]]
        second = [float(out.split()[1]) for _, out, _ in found[name]]
        low, high = quartiles(first)
        rows.append(
            Row(
                label,
                statistics.median(first) * 1e3,
                "ms",
                target,
                f"{payload_file.stat().st_size / 1000:.0f} KB; IQR {ms(low)}–{ms(high)}; "
                f"second parse in the same process {ms(statistics.median(second))}; {runs} runs",
            )
        )
    return rows


# 3. Warm parse


def bench_warm(rounds: int) -> list[Row]:
    cases: list[tuple[str, type[Any], bytes, float | None]] = [
        ("channel page: 20 members, 30 messages", ChannelStateResponse, payloads.encode(payloads.channel_state()), 1.5),
        (
            "query one channel: 10 members, 20 messages",
            ChannelStateResponse,
            payloads.encode(payloads.channel_state(members=10, messages=20)),
            None,
        ),
        ("query channels: 10 channel states", QueryChannelsResponse, payloads.encode(payloads.query_channels()), None),
    ]
    rows = []
    for label, model, data, target in cases:
        loads_s, from_dict_s, ratios = warm_times(model, data, rounds)
        low, high = quartiles(ratios)
        rows.append(
            Row(
                f"`{model.__name__}.from_dict`, warm, ÷ `json.loads` ({label})",
                statistics.median(from_dict_s) / statistics.median(loads_s),
                "x",
                target,
                f"{len(data) / 1000:.0f} KB; from_dict {ms(statistics.median(from_dict_s))}, "
                f"json.loads {ms(statistics.median(loads_s))}; per-round ratio IQR {low:.2f}–{high:.2f}; "
                f"{rounds} rounds",
            )
        )
    return rows


def warm_times(model: type[Any], data: bytes, rounds: int) -> tuple[list[float], list[float], list[float]]:
    """Seconds per call of ``json.loads(data)`` and ``model.from_dict`` of its result, per round."""
    decoded = json.loads(data)
    batch = 5
    for _ in range(batch):
        model.from_dict(json.loads(data))

    def timed(call: Callable[[], object]) -> float:
        started = time.perf_counter()
        for _ in range(batch):
            call()
        return (time.perf_counter() - started) / batch

    loads_s: list[float] = []
    from_dict_s: list[float] = []
    for index in range(rounds):
        gc.collect()
        if index % 2:
            from_dict_s.append(timed(lambda: model.from_dict(decoded)))
            loads_s.append(timed(lambda: json.loads(data)))
        else:
            loads_s.append(timed(lambda: json.loads(data)))
            from_dict_s.append(timed(lambda: model.from_dict(decoded)))
    ratios = [f / j for f, j in zip(from_dict_s, loads_s, strict=True)]
    return loads_s, from_dict_s, ratios


# 4. Regeneration


def bench_regen(runs: int) -> list[Row]:
    walls = []
    with tempfile.TemporaryDirectory(prefix="bench-regen-") as scratch:
        out = Path(scratch) / "stream_chat_gen"
        for _ in range(runs):
            command = ["make", "--no-print-directory", "-C", str(ROOT), "regen", f"OUT={out}"]
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            walls.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise BenchError(f"make regen failed:\n{done.stdout}{done.stderr}")
    spread = f"min {min(walls):.1f} s, max {max(walls):.1f} s" if runs > 1 else "one run"
    return [
        Row(
            "`make regen` wall time",
            statistics.median(walls),
            "s",
            15.0,
            f"into a temporary folder; {spread}; {runs} runs",
        )
    ]


# Profiles (--profile)


def profile_imports(code: str, runs: int, top: int = 15) -> str:
    """Median ``-X importtime`` self and cumulative times per module, the slowest first."""
    precompile()
    samples: dict[str, list[tuple[int, int]]] = {}
    for _ in range(runs):
        _, _, err = run_child(code, flags=["-X", "importtime"])
        for line in err.splitlines():
            if not line.startswith("import time:") or "|" not in line or "self [us]" in line:
                continue
            self_us, cumulative_us, name = line[len("import time:") :].split("|")
            samples.setdefault(name.strip(), []).append((int(self_us), int(cumulative_us)))
    medians = {
        name: (statistics.median(s for s, _ in values), statistics.median(c for _, c in values))
        for name, values in samples.items()
    }
    total = sum(s for s, _ in medians.values())
    lines = [f"all modules imported: {len(medians)}, total self time {total / 1e3:.1f} ms (median of {runs} runs)"]
    lines += [f"{'self ms':>8} {'cumul ms':>9}  module"]
    for name, (self_us, cumulative_us) in sorted(medians.items(), key=lambda item: -item[1][0])[:top]:
        lines.append(f"{self_us / 1e3:8.2f} {cumulative_us / 1e3:9.2f}  {name}")
    groups: dict[str, float] = {}
    for name, (self_us, _) in medians.items():
        head = name.split(".")[0]
        key = (
            "stream_chat_gen.models.*"
            if name.startswith("stream_chat_gen.models.")
            else head
            if head in {"stream_chat_gen", "attr", "attrs", "httpx"}
            else "other"
        )
        groups[key] = groups.get(key, 0.0) + self_us
    lines.append("self time by group: " + ", ".join(f"{k} {v / 1e3:.1f} ms" for k, v in sorted(groups.items())))
    return "\n".join(lines)


def profile_warm(model: type[Any], data: bytes, top: int = 20) -> str:
    decoded = json.loads(data)
    model.from_dict(decoded)
    profile = cProfile.Profile()
    profile.runcall(lambda: [model.from_dict(decoded) for _ in range(20)])
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(top)
    return trim_stats(out.getvalue())


def trim_stats(text: str) -> str:
    lines = [line.replace(str(ROOT) + "/", "") for line in text.splitlines()]
    start = next((i for i, line in enumerate(lines) if "function calls" in line), 0)
    return "\n".join(line for line in lines[start:] if line.strip() and not line.startswith("   Ordered by"))


def profiles(payload_file: Path) -> str:
    data = payload_file.read_bytes()
    _, out, _ = run_child(PROFILE_FIRST_PARSE, str(payload_file))
    first_parse_code = FIRST_PARSE.format(preamble="").replace("sys.argv[1]", repr(str(payload_file)))
    sections = [
        ("Cold import (`-X importtime`)", profile_imports(COLD_IMPORT, 9)),
        ("Fresh process up to the first parse (`-X importtime`)", profile_imports(first_parse_code, 9)),
        ("First parse in a fresh process (cProfile, by own time)", trim_stats(out)),
        ("Warm `ChannelStateResponse.from_dict` ×20 (cProfile, by own time)", profile_warm(ChannelStateResponse, data)),
    ]
    return "\n\n".join(f"### {title}\n\n```\n{body}\n```" for title, body in sections)


# Report


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_revision() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "templates", "generator", "stream_chat_gen", "openapi")
    return f"{commit}{' + uncommitted changes' if dirty else ''}"


def report(rows: list[Row], quick: bool, profile_text: str) -> str:
    bytecode = os.environ.get("PYTHONDONTWRITEBYTECODE")
    environment = [
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()} "
        f"{platform.machine()}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores",
        f"- revision: {git_revision()}",
        "- bytecode: `stream_chat_gen` precompiled with `python -m compileall` before the process figures"
        + (f" (this machine sets PYTHONDONTWRITEBYTECODE={bytecode}, kept in the children)" if bytecode else ""),
        "- warm figures: this process, garbage collector on, `gc.collect()` before each round",
    ]
    if quick:
        environment.append("- `--quick`: fewer runs than `make bench`, figures are rougher")
    header = ["figure", "median", "target", "status", "how"]
    table = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(row.cells()) + " |" for row in rows),
    ]
    parts = [
        "# Benchmark results",
        "Written by `make bench` (`python -m bench`); do not edit by hand.",
        "\n".join(environment),
        "\n".join(table),
    ]
    if profile_text:
        parts += ["## Profiles", profile_text]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (rougher figures)")
    parser.add_argument("--only", nargs="+", choices=FIGURES, default=list(FIGURES), help="figures to measure")
    parser.add_argument("--profile", action="store_true", help="also profile the import and the parse")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    process_runs, rounds, regen_runs = (11, 15, 1) if args.quick else (41, 41, 3)
    rows: list[Row] = []
    profile_text = ""
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        payload_file = Path(scratch) / "channel_state.json"
        payload_file.write_bytes(payloads.encode(payloads.channel_state()))
        try:
            if "import" in args.only:
                rows += bench_import(process_runs)
            if "first" in args.only:
                rows += bench_first_parse(process_runs, payload_file)
            if "warm" in args.only:
                rows += bench_warm(rounds)
            if "regen" in args.only:
                rows += bench_regen(regen_runs)
            if args.profile:
                profile_text = profiles(payload_file)
        except BenchError as error:
            print(f"bench failed: {error}", file=sys.stderr)
            return 1
    text = report(rows, args.quick, profile_text)
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
