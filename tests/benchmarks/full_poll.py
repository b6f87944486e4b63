"""Benchmark: a full poll of the simulated Inverter over Modbus TCP, ours beside pythermiagenesis.

Run with `scripts/benchmark`. One simulated pump, one per-request latency (the
simulator's `faults.delay`, slept before each answer whoever asks), both clients in
the same run:

* ours: every channel of the Inverter table, with the settings a new entry gets. The
  first poll also meets the registers this pump lacks (then left alone for ten
  minutes); the figure is the median of the polls after it.
* pythermiagenesis 0.1.8, as the Thermia integration it serves uses it: one
  `ThermiaGenesis(host, port, kind="inverter")` with its defaults (a 0.1 s sleep before
  each request, 16 registers per request at most), `async_update()` of every register
  it lists for the inverter kind. It blocks on pyModbusTCP sockets inside that
  coroutine, so it runs in its own thread and event loop, as it blocks an event loop
  it shares. The first update and the following ones cost the same.

The ratio is its time over ours, for our full poll and for ours reading only the
registers pythermiagenesis lists (all of them are in our table).
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import time

from pythermiagenesis import ThermiaGenesis
from pythermiagenesis.const import MODEL_INVERTER, REGISTERS

from custom_components.nordic_heatpump.pumps import open_client
from custom_components.nordic_heatpump.pumps.model import Channel, PumpClient

from ..conftest import tcp_config
from ..simulators.thermia import ThermiaSimulator, fixture_path
from .report import table, verdict

LATENCIES_MS = (0, 10, 50)
POLLS = 5
"""Polls per client and latency: ours takes the median of those after the first."""
GOAL_LATENCY_MS = 10
GOAL_RATIO = 10.0


async def _our_polls(
    sim: ThermiaSimulator, client: PumpClient, channels: list[Channel]
) -> tuple[int, float, int, int, float]:
    """Values, first poll's requests and seconds, later polls' requests and median seconds."""
    figures = []
    values = 0
    for _ in range(POLLS):
        sim.clear_logs()
        start = time.perf_counter()
        result = await client.read(channels)
        figures.append((len(sim.requests), time.perf_counter() - start))
        values = len(result.values)
    (first_requests, first_seconds), *rest = figures
    return (
        values,
        first_requests,
        first_seconds,
        rest[-1][0],
        statistics.median(seconds for _, seconds in rest),
    )


async def _their_polls(sim: ThermiaSimulator) -> tuple[int, int, float]:
    """Values, requests and median seconds of pythermiagenesis's full update."""
    host, port = sim.tcp_address or ("", 0)
    genesis = ThermiaGenesis(host, port=port, kind=MODEL_INVERTER)
    figures = []
    values = 0
    for _ in range(2):
        sim.clear_logs()
        start = time.perf_counter()
        data = await asyncio.to_thread(asyncio.run, genesis.async_update())
        figures.append((len(sim.requests), time.perf_counter() - start))
        values = len(data)
    return values, figures[-1][0], statistics.median(seconds for _, seconds in figures)


async def test_full_poll_against_pythermiagenesis() -> None:
    # The client logs each register the pump rejects; figures only here.
    logging.getLogger("custom_components.nordic_heatpump").setLevel(logging.WARNING)
    theirs = sorted(key for key, meta in REGISTERS.items() if meta[MODEL_INVERTER])
    defaults = ThermiaGenesis("127.0.0.1")
    rows: list[list[object]] = []
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        await sim.start_tcp()
        for latency_ms in LATENCIES_MS:
            sim.faults.delay = latency_ms / 1000
            client = open_client(tcp_config(sim, "inverter"))
            every = list(client.channels.values())
            common = [client.channels[key] for key in theirs]
            await client.connect()
            full = await _our_polls(sim, client, every)
            same = await _our_polls(sim, client, common)
            await client.close()
            their_values, their_requests, their_seconds = await _their_polls(sim)
            label = f"{latency_ms} ms"
            rows.append(
                [label, f"pythermiagenesis, its {len(theirs)}", their_values, "",
                 their_requests, f"{their_seconds * 1000:.0f}", "", ""]
            )  # fmt: skip
            for what, (values, first_requests, first_seconds, requests, seconds) in (
                (f"ours, all {len(every)}", full),
                (f"ours, its {len(common)}", same),
            ):
                ratio = their_seconds / seconds
                goal = (
                    f">= {GOAL_RATIO:.0f}x: {verdict(ratio >= GOAL_RATIO)}"
                    if latency_ms == GOAL_LATENCY_MS
                    else ""
                )
                rows.append(
                    [label, what, values, f"{first_requests} / {first_seconds * 1000:.0f}",
                     requests, f"{seconds * 1000:.0f}", f"{ratio:.1f}x", goal]
                )  # fmt: skip
    table(
        "Full poll of the simulated Inverter over Modbus TCP, per-request latency as given"
        f" (pythermiagenesis defaults: delay {defaults._delay} s before each request,"
        f" max_registers {defaults.MAX_REGISTERS})",
        [
            "latency",
            "client, registers",
            "values",
            "1st poll req / ms",
            "requests",
            "poll ms",
            "its time / ours",
            "goal",
        ],
        rows,
    )
