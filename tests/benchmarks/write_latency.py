"""Benchmark: time from a service call to the state the simulated pump confirmed.

Run with `scripts/benchmark`. Home Assistant calls the service (blocking); the
integration writes, reads the value back and publishes it; the time runs until the
entity's state changes to the value asked for. The simulators share Home Assistant's
event loop. Every write changes the state (two values alternate).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import time
from typing import Any

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback

from ..conftest import entity_id_of, rtu_config, setup_entry, tcp_config
from ..simulators.rego import RegoSimulator
from ..simulators.thermia import ThermiaSimulator, fixture_path
from .report import spread, table, verdict

WRITES = 20
GOAL = 0.5
LATENCY = 0.01
"""Seconds the simulated Thermia takes per request over TCP, as in the poll benchmark."""
BAUDRATE = 19200

type Call = tuple[str, str, dict[str, Any], str]
"""Domain, service, service data, and the state that confirms it."""


def _number(value: float) -> Call:
    return "number", "set_value", {"value": value}, str(value)


def _select(option: str) -> Call:
    return "select", "select_option", {"option": option}, option


def _switch(on: bool) -> Call:
    return "switch", "turn_on" if on else "turn_off", {}, "on" if on else "off"


async def _latencies(hass: HomeAssistant, entity_id: str, calls: tuple[Call, Call]) -> list[float]:
    confirmed_at: list[float] = []

    @callback
    def _changed(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == entity_id:
            confirmed_at.append(time.perf_counter())

    unsubscribe = hass.bus.async_listen("state_changed", _changed)
    latencies = []
    for index in range(WRITES):
        domain, service, data, expected = calls[index % 2]
        confirmed_at.clear()
        start = time.perf_counter()
        await hass.services.async_call(
            domain, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
        )
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.state == expected
        latencies.append(confirmed_at[0] - start)
    unsubscribe()
    return latencies


def _row(family: str, link: str, what: str, latencies: list[float]) -> list[object]:
    return [
        family,
        link,
        what,
        len(latencies),
        spread(latencies),
        f"< {GOAL} s: {verdict(max(latencies) < GOAL)}",
    ]


async def _thermia(
    hass: HomeAssistant, start: Callable[[ThermiaSimulator], Awaitable[dict[str, Any]]], link: str
) -> list[list[object]]:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        entry = await setup_entry(hass, await start(sim))
        rows = []
        for platform, key, calls in (
            ("number", "holding_comfort_wheel_setting", (_number(20.0), _number(21.0))),
            ("select", "holding_operational_mode", (_select("standby"), _select("auto"))),
            ("switch", "coil_enable_heat", (_switch(False), _switch(True))),
        ):
            entity_id = entity_id_of(hass, entry, platform, key)
            latencies = await _latencies(hass, entity_id, calls)
            rows.append(_row("Thermia", link, f"{platform} {key}", latencies))
        await hass.config_entries.async_unload(entry.entry_id)
    return rows


async def test_write_latency(hass: HomeAssistant) -> None:
    async def tcp(sim: ThermiaSimulator) -> dict[str, Any]:
        await sim.start_tcp()
        sim.faults.delay = LATENCY
        return tcp_config(sim, "inverter")

    async def rtu(sim: ThermiaSimulator) -> dict[str, Any]:
        path = await sim.start_rtu_pty()
        sim.line_baudrate = BAUDRATE
        return rtu_config(path, "inverter")

    rows = await _thermia(hass, tcp, f"TCP, {LATENCY * 1000:.0f} ms a request")
    rows += await _thermia(hass, rtu, f"RTU {BAUDRATE} 8E1 (paced pty)")
    async with RegoSimulator("600") as rego:
        host, port = await rego.start_tcp()
        rego.line_baudrate = BAUDRATE
        config = {
            "family": "rego",
            "model": "rego_6xx",
            "transport": "rego_bridge",
            "host": host,
            "port": port,
            "layout": "600",
        }
        entry = await setup_entry(hass, config)
        key = "indoor_temp_setting"
        entity_id = entity_id_of(hass, entry, "number", key)
        latencies = await _latencies(hass, entity_id, (_number(22.5), _number(21.0)))
        rows.append(
            _row("Rego 600", f"TCP bridge, {BAUDRATE} 8N1 line", f"number {key}", latencies)
        )
        await hass.config_entries.async_unload(entry.entry_id)
    rows.append(["Husdata H1", "any", "writes nothing: the H1 link is read only", "", "", ""])
    table(
        "Service call → state confirmed by the simulated pump, through Home Assistant"
        " (default options)",
        ["family", "link", "entity", "writes", "median / p95 / max ms", "goal (max)"],
        rows,
    )
