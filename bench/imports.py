"""Import time and memory of each client package, in fresh processes.

Each program imports one package in a fresh interpreter (the package's folder
first on ``sys.path``, bytecode precompiled as an installed package has it),
timing the import inside the child; it also reports the process's peak RSS
and which async modules ended up loaded. Programs are interleaved round by
round; the ratio to ``import httpx`` is taken per round.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.common import (
    GETSTREAM_SITE,
    OFFICIAL_SITE,
    ROOT,
    BenchError,
    Row,
    Section,
    child_env,
    interleaved,
    quartiles,
)

ASYNC_MODULES = ("asyncio", "anyio", "aiohttp", "stream_chat.async_chat", "stream_chat.transports")
# Peak RSS in kB: the process's own high-water mark (VmHWM, reset by exec) where Linux gives it.
# ru_maxrss survives exec, so it can report the parent's size at the time of the fork instead.
PROGRAM = """\
import resource, sys, time
started = time.perf_counter()
{code}
elapsed = time.perf_counter() - started
loaded = [name for name in {modules!r} if name in sys.modules]
try:
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak, ",".join(loaded) or "-")
"""
TARGET = 1.3


@dataclass(frozen=True)
class Program:
    label: str
    code: str
    site: Path | None = None


PROGRAMS = [
    Program("bare interpreter", "pass"),
    Program("`import httpx`", "import httpx"),
    Program("`import stream_chat` (ours)", "import stream_chat"),
    Program(
        "`import stream_chat; StreamChat(...)` (ours)",
        "import stream_chat\nstream_chat.StreamChat('key', 'secret-' + 's' * 40)",
    ),
    Program("`import stream_chat` (official)", "import stream_chat", OFFICIAL_SITE),
    Program("`import getstream`", "import getstream", GETSTREAM_SITE),
    Program("`import aiohttp`", "import aiohttp"),
]


def precompile() -> None:
    """Bytecode for every package imported, as pip writes it at install time (this machine may not)."""
    folders = [ROOT / "stream_chat", ROOT / "stream_chat_gen"]
    folders += [site for site in (OFFICIAL_SITE, GETSTREAM_SITE) if site.is_dir()]
    for folder in folders:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "-j", "0", str(folder)], capture_output=True, check=False
        )


def run(program: Program) -> tuple[float, float, str]:
    code = PROGRAM.format(code=program.code, modules=ASYNC_MODULES)
    done = subprocess.run(
        [sys.executable, "-P", "-c", code],
        cwd=ROOT,
        env=child_env(program.site),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise BenchError(f"{program.label} failed:\n{done.stderr[-2000:]}")
    elapsed, rss_kb, loaded = done.stdout.split()
    return float(elapsed), float(rss_kb) / 1024, loaded


def bench_packages(runs: int) -> tuple[list[Row], Section]:
    precompile()
    programs = [p for p in PROGRAMS if p.site is None or p.site.is_dir()]
    found = interleaved(runs, {p.label: partial(run, p) for p in programs})
    bare_rss = statistics.median(rss for _, rss, _ in found["bare interpreter"])
    httpx_times = [t for t, _, _ in found["`import httpx`"]]
    table = [["program", "import time", "÷ `import httpx`", "peak RSS", "RSS over bare", "async modules loaded"]]
    for program in programs:
        times = [t for t, _, _ in found[program.label]]
        per_round = [t / h for t, h in zip(times, httpx_times, strict=True)]
        rss = statistics.median(r for _, r, _ in found[program.label])
        loaded = found[program.label][-1][2].replace(",", ", ").replace("-", "none")
        table.append(
            [
                program.label,
                f"{statistics.median(times) * 1e3:.1f} ms",
                "" if program.code == "pass" else f"{statistics.median(per_round):.2f}x",
                f"{rss:.1f} MB",
                f"{rss - bare_rss:.1f} MB",
                "" if program.code == "pass" else loaded,
            ]
        )
    ours = [t for t, _, _ in found["`import stream_chat` (ours)"]]
    per_round = [t / h for t, h in zip(ours, httpx_times, strict=True)]
    low, high = quartiles(per_round)
    constructed = found["`import stream_chat; StreamChat(...)` (ours)"][-1][2]
    rows = [
        Row(
            "`import stream_chat` / `import httpx`, fresh process",
            statistics.median(per_round),
            "x",
            TARGET,
            f"timed inside the child; IQR {low:.2f} to {high:.2f}; medians {statistics.median(ours) * 1e3:.1f} ms "
            f"and {statistics.median(httpx_times) * 1e3:.1f} ms; {runs} runs",
        ),
        Row(
            "async modules loaded by `import stream_chat; StreamChat(...)`",
            float(len([m for m in constructed.split(",") if m not in ("-", "anyio")])),
            "n",
            0.0,
            f"loaded: {constructed.replace('-', 'none')} (httpx's transport, httpcore, imports `anyio`, not "
            "`asyncio`; tests/test_import_cost.py checks the rest)",
        ),
    ]
    notes = [
        f"Fresh interpreter per run (`python -P -c`), the package's folder first on `PYTHONPATH`, bytecode "
        f"precompiled; {runs} runs, programs interleaved; medians. Peak RSS: the child's own high-water mark "
        "at the end (`VmHWM`; `ru_maxrss` where there is none).",
    ]
    return rows, Section("Import time and memory, fresh processes", table, notes)
