"""A worker process of the benchmark: one client, driven over stdin/stdout in JSON lines.

    python -P -m bench.worker sync|async CLIENT BASE_URL

The parent starts one worker per client (with that client's package first on
``PYTHONPATH``), keeps it for the whole run so every client is warm, and sends
it commands, interleaving the clients round by round:

- ``{"op": "upsert_user", "calls": 200, "seconds": 0.4}`` (sync): that many
  calls, or fewer if the time runs out (at least 3); answers the median wall
  and CPU (``time.process_time``) seconds per call;
- ``{"op": "send_message", "requests": 3000, "concurrency": 50, "seconds": 1.5}``
  (async): that many requests with ``concurrency`` of them in flight on one
  client, or fewer if the time runs out; answers requests per second and CPU
  seconds per request.

The first answer is ``{"ready": true}`` after the client is set up and each
operation was called once and checked. The worker exits when its stdin closes,
or after an hour in any case. ``BENCH_BLOCK=orjson,aiohttp`` hides those
modules from it, as if they were not installed.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import statistics
import sys
import threading
import time
from typing import Any

from bench import clients

MAX_SECONDS = 3600.0


def answer(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def commands() -> Any:
    for line in sys.stdin:
        if line.strip():
            yield json.loads(line)


def run_sync(name: str, base_url: str) -> None:
    call = clients.SYNC_DRIVERS[name](base_url)
    for operation in clients.OPERATIONS:
        clients.check(operation, call(operation))
    answer({"ready": True})
    wall_clock, cpu_clock = time.perf_counter, time.process_time
    for command in commands():
        operation, calls, seconds = command["op"], command["calls"], command["seconds"]
        walls: list[float] = []
        cpus: list[float] = []
        gc.collect()
        deadline = wall_clock() + seconds
        while len(walls) < calls and (len(walls) < 3 or wall_clock() < deadline):
            cpu = cpu_clock()
            started = wall_clock()
            call(operation)
            walls.append(wall_clock() - started)
            cpus.append(cpu_clock() - cpu)
        answer({"wall": statistics.median(walls), "cpu": statistics.median(cpus), "calls": len(walls)})


async def throughput(call: clients.AsyncCall, operation: str, requests: int, concurrency: int, seconds: float) -> Any:
    done = 0
    deadline = time.perf_counter() + seconds

    async def runner() -> None:
        nonlocal done
        while done < requests and time.perf_counter() < deadline:
            done += 1
            await call(operation)

    gc.collect()
    cpu = time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(runner() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    return {"rps": done / elapsed, "cpu": cpu / done, "requests": done}


async def run_async(name: str, base_url: str) -> None:
    call, close = await clients.ASYNC_DRIVERS[name](base_url)
    try:
        operations = [op for op in clients.OPERATIONS if name != "getstream" or op in ("query_channel", "send_message")]
        for operation in operations:
            clients.check(operation, await call(operation))
        # Open the pool's connections before the first timed round.
        await throughput(call, "send_message", 200, 50, 5.0)
        answer({"ready": True})
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            command = json.loads(line)
            result = await throughput(
                call, command["op"], command["requests"], command["concurrency"], command["seconds"]
            )
            answer(result)
    finally:
        await close()


def settle_allocator() -> None:
    """Put the C allocator of this process in the state a long-running one is in, whatever the client.

    glibc serves a large block (128 KB or more at first) with a fresh mapping and returns it on free, so
    the socket and body buffers of every large answer fault in new pages; freeing one such block raises
    that threshold, and the one for returning heap memory, to its size. Whether a client's process had
    freed one before the timed rounds depended on what it imported and set up (the official client's
    usually had, ours usually not), and moved its CPU per 115 KB answer by 5% to 10%: more than the
    clients differ. Freeing one 4 MiB block here gives every client the same start.
    """
    block = bytearray(4 << 20)
    del block


def main() -> None:
    mode, name, base_url = sys.argv[1:4]
    settle_allocator()
    # Our client without its optional extras: make `import orjson` (say) fail as if it were not installed.
    for module in filter(None, os.environ.get("BENCH_BLOCK", "").split(",")):
        sys.modules[module] = None  # type: ignore[assignment]
    # However the parent ends, this process does too (it also exits when its stdin closes).
    watchdog = threading.Timer(MAX_SECONDS, os._exit, args=(3,))
    watchdog.daemon = True
    watchdog.start()
    if mode == "sync":
        run_sync(name, base_url)
    else:
        asyncio.run(run_async(name, base_url))


if __name__ == "__main__":
    main()
