"""Benchmark: a full Rego 600 poll against channels x (pause + wire time + latency).

Run with `scripts/benchmark`. The simulated controller paces each reply as a 19200 8N1
line would (`RegoSimulator.line_baudrate`: the 9-byte request and the 5- or 42-byte
reply, ten bits a byte) after its per-request latency (`faults.delay`). The client
keeps its default pause before each request, so no poll can take less than the bound.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import logging
import time
from typing import Any

from custom_components.nordic_heatpump.pumps import open_client
from custom_components.nordic_heatpump.pumps.rego.client import pacing_from

from ..simulators.rego import RegoSimulator
from .report import table, verdict

BAUDRATE = 19200
POLLS = 2
"""Polls per row: the first (after the connect) and the one the figures come from."""
GOAL = 1.15


async def _bridge(sim: RegoSimulator) -> dict[str, Any]:
    host, port = await sim.start_tcp()
    return {"transport": "rego_bridge", "host": host, "port": port}


async def _serial(sim: RegoSimulator) -> dict[str, Any]:
    return {"transport": "rego_serial", "device": await sim.start_pty()}


async def _rows(
    label: str,
    start: Callable[[RegoSimulator], Awaitable[dict[str, Any]]],
    latencies_ms: tuple[int, ...],
) -> list[list[object]]:
    pause = pacing_from().request_gap
    rows: list[list[object]] = []
    async with RegoSimulator("600") as sim:
        config = {"family": "rego", "model": "rego_6xx", "layout": "600"} | await start(sim)
        sim.line_baudrate = BAUDRATE
        for latency_ms in latencies_ms:
            sim.faults.delay = latency_ms / 1000
            client = open_client(config)
            channels = list(client.channels.values())
            await client.connect()
            polls = []
            for _ in range(POLLS):
                sim.clear_logs()
                start_at = time.perf_counter()
                result = await client.read(channels)
                polls.append(time.perf_counter() - start_at)
            await client.close()
            elapsed = polls[-1]
            replies = list(sim.replies)
            bound = sum(pause + sim.wire_time(size) + sim.faults.delay for size in replies)
            ratio = elapsed / bound
            rows.append(
                [
                    label,
                    f"{latency_ms} ms",
                    f"{len(channels)} ({len(result.values)} values)",
                    len(replies),
                    f"{bound * 1000:.0f}",
                    f"{elapsed * 1000:.0f}",
                    f"{ratio:.3f}x",
                    f"<= {GOAL}x: {verdict(ratio <= GOAL)}",
                ]
            )
    return rows


async def test_rego_poll_against_its_bound() -> None:
    logging.getLogger("custom_components.nordic_heatpump").setLevel(logging.WARNING)
    rows = await _rows("TCP bridge", _bridge, (0, 10)) + await _rows("serial (pty)", _serial, (0,))
    table(
        f"Full poll of a Rego 600 at {BAUDRATE} 8N1, pause {pacing_from().request_gap * 1000:.0f}"
        " ms before each request (bound = requests x (pause + wire time + latency))",
        ["link", "latency", "channels", "requests", "bound ms", "poll ms", "poll / bound", "goal"],
        rows,
    )
