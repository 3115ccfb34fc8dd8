"""Sync clients, per call: wall and CPU time of each operation against the raw-httpx floor.

Every client runs in its own worker process against the same local server,
and the clients take turns call batch by call batch (the order rotating every
round), so a ratio compares calls made moments apart. Per batch, the worker
reports the median wall and CPU time of one call; per round, each client's
time is divided by raw httpx's for the same operation; the figures are the
medians of those ratios over the rounds.
"""

from __future__ import annotations

import statistics

from bench import clients
from bench.common import GETSTREAM_SITE, OFFICIAL_SITE, Row, Section, quartiles
from bench.workers import ClientSpec, close_all, start_all

RAW = "raw httpx"
OURS = "ours, dict"
OURS_STDLIB = "ours, dict, stdlib json"
TYPED = "ours, typed `.model`"
TYPED_STDLIB = "ours, typed, stdlib json"
CLIENTS = [
    ClientSpec(RAW, "raw-httpx"),
    ClientSpec(OURS, "ours"),
    ClientSpec(OURS_STDLIB, "ours", block=("orjson",)),
    ClientSpec(TYPED, "ours-typed"),
    ClientSpec(TYPED_STDLIB, "ours-typed", block=("orjson",)),
    ClientSpec("official stream-chat", "official", site=OFFICIAL_SITE),
    ClientSpec("getstream", "getstream", site=GETSTREAM_SITE),
]
# Calls per batch (fewer if the batch's time runs out).
CALLS = {"upsert_user": 200, "query_channel": 50, "send_message": 200, "query_channels": 20}
LABELS = {
    "upsert_user": "upsert user",
    "query_channel": "query one channel (115 KB)",
    "send_message": "send message",
    "query_channels": "query channels (345 KB)",
}
DICT_TARGET = 1.05
# A regression guard for the whole typed path (request, decode, eager lenient models); `from_dict` alone
# against `json.loads` has its own 1.5x target (bench/__main__.py).
TYPED_TARGET = 2.0


def measure(base_url: str, rounds: int, batch_seconds: float) -> dict[str, dict[str, list[tuple[float, float]]]]:
    """Per client, per operation: (wall, CPU) seconds per call, one pair per round."""
    workers = start_all("sync", CLIENTS, base_url)
    found: dict[str, dict[str, list[tuple[float, float]]]] = {
        label: {op: [] for op in clients.OPERATIONS} for label in workers
    }
    try:
        names = list(workers)
        for index in range(rounds):
            for operation in clients.OPERATIONS:
                shift = (index + clients.OPERATIONS.index(operation)) % len(names)
                for label in names[shift:] + names[:shift]:
                    command = {"op": operation, "calls": CALLS[operation], "seconds": batch_seconds}
                    answer = workers[label].ask(command)
                    found[label][operation].append((answer["wall"], answer["cpu"]))
    finally:
        close_all(workers)
    return found


def ratios(
    found: dict[str, dict[str, list[tuple[float, float]]]], label: str, operation: str
) -> tuple[list[float], list[float]]:
    """Round-by-round wall and CPU ratios of ``label`` to raw httpx."""
    mine, floor = found[label][operation], found[RAW][operation]
    walls = [w / fw for (w, _), (fw, _) in zip(mine, floor, strict=True)]
    cpus = [c / fc for (_, c), (_, fc) in zip(mine, floor, strict=True)]
    return walls, cpus


def bench_sync(base_url: str, rounds: int, batch_seconds: float) -> tuple[list[Row], Section]:
    found = measure(base_url, rounds, batch_seconds)
    labels = [spec.label for spec in CLIENTS if spec.label in found]
    header = ["operation", "raw httpx (wall / CPU per call)", *(label for label in labels if label != RAW)]
    table = [header]
    for operation in clients.OPERATIONS:
        floor_wall = statistics.median(w for w, _ in found[RAW][operation])
        floor_cpu = statistics.median(c for _, c in found[RAW][operation])
        row = [LABELS[operation], f"{floor_wall * 1e3:.3f} / {floor_cpu * 1e3:.3f} ms"]
        for label in labels:
            if label == RAW:
                continue
            walls, cpus = ratios(found, label, operation)
            row.append(f"{statistics.median(walls):.2f}x / {statistics.median(cpus):.2f}x")
        table.append(row)
    missing = [spec.label for spec in CLIENTS if spec.label not in found]
    notes = [
        "Each cell: median over the rounds of (client's time per call / raw httpx's time per call in the same "
        f"round), wall clock / CPU time of the client process; {rounds} rounds, batches of up to "
        + ", ".join(f"{CALLS[op]} calls ({LABELS[op]})" for op in clients.OPERATIONS)
        + f" or {batch_seconds:.2f} s (at least 3 calls), clients interleaved. The server runs in its own "
        "process, so CPU time is the client's alone; wall time includes the server and loopback.",
        "Raw httpx: one `httpx.Client`, `client.post(url, params=..., headers=..., json=body)`, "
        "`response.json()`. Ours, dict: `StreamChat` methods, the returned dict. Typed: the same, then "
        "`.model` (the generated attrs model, parsed on that access). stdlib json: ours with `orjson` "
        "hidden, as without the `fast` extra. getstream: its `Stream` client (answers are decoded into "
        "its dataclasses) against the same server's v2 paths.",
    ]
    if missing:
        notes.append("Not measured (their folder is missing; `make bench` installs them): " + ", ".join(missing))
    rows = []
    for operation in clients.OPERATIONS:
        for label, note in ((OURS_STDLIB, "base install"), (OURS, "with the `fast` extra (orjson)")):
            walls, cpus = ratios(found, label, operation)
            low, high = quartiles(walls)
            rows.append(
                Row(
                    f"sync dict path / raw httpx, {LABELS[operation]}, {note}",
                    statistics.median(walls),
                    "x",
                    DICT_TARGET,
                    f"wall per call; IQR {low:.2f} to {high:.2f}; CPU ratio {statistics.median(cpus):.2f}x; "
                    f"{rounds} rounds",
                )
            )
    for label, note in ((TYPED_STDLIB, "base install"), (TYPED, "with the `fast` extra (orjson)")):
        walls, cpus = ratios(found, label, "query_channels")
        low, high = quartiles(walls)
        rows.append(
            Row(
                f"sync typed `.model` path / raw httpx, query channels, {note}",
                statistics.median(walls),
                "x",
                TYPED_TARGET,
                f"wall per call; IQR {low:.2f} to {high:.2f}; CPU ratio {statistics.median(cpus):.2f}x; "
                f"{rounds} rounds",
            )
        )
    return rows, Section("Sync clients per call, as a multiple of raw httpx", table, notes)
