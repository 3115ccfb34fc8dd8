"""``make bench``: the clients side by side, and the figures of the generation pipeline, against their targets.

    python -m bench [--quick] [--only NAME ...] [--baseline DIR] [--profile] [--no-write]

Clients (a local server on 127.0.0.1 answers Stream-shaped JSON, ``bench/server.py``;
each client runs in a worker process of its own, ``bench/worker.py``):

1. ``sync``: per-call wall and CPU time of our ``StreamChat`` (the dict, and the
   typed ``.model``), the official ``stream-chat``, ``getstream`` and a raw
   ``httpx.Client`` (the floor) on four operations (``bench/sync_calls.py``);
2. ``async``: requests per second at 50 in flight of our ``StreamChatAsync``
   (as the base install gives it, with the ``fast`` extra, and over httpx's
   transport by opt-in), the official one (aiohttp), raw aiohttp, raw ``httpx.AsyncClient`` and
   ``getstream``, and our own CPU per call with the network replaced by an
   answer at once (``bench/async_throughput.py``);
3. ``packages``: import time and RSS of each package in fresh processes
   (``bench/imports.py``).

The generated package:

4. ``import``: ``import stream_chat_gen`` plus one endpoint module, in a fresh
   interpreter (its wall time minus that of a bare ``python -c`` run in the
   same round), and timed inside a process that has already imported ``httpx``.
5. ``first``: the first ``ChannelStateResponse.from_dict(json.loads(payload))``
   of a fresh process, lazy model loading included.
6. ``warm``: ``from_dict`` of realistic channel-state payloads against
   ``json.loads`` of the same bytes, in this process, after warming up; the
   whole typed parse from bytes, with the standard library and with orjson;
   and the memory a parsed page of channels holds.
7. ``regen``: wall time of ``make regen`` (into a temporary folder, so the
   working tree is left alone).

Working at scale (``bench/scale.py``, against the emulator):

8. ``scale``: ``bulk_upsert_users`` of 20,000 users under a rate limit (429
   answers, time against the least the limit allows), and ``iter_channels``
   over 1,000 and 10,000 channels (time per page against a hand-written loop,
   peak RSS).

Prints Markdown tables and writes them to ``bench/results.md``. ``--baseline``
measures another checkout's ``stream_chat_gen`` (say, one from before a
template change) in the same rounds, for a before/after column (with the
same code on both sides it has come out about 5% in the baseline's favour,
so read small differences with care); ``--profile``
adds ``-X importtime`` and cProfile breakdowns. Medians of many runs, the
alternatives interleaved and compared round by round, because the machines it
runs on are noisy.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import importlib
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from bench import payloads
from bench.async_throughput import bench_async
from bench.common import ROOT, BenchError, Row, Section, interleaved, local_server, ms, quartiles
from bench.imports import bench_packages
from bench.scale import bench_scale
from bench.sync_calls import bench_sync

RESULTS = Path(__file__).resolve().parent / "results.md"
PACKAGE = "stream_chat_gen"
ENDPOINT = "stream_chat_gen.api.messages.send_message"
CHANNEL_ENDPOINT = "stream_chat_gen.api.channels.get_or_create_channel"
FIGURES = ("sync", "async", "packages", "import", "first", "warm", "regen", "scale")
NOW, BASELINE = "now", "baseline"

# Child programs, run with the checkout as working directory (so as ``sys.path[0]``).
# Each prints the seconds it measured itself.
BARE = """\
import time
t = time.perf_counter()
print(time.perf_counter() - t)
"""
COLD_IMPORT = f"""\
import time
t = time.perf_counter()
import stream_chat_gen, {ENDPOINT}
print(time.perf_counter() - t)
"""
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
SPLIT_FIRST_PARSE = f"""\
import json, sys, time
import {CHANNEL_ENDPOINT}
import stream_chat_gen.models as models
payload = open(sys.argv[1], "rb").read()
t0 = time.perf_counter()
import attrs
t1 = time.perf_counter()
models.ChannelStateResponse.from_dict(json.loads(payload))
t2 = time.perf_counter()
models.ChannelStateResponse.from_dict(json.loads(payload))
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
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


def run_child(code: str, *args: str, cwd: Path = ROOT, flags: Sequence[str] = ()) -> tuple[float, str, str]:
    """Run ``python -c code args`` in ``cwd``; its wall time, stdout and stderr."""
    command = [sys.executable, *flags, "-c", code, *args]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"child failed ({done.returncode}) in {cwd}:\n{code}\n{done.stderr}")
    return wall, done.stdout, done.stderr


def precompile(trees: dict[str, Path]) -> None:
    """Write the bytecode of the generated package, as an installed package would have it."""
    for root in trees.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", PACKAGE], cwd=root, check=True)


# 1. Import


def bench_import(runs: int, trees: dict[str, Path]) -> list[Row]:
    precompile(trees)
    programs: dict[str, Callable[[], Any]] = {"bare": partial(run_child, BARE)}
    for name, root in trees.items():
        programs[f"cold {name}"] = partial(run_child, COLD_IMPORT, cwd=root)
        programs[f"httpx {name}"] = partial(run_child, AFTER_HTTPX, cwd=root)
    found = interleaved(runs, programs)
    bare_wall = [wall for wall, _, _ in found["bare"]]
    # Each round's runs are close in time: their difference is steadier than a difference of medians.
    paired = {
        name: [wall - bare for (wall, _, _), bare in zip(found[f"cold {name}"], bare_wall, strict=True)]
        for name in trees
    }
    inside = {name: [float(out) for _, out, _ in found[f"httpx {name}"]] for name in trees}
    cold = {name: statistics.median(values) for name, values in paired.items()}
    incremental = {name: statistics.median(values) for name, values in inside.items()}
    cold_wall = statistics.median(wall for wall, _, _ in found[f"cold {NOW}"])
    cold_inside = statistics.median(float(out) for _, out, _ in found[f"cold {NOW}"])
    low, high = quartiles(paired[NOW])
    inc_low, inc_high = quartiles(inside[NOW])
    return [
        Row(
            f"import `stream_chat_gen` + `{ENDPOINT.split('.', 2)[2]}`, cold",
            cold[NOW] * 1e3,
            "ms",
            15.0,
            f"per round, fresh interpreter minus bare startup (medians {ms(cold_wall)} and "
            f"{ms(statistics.median(bare_wall))}); IQR {ms(low)} to {ms(high)}; "
            f"timed inside the child {ms(cold_inside)}; {runs} runs",
            baseline=cold[BASELINE] * 1e3 if BASELINE in cold else None,
        ),
        Row(
            "same, incremental over a process that imported `httpx`",
            incremental[NOW] * 1e3,
            "ms",
            15.0,
            f"timed inside the child; IQR {ms(inc_low)} to {ms(inc_high)}; {runs} runs",
            baseline=incremental[BASELINE] * 1e3 if BASELINE in incremental else None,
        ),
    ]


# 2. First parse


def bench_first_parse(runs: int, payload_file: Path, trees: dict[str, Path]) -> list[Row]:
    precompile(trees)
    variants = {"fresh": "", "httpx": "import httpx"}
    programs: dict[str, Callable[[], Any]] = {}
    for name, root in trees.items():
        for variant, preamble in variants.items():
            code = FIRST_PARSE.format(preamble=preamble)
            programs[f"{variant} {name}"] = partial(run_child, code, str(payload_file), cwd=root)
    found = interleaved(runs, programs)
    rows = []
    for variant, label, target in (
        ("fresh", "first parse of a channel state (fresh process, lazy model loading included)", 60.0),
        ("httpx", "same, `httpx` already imported", None),
    ):
        first = {name: [float(out.split()[0]) for _, out, _ in found[f"{variant} {name}"]] for name in trees}
        second = [float(out.split()[1]) for _, out, _ in found[f"{variant} {NOW}"]]
        low, high = quartiles(first[NOW])
        rows.append(
            Row(
                label,
                statistics.median(first[NOW]) * 1e3,
                "ms",
                target,
                f"{payload_file.stat().st_size / 1000:.0f} KB; IQR {ms(low)} to {ms(high)}; "
                f"second parse in the same process {ms(statistics.median(second))}; {runs} runs",
                baseline=statistics.median(first[BASELINE]) * 1e3 if BASELINE in first else None,
            )
        )
    return rows


# 3. Warm parse


def load_models(trees: dict[str, Path], scratch: Path) -> dict[str, ModuleType]:
    """``models`` of each checkout in this process; the baseline's is imported from a renamed copy.

    The generated modules import each other relatively, so a copy under another
    name is a separate package with its own classes.
    """
    found = {NOW: importlib.import_module(f"{PACKAGE}.models")}
    if BASELINE in trees:
        alias = f"{PACKAGE}_baseline"
        shutil.copytree(trees[BASELINE] / PACKAGE, scratch / alias, ignore=shutil.ignore_patterns("__pycache__"))
        sys.path.insert(0, str(scratch))
        found[BASELINE] = importlib.import_module(f"{alias}.models")
    return found


def bench_warm(rounds: int, models: dict[str, ModuleType]) -> list[Row]:
    page = payloads.encode(payloads.channel_state())
    one_channel = payloads.encode(payloads.channel_state(members=10, messages=20))
    channels = payloads.encode(payloads.query_channels())
    cases: list[tuple[str, str, bytes, float | None]] = [
        ("channel page: 20 members, 30 messages", "ChannelStateResponse", page, 1.5),
        ("query one channel: 10 members, 20 messages", "ChannelStateResponse", one_channel, None),
        ("query channels: 10 channel states", "QueryChannelsResponse", channels, 1.5),
    ]
    rows = []
    for label, class_name, data, target in cases:
        classes = {name: getattr(module, class_name) for name, module in models.items()}
        extra = decoders(data) if class_name == "QueryChannelsResponse" else {}
        loads_s, from_dict_s = warm_times(classes, data, rounds, extra)
        ratios = {name: [f / j for f, j in zip(times, loads_s, strict=True)] for name, times in from_dict_s.items()}
        if extra:
            rows += typed_from_bytes(label, data, loads_s, from_dict_s, rounds)
        low, high = quartiles(ratios[NOW])
        rows.append(
            Row(
                f"warm `{class_name}.from_dict` / `json.loads` of the same bytes ({label})",
                statistics.median(ratios[NOW]),
                "x",
                target,
                f"{len(data) / 1000:.0f} KB; ratio per round, IQR {low:.2f} to {high:.2f}; medians: from_dict "
                f"{ms(statistics.median(from_dict_s[NOW]))}, json.loads {ms(statistics.median(loads_s))}; "
                f"{rounds} rounds",
                baseline=statistics.median(ratios[BASELINE]) if BASELINE in ratios else None,
            )
        )
    rows.append(model_memory(models, channels))
    return rows


def model_memory(models: dict[str, ModuleType], data: bytes) -> Row:
    """Memory held by the parsed query-channels model, beside that of the decoded JSON it came from."""
    import tracemalloc  # noqa: PLC0415

    decoded = json.loads(data)

    def held(make: Callable[[], object]) -> float:
        make()  # classes loaded, caches warm: only what the result holds is counted
        tracemalloc.start()
        try:
            kept = make()
            size, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        del kept
        return size / 1e6

    sizes = {name: held(partial(module.QueryChannelsResponse.from_dict, decoded)) for name, module in models.items()}
    json_size = held(lambda: json.loads(data))
    return Row(
        "memory held by the parsed `QueryChannelsResponse` (query channels: 10 channel states)",
        sizes[NOW],
        "MB",
        None,
        f"`tracemalloc`, the decoded JSON excluded; the decoded JSON itself holds {json_size:.2f} MB",
        baseline=sizes.get(BASELINE),
    )


def decoders(data: bytes) -> dict[str, Callable[[], object]]:
    """The decoders our client may use: orjson itself, and ``decode_json`` (orjson with its checks, when installed)."""
    import httpx  # noqa: PLC0415

    from stream_chat_gen.api.channels import query_channels  # noqa: PLC0415
    from stream_chat_gen.types import APIResponse, decode_json  # noqa: PLC0415

    answer = httpx.Response(200, content=data)
    found: dict[str, Callable[[], object]] = {
        "decode_json": lambda: decode_json(data),
        # What `resp.model` runs: decode, then parse (large bodies with the garbage collector paused).
        "APIResponse.parsed": lambda: APIResponse(answer, query_channels._parse).parsed,
    }
    try:
        import orjson  # noqa: PLC0415
    except ImportError:
        return found
    found["orjson.loads"] = lambda: orjson.loads(data)
    return found


def typed_from_bytes(
    label: str, data: bytes, loads_s: list[float], found: dict[str, list[float]], rounds: int
) -> list[Row]:
    """Bytes to typed model against bytes to dict: (decoder + ``from_dict``) / ``json.loads``, per round."""
    from_dict = found[NOW]
    rows = []
    cases = [("`json.loads`", loads_s, "base install")]
    if "orjson.loads" in found:
        cases.append(("`decode_json` (orjson)", found["decode_json"], "with the `fast` extra"))
    for decoder, decode_s, note in cases:
        per_round = [(d + f) / j for d, f, j in zip(decode_s, from_dict, loads_s, strict=True)]
        low, high = quartiles(per_round)
        rows.append(
            Row(
                f"typed parse from bytes: ({decoder} + `from_dict`) / `json.loads` ({label}), {note}",
                statistics.median(per_round),
                "x",
                None,  # settled: `from_dict` alone has the target; the whole typed path is guarded in sync_calls
                f"{len(data) / 1000:.0f} KB; ratio per round, IQR {low:.2f} to {high:.2f}; medians: decode "
                f"{ms(statistics.median(decode_s))}, from_dict {ms(statistics.median(from_dict))}, json.loads "
                f"{ms(statistics.median(loads_s))}; {rounds} rounds",
            )
        )
    per_round = [p / j for p, j in zip(found["APIResponse.parsed"], loads_s, strict=True)]
    low, high = quartiles(per_round)
    rows.append(
        Row(
            f"typed parse from bytes as the client does it: `APIResponse.parsed` / `json.loads` ({label})",
            statistics.median(per_round),
            "x",
            None,
            f"decode_json{' (orjson)' if 'orjson.loads' in found else ''} + from_dict with the cyclic garbage "
            f"collector paused (bodies of 64 KB or more); IQR {low:.2f} to {high:.2f}; medians "
            f"{ms(statistics.median(found['APIResponse.parsed']))} and {ms(statistics.median(loads_s))}; "
            f"{rounds} rounds",
        )
    )
    if "orjson.loads" in found:
        per_round = [o / j for o, j in zip(found["orjson.loads"], loads_s, strict=True)]
        checked = [d / j for d, j in zip(found["decode_json"], loads_s, strict=True)]
        rows.append(
            Row(
                f"`orjson.loads` / `json.loads` ({label})",
                statistics.median(per_round),
                "x",
                None,
                f"`decode_json` (orjson after its check for long digit runs) {statistics.median(checked):.2f}x; "
                f"{rounds} rounds",
            )
        )
    return rows


def warm_times(
    classes: dict[str, type[Any]], data: bytes, rounds: int, extra: dict[str, Callable[[], object]] | None = None
) -> tuple[list[float], dict[str, list[float]]]:
    """Seconds per call of ``json.loads(data)``, each class's ``from_dict`` of its result and ``extra``, per round."""
    decoded = json.loads(data)
    batch = 5
    calls: dict[str, Callable[[], object]] = {"json.loads": lambda: json.loads(data), **(extra or {})}
    for name, model in classes.items():
        calls[name] = partial(model.from_dict, decoded)
    for call in calls.values():
        for _ in range(batch):
            call()

    def timed(call: Callable[[], object]) -> float:
        started = time.perf_counter()
        for _ in range(batch):
            call()
        return (time.perf_counter() - started) / batch

    names = list(calls)
    per_round: list[dict[str, float]] = []
    for index in range(rounds):
        gc.collect()
        shift = index % len(names)  # each call takes its turn first
        per_round.append({name: timed(calls[name]) for name in names[shift:] + names[:shift]})
    return [r["json.loads"] for r in per_round], {name: [r[name] for r in per_round] for name in names[1:]}


# 4. Regeneration


def bench_regen(runs: int) -> list[Row]:
    walls = []
    with tempfile.TemporaryDirectory(prefix="bench-regen-") as scratch:
        out = Path(scratch) / PACKAGE
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
    samples: dict[str, list[tuple[int, int]]] = {}
    for _ in range(runs):
        _, _, err = run_child(code, flags=["-X", "importtime"])
        for line in err.splitlines():
            if not line.startswith("import time:") or "|" not in line or "self [us]" in line:
                continue
            own_us, cumulative_us, module = line[len("import time:") :].split("|")
            samples.setdefault(module.strip(), []).append((int(own_us), int(cumulative_us)))
    medians: dict[str, tuple[float, float]] = {
        module: (statistics.median(own for own, _ in values), statistics.median(cum for _, cum in values))
        for module, values in samples.items()
    }
    total = sum(own for own, _ in medians.values())
    lines = [f"all modules imported: {len(medians)}, total self time {total / 1e3:.1f} ms (median of {runs} runs)"]
    lines += [f"{'self ms':>8} {'cumul ms':>9}  module"]
    for module, (own, cumulative) in sorted(medians.items(), key=lambda item: -item[1][0])[:top]:
        lines.append(f"{own / 1e3:8.2f} {cumulative / 1e3:9.2f}  {module}")
    groups: dict[str, float] = {}
    for module, (own, _) in medians.items():
        head = module.split(".")[0]
        key = head if head in {"stream_chat_gen", "attr", "attrs", "httpx"} else "stdlib and others"
        groups[key] = groups.get(key, 0.0) + own
    lines.append("self time by group: " + ", ".join(f"{k} {v / 1e3:.1f} ms" for k, v in sorted(groups.items())))
    # -X importtime only reports `import` statements: modules loaded through importlib.import_module,
    # as `models` loads its classes, are missing from this list (see the split of the first parse).
    return "\n".join(lines)


def split_first_parse(payload_file: Path, runs: int) -> str:
    """Medians of the parts of a first parse: importing attrs, loading the model modules, parsing."""
    found = [run_child(SPLIT_FIRST_PARSE, str(payload_file))[1].split() for _ in range(runs)]
    attrs_s, models_s, parse_s = (statistics.median(float(run[i]) for run in found) for i in range(3))
    return (
        f"import attrs (and typing, inspect, ast... that it imports): {ms(attrs_s)}\n"
        f"first from_dict, attrs already imported: {ms(models_s)} "
        f"(loading the model modules and building their classes, then parsing)\n"
        f"second from_dict (parsing alone, json.loads included): {ms(parse_s)}\n"
        f"median of {runs} fresh processes"
    )


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


def profiles(payload_file: Path, models: ModuleType) -> str:
    precompile({NOW: ROOT})
    _, out, _ = run_child(PROFILE_FIRST_PARSE, str(payload_file))
    first_parse_code = FIRST_PARSE.format(preamble="").replace("sys.argv[1]", repr(str(payload_file)))
    warm = profile_warm(models.ChannelStateResponse, payload_file.read_bytes())
    sections = [
        ("Cold import (`-X importtime`)", profile_imports(COLD_IMPORT, 9)),
        ("Fresh process up to the first parse (`-X importtime`)", profile_imports(first_parse_code, 9)),
        ("First parse in a fresh process, split", split_first_parse(payload_file, 15)),
        ("First parse in a fresh process (cProfile, by own time)", trim_stats(out)),
        ("Warm `ChannelStateResponse.from_dict` x20 (cProfile, by own time)", warm),
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


def git_revision(root: Path) -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "templates", "generator", PACKAGE, "openapi")
    return f"{commit}{' + uncommitted changes' if dirty else ''}"


def load_average() -> str:
    try:
        return " / ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def installed_versions() -> str:
    """Versions of the packages measured, as installed for this run."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    from bench.common import GETSTREAM_SITE, OFFICIAL_SITE  # noqa: PLC0415

    found = []
    for name in ("httpx", "httpcore", "aiohttp", "orjson", "attrs"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} not installed")
    for label, site, prefix in (
        ("stream-chat", OFFICIAL_SITE, "stream_chat-"),
        ("getstream", GETSTREAM_SITE, "getstream-"),
    ):
        infos = sorted(site.glob(f"{prefix}*.dist-info")) if site.is_dir() else []
        found.append(
            f"{label} {infos[0].name[len(prefix) : -len('.dist-info')]}" if infos else f"{label} not installed"
        )
    return ", ".join(found)


def report(
    rows: list[Row],
    trees: dict[str, Path],
    quick: bool,
    load_before: str,
    profile_text: str,
    sections: list[Section] | None = None,
) -> str:
    bytecode = os.environ.get("PYTHONDONTWRITEBYTECODE")
    environment = [
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()} "
        f"{platform.machine()}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores; load average {load_before} before the run, "
        f"{load_average()} after (other processes slow the absolute figures down)",
        f"- revision: {git_revision(ROOT)}",
        f"- bytecode: `{PACKAGE}` precompiled with `python -m compileall` before the process figures"
        + (f" (this machine sets PYTHONDONTWRITEBYTECODE={bytecode}, kept in the children)" if bytecode else ""),
        "- warm figures: this process, garbage collector on, `gc.collect()` before each round",
        f"- packages: {installed_versions()}",
    ]
    if BASELINE in trees:
        environment.append(
            f"- baseline: `{PACKAGE}` of {trees[BASELINE]} (revision {git_revision(trees[BASELINE])}), "
            "measured in the same rounds"
        )
    if quick:
        environment.append("- `--quick`: fewer runs than `make bench`, figures are rougher")
    with_baseline = BASELINE in trees
    header = ["figure", *(["baseline"] if with_baseline else []), "median", "target", "status", "how"]
    table = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(row.cells(with_baseline)) + " |" for row in rows),
    ]
    parts = [
        "# Benchmark results",
        "Written by `make bench` (`python -m bench`); do not edit by hand.",
        "\n".join(environment),
        "## Targets",
        "\n".join(table),
        *(section.markdown() for section in sections or []),
    ]
    if profile_text:
        parts += ["## Profiles", profile_text]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (rougher figures)")
    parser.add_argument("--only", nargs="+", choices=FIGURES, default=list(FIGURES), help="figures to measure")
    parser.add_argument("--baseline", type=Path, help=f"another checkout whose {PACKAGE} to measure alongside")
    parser.add_argument("--profile", action="store_true", help="also profile the import and the parse")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    trees = {NOW: ROOT}
    if args.baseline is not None:
        if not (args.baseline / PACKAGE / "__init__.py").is_file():
            parser.error(f"{args.baseline} holds no {PACKAGE} package")
        trees[BASELINE] = args.baseline.resolve()
    process_runs, rounds, regen_runs = (11, 15, 1) if args.quick else (41, 41, 3)
    client_rounds, batch_seconds = (3, 0.15) if args.quick else (11, 0.3)
    async_rounds, async_seconds = (2, 1.0) if args.quick else (15, 1.5)
    package_runs = 5 if args.quick else 15
    rows: list[Row] = []
    sections: list[Section] = []
    profile_text = ""
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        payload_file = Path(scratch) / "channel_state.json"
        payload_file.write_bytes(payloads.encode(payloads.channel_state()))
        models = load_models(trees, Path(scratch))
        try:
            if "sync" in args.only or "async" in args.only:
                with local_server() as base_url:
                    if "sync" in args.only:
                        found, section = bench_sync(base_url, client_rounds, batch_seconds)
                        rows += found
                        sections.append(section)
                    if "async" in args.only:
                        found, section = bench_async(base_url, async_rounds, async_seconds)
                        rows += found
                        sections.append(section)
            if "packages" in args.only:
                found, section = bench_packages(package_runs)
                rows += found
                sections.append(section)
            if "import" in args.only:
                rows += bench_import(process_runs, trees)
            if "first" in args.only:
                rows += bench_first_parse(process_runs, payload_file, trees)
            if "warm" in args.only:
                rows += bench_warm(rounds, models)
            if "regen" in args.only:
                rows += bench_regen(regen_runs)
            if "scale" in args.only:
                found, scale_sections = bench_scale(1 if args.quick else 3)
                rows += found
                sections += scale_sections
            if args.profile:
                profile_text = profiles(payload_file, models[NOW])
        except BenchError as error:
            print(f"bench failed: {error}", file=sys.stderr)
            return 1
    text = report(rows, trees, args.quick, load_before, profile_text, sections)
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
