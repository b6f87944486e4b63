"""Benchmark: requests and wall time of a full poll of every Inverter register.

Run with `scripts/benchmark`. Reads every channel of the Inverter table from the
simulated pump over Modbus TCP and over RTU on a pseudo-terminal, with the
settings a new config entry gets, and prints figures; it asserts nothing about
speed. The first poll also meets the registers this pump lacks (then left alone
for ten minutes); a second pump takes only 16 registers (or bits) per read and
answers larger reads with exception 3.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import logging
import time
from typing import Any

from custom_components.nordic_heatpump.pumps import open_client

from ..conftest import rtu_config, tcp_config
from ..simulators.thermia import ThermiaSimulator, fixture_path

POLLS = 5


async def _measure(label: str, sim: ThermiaSimulator, config: dict[str, Any]) -> None:
    client = open_client(config)
    channels = list(client.channels.values())
    await client.connect()
    figures: list[tuple[int, float, int]] = []
    for _ in range(POLLS):
        sim.clear_logs()
        start = time.perf_counter()
        result = await client.read(channels)
        elapsed = time.perf_counter() - start
        figures.append((len(sim.requests), elapsed, len(result.values)))
    await client.close()
    first, *rest = figures
    steady_ms = sorted(elapsed * 1000 for _, elapsed, _ in rest)
    print(
        f"{label}: full poll of {len(channels)} Inverter channels ({first[2]} answered): "
        f"first poll {first[0]} requests in {first[1] * 1000:.0f} ms; "
        f"next polls {rest[-1][0]} requests, median {steady_ms[len(steady_ms) // 2]:.0f} ms"
    )


async def _on_simulator(
    start: Callable[[ThermiaSimulator], Awaitable[dict[str, Any]]], label: str
) -> None:
    # The client logs each register the pump rejects; figures only here.
    logging.getLogger("custom_components.nordic_heatpump").setLevel(logging.WARNING)
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        await _measure(label, sim, await start(sim))
        sim.faults.max_registers = sim.faults.max_bits = 16
        await _measure(f"{label}, a controller that takes 16", sim, await start(sim))


async def test_full_poll_tcp() -> None:
    async def start(sim: ThermiaSimulator) -> dict[str, Any]:
        await sim.start_tcp()
        return tcp_config(sim, "inverter")

    await _on_simulator(start, "Modbus TCP")


async def test_full_poll_rtu_pty() -> None:
    async def start(sim: ThermiaSimulator) -> dict[str, Any]:
        return rtu_config(await sim.start_rtu_pty(), "inverter")

    await _on_simulator(start, "Modbus RTU (pty, no line delay; 30 ms request gap)")
