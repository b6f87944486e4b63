"""Benchmark: time from a number.set_value service call to the confirmed state.

Run with `scripts/benchmark`. Drives Home Assistant against the simulated pump over
Modbus TCP (and RTU on a pseudo-terminal) and prints figures; it asserts nothing
about speed.
"""

from __future__ import annotations

import statistics
import time

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback

from ..conftest import entity_id_of, rtu_config, setup_entry, tcp_config
from ..simulators.thermia import ThermiaSimulator, fixture_path

WRITES = 100


async def _measure(hass: HomeAssistant, entity_id: str) -> list[float]:
    confirmed_at: list[float] = []

    @callback
    def _changed(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == entity_id:
            confirmed_at.append(time.perf_counter())

    unsubscribe = hass.bus.async_listen("state_changed", _changed)
    latencies = []
    for index in range(WRITES):
        value = 20.0 + (index % 2)  # alternate, so every write changes the state
        confirmed_at.clear()
        start = time.perf_counter()
        await hass.services.async_call(
            "number", "set_value", {ATTR_ENTITY_ID: entity_id, "value": value}, blocking=True
        )
        state = hass.states.get(entity_id)
        assert state is not None
        assert float(state.state) == value
        latencies.append(confirmed_at[0] - start)
    unsubscribe()
    return latencies


def _report(label: str, latencies: list[float]) -> None:
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(
        f"{label}: {len(ms)} writes, set_value → confirmed state: "
        f"min {ms[0]:.1f} ms, median {statistics.median(ms):.1f} ms, "
        f"p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"
    )


async def test_write_latency_tcp(hass: HomeAssistant) -> None:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        await sim.start_tcp()
        entry = await setup_entry(hass, tcp_config(sim, "inverter"))
        entity_id = entity_id_of(hass, entry, "number", "holding_comfort_wheel_setting")
        _report("Modbus TCP", await _measure(hass, entity_id))
        await hass.config_entries.async_unload(entry.entry_id)


async def test_write_latency_rtu_pty(hass: HomeAssistant) -> None:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        path = await sim.start_rtu_pty()
        entry = await setup_entry(hass, rtu_config(path, "inverter"))
        entity_id = entity_id_of(hass, entry, "number", "holding_comfort_wheel_setting")
        _report("Modbus RTU (pty, 30 ms request gap)", await _measure(hass, entity_id))
        await hass.config_entries.async_unload(entry.entry_id)
