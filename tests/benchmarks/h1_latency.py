"""Benchmark: Husdata H1 push latency through Home Assistant, and the H1 line reader's speed.

Run with `scripts/benchmark`. Prints two tables; it asserts nothing about speed.

* Latency: the simulated H1 pushes a changed outdoor temperature; the time from the
  simulator writing the line (its `pushes` log stamps it with time.monotonic()) to the
  sensor's state changing (a state_changed listener, time.monotonic() too), over TCP and
  over a pseudo-terminal. The simulator and Home Assistant share one event loop.
* Parser: lines per second of `lines.parse` over a realistic mix of lines.
* Reader: values per second the client takes in from a socket carrying the fixture's
  full dump many times over.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import random
import time
from typing import Any

from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.nordic_heatpump.pumps.husdata import family, lines
from custom_components.nordic_heatpump.pumps.husdata.client import BATCH_QUIET, HusdataClient
from custom_components.nordic_heatpump.pumps.husdata.ids import channels_for
from custom_components.nordic_heatpump.pumps.model import PumpError, Value

from ..conftest import entity_id_of, setup_entry
from ..simulators import husdata_wire as wire
from ..simulators.husdata import HusdataSimulator
from .report import spread, table

PUSHES = 100
GAP = 0.1
"""Seconds between a confirmed state and the next push: longer than the client's
BATCH_QUIET, so every push is a batch of its own."""
OUTDOOR = 0x0007
PARSE_LINES = 100_000
DUMPS = 5_000


async def _until(check: Callable[[], bool], within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def _latencies(
    hass: HomeAssistant, sim: HusdataSimulator, entry: MockConfigEntry
) -> list[float]:
    entity_id = entity_id_of(hass, entry, "sensor", "outdoor")
    # The first read-out is in before the first push.
    await _until(lambda: getattr(hass.states.get(entity_id), "state", None) == "-5.2")
    loop = asyncio.get_running_loop()
    # The listener and the simulator stamp with time.monotonic(); the loop's clock is it too.
    assert abs(loop.time() - time.monotonic()) < 0.001
    changed = asyncio.Event()
    changed_at: list[float] = []

    @callback
    def _changed(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == entity_id:
            changed_at.append(time.monotonic())
            changed.set()

    unsubscribe = hass.bus.async_listen("state_changed", _changed)
    latencies = []
    for index in range(PUSHES):
        await asyncio.sleep(GAP)
        changed.clear()
        changed_at.clear()
        pushed = len(sim.pushes)
        value = -5.0 - 0.1 * (index % 2)  # alternate, so every push changes the state
        assert sim.set_value(OUTDOOR, value) or index == 0
        async with asyncio.timeout(2):
            await changed.wait()
        state = hass.states.get(entity_id)
        assert state is not None
        assert float(state.state) == round(value, 1)
        (push,) = sim.pushes[pushed:]
        latencies.append(changed_at[0] - push.time)
    unsubscribe()
    return latencies


async def _on_h1(
    hass: HomeAssistant, start: Callable[[HusdataSimulator], Awaitable[dict[str, Any]]]
) -> list[float]:
    async with HusdataSimulator() as sim:
        sim.set_value(OUTDOOR, -5.2)
        entry = await setup_entry(hass, await start(sim))
        try:
            return await _latencies(hass, sim, entry)
        finally:
            await hass.config_entries.async_unload(entry.entry_id)


async def test_h1_push_latency(hass: HomeAssistant) -> None:
    async def bridge(sim: HusdataSimulator) -> dict[str, Any]:
        host, port = await sim.start_tcp()
        return {
            "family": "husdata",
            "model": "h1",
            "transport": "husdata_bridge",
            "host": host,
            "port": port,
        }

    async def serial(sim: HusdataSimulator) -> dict[str, Any]:
        path = await sim.start_pty()
        return {"family": "husdata", "model": "h1", "transport": "husdata_serial", "device": path}

    rows = []
    for link, start in (("TCP bridge", bridge), ("serial (pty)", serial)):
        latencies = await _on_h1(hass, start)
        rows.append([link, len(latencies), spread(latencies)])
    table(
        "Husdata H1: line written by the simulator → sensor state changed (includes the"
        f" client's {BATCH_QUIET * 1000:.0f} ms wait for a quiet line)",
        ["link", "pushes", "median / p95 / max ms"],
        rows,
    )


def _fixture_dump() -> list[str]:
    sim = HusdataSimulator()
    return [wire.reading(ident, sim.get(ident)) for ident in sim.ids]


def _line_mix(count: int) -> list[str]:
    """Mostly readings, some version, listing and status lines, and some junk."""
    rng = random.Random(0)
    readings = _fixture_dump()
    others = ["XV000712", "XL 0007 Outdoor", "XL EOF", "XW0203 NOT WRITTEN"]
    junk = ["XR00", "XR0007FFCG", "ZZZZ", "XR0007FFCC12", "\x00XR", "XV"]
    mix = []
    for _ in range(count):
        pick = rng.random()
        if pick < 0.90:
            mix.append(rng.choice(readings))
        elif pick < 0.95:
            mix.append(rng.choice(others))
        else:
            mix.append(rng.choice(junk))
    return mix


def _parser_throughput() -> list[object]:
    mix = _line_mix(PARSE_LINES)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        parsed = [lines.parse(line) for line in mix]
        best = min(best, time.perf_counter() - start)
    understood = sum(1 for line in parsed if line is not None)
    return [
        "parser: lines.parse",
        (
            f"{PARSE_LINES:,} lines (90 % XR, 5 % XV/XL/XW, 5 % junk;"
            f" {understood:,} understood), best of 5"
        ),
        f"{PARSE_LINES / best:,.0f} lines/s",
    ]


async def _reader_throughput() -> list[object]:
    dump = _fixture_dump()
    # The last line carries a value seen nowhere before: it marks the end.
    blob = ("\r\n".join(dump * DUMPS) + "\r\n" + wire.reading(OUTDOOR, 0x1234) + "\r\n").encode()
    sent = len(dump) * DUMPS + 1
    written_at: list[float] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while b"XR" not in await reader.readuntil(b"\r"):
            pass
        written_at.append(time.monotonic())
        writer.write(blob)
        await writer.drain()
        await reader.read()  # until the client goes
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = HusdataClient(channels_for(None), family.link_of(_bridge(port)))
    done = asyncio.Event()
    done_at: list[float] = []
    values = 0

    def on_values(batch: dict[str, Value]) -> None:
        nonlocal values
        values += len(batch)
        if batch.get("outdoor") == 0x1234 / 10:
            done_at.append(time.monotonic())
            done.set()

    def on_link(_error: PumpError | None) -> None:
        pass

    unsubscribe = client.subscribe(on_values, on_link)
    try:
        async with asyncio.timeout(60):
            await done.wait()
    finally:
        unsubscribe()
        await client.close()
        server.close()
        await server.wait_closed()
    elapsed = done_at[0] - written_at[0]
    readings = client.diagnostics()["readings"]
    return [
        "reader: client over TCP",
        (
            f"{sent:,} lines ({len(blob) / 1e6:.1f} MB, {DUMPS:,} read-outs of {len(dump)} ids)"
            f" in {elapsed * 1000:.0f} ms incl. the final {BATCH_QUIET * 1000:.0f} ms quiet"
            f" wait; {readings:,} readings, {values:,} values published"
        ),
        f"{sent / elapsed:,.0f} lines/s",
    ]


async def test_h1_throughput() -> None:
    table(
        "Husdata H1 parse throughput",
        ["stage", "input", "throughput"],
        [_parser_throughput(), await _reader_throughput()],
    )


def _bridge(port: int) -> dict[str, Any]:
    return {
        "family": "husdata",
        "model": "h1",
        "transport": "husdata_bridge",
        "host": "127.0.0.1",
        "port": port,
    }
