"""Benchmark: config entry set-up time per family, through Home Assistant until LOADED.

Run with `scripts/benchmark`. Each entry is new (its client meets the pump for the
first time) and has the default options; the time runs from
`hass.config_entries.async_setup` to its return with the entry LOADED, which includes
the first read of every enabled entity (Thermia, Rego) or the first read-out of the
H1. The serial lines are paced by the simulators as at 19200 baud.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
import contextlib
import statistics
import time
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from ..conftest import make_entry, rtu_config, tcp_config
from ..simulators.husdata import HusdataSimulator
from ..simulators.rego import RegoSimulator
from ..simulators.thermia import ThermiaSimulator, fixture_path
from .report import table

SETUPS = 3
LATENCY = 0.01
BAUDRATE = 19200

type Pump = Callable[[], contextlib.AbstractAsyncContextManager[dict[str, Any]]]


@contextlib.asynccontextmanager
async def _thermia_tcp() -> AsyncIterator[dict[str, Any]]:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        await sim.start_tcp()
        sim.faults.delay = LATENCY
        yield tcp_config(sim, "inverter")


@contextlib.asynccontextmanager
async def _thermia_rtu() -> AsyncIterator[dict[str, Any]]:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        path = await sim.start_rtu_pty()
        sim.line_baudrate = BAUDRATE
        yield rtu_config(path, "inverter")


@contextlib.asynccontextmanager
async def _rego() -> AsyncIterator[dict[str, Any]]:
    async with RegoSimulator("600") as sim:
        host, port = await sim.start_tcp()
        sim.line_baudrate = BAUDRATE
        yield {
            "family": "rego",
            "model": "rego_6xx",
            "transport": "rego_bridge",
            "host": host,
            "port": port,
            "layout": "600",
        }


@contextlib.asynccontextmanager
async def _h1() -> AsyncIterator[dict[str, Any]]:
    async with HusdataSimulator() as sim:
        host, port = await sim.start_tcp()
        yield {
            "family": "husdata",
            "model": "h1",
            "transport": "husdata_bridge",
            "host": host,
            "port": port,
        }


async def _setup_times(hass: HomeAssistant, pump: Pump) -> tuple[list[float], int]:
    seconds = []
    entities = 0
    for _ in range(SETUPS):
        async with pump() as config:
            entry = make_entry(config)
            entry.add_to_hass(hass)
            start = time.perf_counter()
            assert await hass.config_entries.async_setup(entry.entry_id)
            seconds.append(time.perf_counter() - start)
            assert entry.state is ConfigEntryState.LOADED
            await hass.async_block_till_done()
            entities = len(hass.states.async_entity_ids())
            assert await hass.config_entries.async_unload(entry.entry_id)
            await hass.config_entries.async_remove(entry.entry_id)
            await hass.async_block_till_done()
    return seconds, entities


async def test_entry_setup_time(hass: HomeAssistant) -> None:
    rows = []
    for family, link, pump in (
        ("Thermia Inverter", f"Modbus TCP, {LATENCY * 1000:.0f} ms a request", _thermia_tcp),
        ("Thermia Inverter", f"Modbus RTU {BAUDRATE} 8E1 (paced pty)", _thermia_rtu),
        ("Rego 600", f"TCP bridge, {BAUDRATE} 8N1 line", _rego),
        ("Husdata H1", "TCP bridge", _h1),
    ):
        seconds, entities = await _setup_times(hass, pump)
        ms = sorted(x * 1000 for x in seconds)
        rows.append(
            [family, link, entities, SETUPS, f"{statistics.median(ms):.0f}", f"{ms[-1]:.0f}"]
        )
    table(
        "Config entry set-up through Home Assistant until LOADED (new entry, default options)",
        ["family", "link", "entities", "set-ups", "median ms", "max ms"],
        rows,
    )
