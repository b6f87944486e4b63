"""A pump behind a Husdata H1 interface, set up and read through Home Assistant.

The simulator is the interface side (tests/simulators/husdata.py) over a real TCP socket
or a pseudo-terminal; values reach the entities only by what it pushes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from homeassistant import config_entries
from homeassistant.components.climate import HVACAction, HVACMode
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_SUPPORTED_FEATURES,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    UnitOfEnergy,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceNotSupported
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.nordic_heatpump.const import DOMAIN
from custom_components.nordic_heatpump.pumps.husdata import family as husdata_family
from custom_components.nordic_heatpump.pumps.husdata.client import Timing

from .conftest import entity_id_of, setup_entry, state_of
from .simulators.husdata import FIXTURE, HusdataSimulator

NO_ROOM_SENSOR = FIXTURE.with_name("husdata_no_room_sensor.json")
OLD_INTERFACE = FIXTURE.with_name("husdata_old_interface.json")


def bridge_config(sim: HusdataSimulator) -> dict[str, Any]:
    """Entry data for the simulator's TCP bridge."""
    host, port = sim.tcp_address or ("", 0)
    return {
        "family": "husdata",
        "model": "h1",
        "transport": "husdata_bridge",
        "host": host,
        "port": port,
    }


def serial_config(path: str) -> dict[str, Any]:
    """Entry data for an H1 on a serial port."""
    return {"family": "husdata", "model": "h1", "transport": "husdata_serial", "device": path}


async def until(check: Callable[[], bool], within: float = 3.0) -> None:
    """Wait until `check()` holds (the device pushes; nothing is polled)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not check():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def set_up(
    hass: HomeAssistant, sim: HusdataSimulator, options: dict[str, Any] | None = None
) -> MockConfigEntry:
    """Set up an entry on the simulator's bridge; wait until its first read-out arrived."""
    entry = await setup_entry(hass, bridge_config(sim), options)
    assert entry.state is ConfigEntryState.LOADED
    coordinator = entry.runtime_data.coordinator
    sent = set(sim.ids)
    keys = [
        key
        for key, channel in coordinator.client.channels.items()
        if channel.where in sent and channel.enabled_default
    ]
    await until(lambda: all(key in (coordinator.data or {}) for key in keys))
    await hass.async_block_till_done()
    return entry


def value_of(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    """The state of a channel's sensor."""
    return state_of(hass, entry, "sensor", key).state


async def _to_form(hass: HomeAssistant, transport: str) -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert "husdata" in result["menu_options"]
    flow_id = str(result["flow_id"])
    result = await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "husdata"})
    assert result["menu_options"] == ["husdata_serial", "husdata_bridge"]
    result = await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": transport})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == transport
    return flow_id


# ------------------------------------------------------------------ set-up


async def test_set_up_through_a_tcp_bridge(hass: HomeAssistant, h1: HusdataSimulator) -> None:
    flow_id = await _to_form(hass, "husdata_bridge")
    host, port = h1.tcp_address or ("", 0)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": f" {host} ", "port": port}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Husdata H1"
    assert result["data"] == bridge_config(h1)
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.coordinator.update_interval is None  # pushed, never polled

    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, entry.entry_id), entry.entry_id
    )
    assert device is not None
    assert (device.manufacturer, device.model, device.sw_version) == ("Husdata", "Rego 600", "0712")

    # The first read-out is pushed, not awaited by the set-up: it comes in one batch.
    await until(lambda: value_of(hass, entry, "outdoor") != STATE_UNKNOWN)
    outdoor = state_of(hass, entry, "sensor", "outdoor")
    assert outdoor.state == "-5.2"
    assert outdoor.attributes["device_class"] == "temperature"
    assert outdoor.attributes["unit_of_measurement"] == "°C"
    assert value_of(hass, entry, "radiator_forward") == "35.0"
    assert value_of(hass, entry, "hot_water") == "48.3"
    assert value_of(hass, entry, "heat_curve_fine_adj") == "-1.0"
    assert value_of(hass, entry, "compressor_speed") == "62.0"
    assert value_of(hass, entry, "pool") == STATE_UNKNOWN  # 0x8000: no sensor fitted
    assert state_of(hass, entry, "binary_sensor", "compressor_state").state == STATE_ON
    assert state_of(hass, entry, "binary_sensor", "alarm").state == STATE_OFF
    setting = state_of(hass, entry, "sensor", "indoor_temp_setting")
    assert setting.state == "21.0"
    assert setting.attributes["unit_of_measurement"] == "°C"

    # Commands sent: the version, then one read-out; never a write.
    assert [record.command for record in h1.commands] == ["XV", "XR", "XV", "XR"]
    assert h1.writes == []


async def test_electricity_meters_are_energy_totals(
    hass: HomeAssistant, h1: HusdataSimulator
) -> None:
    entry = await set_up(hass, h1)
    meter = state_of(hass, entry, "sensor", "el_meter_1")
    assert float(meter.state) == 12.345  # 12345 pulses at 1000 pulses per kWh
    assert meter.attributes["device_class"] == "energy"
    assert meter.attributes["state_class"] == "total_increasing"
    assert meter.attributes["unit_of_measurement"] == UnitOfEnergy.KILO_WATT_HOUR
    # 40000 pulses: above 32767, counted as unsigned.
    assert float(value_of(hass, entry, "el_meter_2")) == 40.0
    h1.set(0xAFF1, 12345 + 7)
    await until(lambda: value_of(hass, entry, "el_meter_1") != meter.state)
    assert float(value_of(hass, entry, "el_meter_1")) == 12.352


async def test_pulses_per_kwh_come_from_the_options(
    hass: HomeAssistant, h1: HusdataSimulator
) -> None:
    entry = await set_up(hass, h1, {"pulses_per_kwh": 800})
    assert float(value_of(hass, entry, "el_meter_2")) == 50.0  # 40000 / 800


async def test_the_climate_shows_the_room_and_its_setpoint(
    hass: HomeAssistant, h1: HusdataSimulator
) -> None:
    entry = await set_up(hass, h1)
    entity_id = entity_id_of(hass, entry, "climate", "heating")
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == HVACMode.HEAT
    assert state.attributes["current_temperature"] == 21.5
    assert state.attributes["hvac_action"] == HVACAction.HEATING
    # The H1 only reports the room setpoint: it is its own sensor, not a control here.
    assert state.attributes[ATTR_SUPPORTED_FEATURES] == 0
    assert "temperature" not in state.attributes
    assert value_of(hass, entry, "indoor_temp_setting") == "21.0"
    h1.set(0x1A01, 0)  # the compressor stops
    await until(lambda: hass.states.get(entity_id).attributes["hvac_action"] == HVACAction.IDLE)
    # Home Assistant refuses a new target with its translated error, and nothing is sent.
    with pytest.raises(ServiceNotSupported):
        await hass.services.async_call(
            "climate",
            "set_temperature",
            {ATTR_ENTITY_ID: entity_id, "temperature": 22.5},
            blocking=True,
        )
    assert h1.writes == []


async def test_a_missing_room_sensor_is_unknown(hass: HomeAssistant) -> None:
    async with HusdataSimulator(fixture=NO_ROOM_SENSOR) as sim:
        await sim.start_tcp()
        entry = await set_up(hass, sim)
        assert value_of(hass, entry, "indoor") == STATE_UNKNOWN  # 0xDEAD, not -853.1 °C
        state = hass.states.get(entity_id_of(hass, entry, "climate", "heating"))
        assert state is not None
        assert state.attributes["current_temperature"] is None
        await hass.config_entries.async_unload(entry.entry_id)


async def test_an_interface_that_ignores_xv_is_an_h1(hass: HomeAssistant) -> None:
    async with HusdataSimulator(fixture=OLD_INTERFACE) as sim:
        await sim.start_tcp()
        entry = await set_up(hass, sim)
        assert entry.state is ConfigEntryState.LOADED
        device = dr.async_get(hass).async_get_device_by_identifier(
            (DOMAIN, entry.entry_id), entry.entry_id
        )
        assert device is not None
        assert (device.model, device.sw_version) == ("H1", None)
        assert value_of(hass, entry, "outdoor") == "-5.2"
        await hass.config_entries.async_unload(entry.entry_id)


async def test_set_up_on_a_serial_port(hass: HomeAssistant) -> None:
    async with HusdataSimulator() as sim:
        path = await sim.start_pty()
        flow_id = await _to_form(hass, "husdata_serial")
        result = await hass.config_entries.flow.async_configure(flow_id, {"device": path})
        assert result["type"] is FlowResultType.CREATE_ENTRY
        await hass.async_block_till_done()
        entry = hass.config_entries.async_entries(DOMAIN)[0]
        # The first read-out is pushed after the set-up, which does not wait for it (nor does
        # async_block_till_done: the reader is the client's own task); on a busy machine it
        # lands later.
        await until(lambda: value_of(hass, entry, "outdoor") == "-5.2")
        sim.set(0x0007, 0xFFD6)  # -4.2 °C
        await until(lambda: value_of(hass, entry, "outdoor") == "-4.2")
        await hass.config_entries.async_unload(entry.entry_id)


# ------------------------------------------------------------------ push


async def test_a_pushed_line_reaches_only_its_entity(
    hass: HomeAssistant, h1: HusdataSimulator
) -> None:
    entry = await set_up(hass, h1)
    outdoor = entity_id_of(hass, entry, "sensor", "outdoor")
    changed: list[str] = []

    def note(event: Event[EventStateChangedData]) -> None:
        changed.append(event.data["entity_id"])

    unsubscribe = hass.bus.async_listen("state_changed", note)
    reads = entry.runtime_data.coordinator.client.diagnostics()
    h1.set(0x0007, 0xFFC2)  # -6.2 °C
    await until(lambda: value_of(hass, entry, "outdoor") == "-6.2")
    await hass.async_block_till_done()
    unsubscribe()
    assert changed == [outdoor]
    assert [record.command for record in h1.commands].count("XR") == 1  # the set-up's only
    assert entry.runtime_data.coordinator.client.diagnostics()["connects"] == reads["connects"]


async def test_nothing_corrupt_becomes_a_state(hass: HomeAssistant, h1: HusdataSimulator) -> None:
    entry = await set_up(hass, h1)
    seen: list[str] = []

    def note(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if new is not None and event.data["entity_id"] == outdoor:
            seen.append(new.state)

    outdoor = entity_id_of(hass, entry, "sensor", "outdoor")
    hass.bus.async_listen("state_changed", note)
    raw = 0xFFCC
    for garbage in ("printable", "non_hex", "short", "long", "binary"):
        raw -= 1
        h1.faults.for_next(1, garbage=garbage)
        h1.set(0x0007, raw)
        expected = f"{(raw - 0x10000) / 10:.1f}"
        await until(lambda expected=expected: value_of(hass, entry, "outdoor") == expected)
    # Half a line, a pause, the rest: one line after all.
    h1.faults.for_next(1, cut="pause")
    h1.set(0x0007, 0xFFC5)
    await until(lambda: value_of(hass, entry, "outdoor") == "-5.9")
    # Half a line that the next line runs into: neither is a line, both are dropped.
    h1.faults.for_next(1, cut="merge")
    h1.set(0x0007, 0xFF9C)  # -10.0 °C, cut
    h1.set(0x0002, 0x0190)  # 40.0 °C, run into it
    await asyncio.sleep(0.3)
    assert value_of(hass, entry, "radiator_forward") == "35.0"
    h1.set(0x0007, 0xFFC4)  # the next whole line
    await until(lambda: value_of(hass, entry, "outdoor") == "-6.0")
    await hass.async_block_till_done()
    # Only the values the simulator held, in order: no junk, no half line, ever.
    assert seen == ["-5.3", "-5.4", "-5.5", "-5.6", "-5.7", "-5.9", "-6.0"]


async def test_a_dropped_bridge_comes_back_by_itself(
    hass: HomeAssistant, h1: HusdataSimulator
) -> None:
    entry = await set_up(hass, h1, {"silence_s": 30})
    client = entry.runtime_data.coordinator.client
    client.timing = replace_timing(client.timing, backoff_first=0.05)
    h1.drop_connections()
    await until(lambda: value_of(hass, entry, "outdoor") == STATE_UNAVAILABLE)
    h1.set(0x0007, 0xFFD0)  # -4.8 °C, sent once the interface is asked again
    await until(lambda: value_of(hass, entry, "outdoor") == "-4.8")
    assert [record.command for record in h1.commands][-2:] == ["XV", "XR"]


async def test_a_silent_interface_goes_unavailable_and_comes_back(
    hass: HomeAssistant, h1: HusdataSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = replace(husdata_family.DEFAULT_TIMING, answer=0.2, backoff_first=0.05)
    monkeypatch.setattr(husdata_family, "DEFAULT_TIMING", quick)
    entry = await set_up(hass, h1, {"silence_s": 0.3})
    h1.faults.silent = True
    await until(lambda: value_of(hass, entry, "outdoor") == STATE_UNAVAILABLE)
    assert state_of(hass, entry, "binary_sensor", "compressor_state").state == STATE_UNAVAILABLE
    assert "XR" in [record.command for record in h1.commands[-3:]]  # asked before giving up
    h1.faults.silent = False
    await until(lambda: value_of(hass, entry, "outdoor") == "-5.2")


def replace_timing(timing: Timing, **changes: float) -> Timing:
    """The client's timing with some values changed (short waits for a test)."""
    return replace(timing, **changes)


# ------------------------------------------------------------------ the flow


async def test_a_silent_interface_is_explained(hass: HomeAssistant) -> None:
    async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()
        writer.close()

    server = await asyncio.start_server(mute, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    flow_id = await _to_form(hass, "husdata_bridge")
    result = await hass.config_entries.flow.async_configure(flow_id, {"host": host, "port": port})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "timeout"}
    server.close()
    await server.wait_closed()
    result = await hass.config_entries.flow.async_configure(flow_id, {"host": host, "port": port})
    assert result["errors"] == {"base": "cannot_connect"}


async def test_a_second_entry_for_the_same_bridge_is_refused(
    hass: HomeAssistant, h1: HusdataSimulator
) -> None:
    await set_up(hass, h1)
    flow_id = await _to_form(hass, "husdata_bridge")
    host, port = h1.tcp_address or ("", 0)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": host.upper(), "port": port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_moves_to_a_serial_port(
    hass: HomeAssistant, h1: HusdataSimulator
) -> None:
    entry = await set_up(hass, h1)
    async with HusdataSimulator() as other:
        path = await other.start_pty()
        other.set(0x0007, 0xFFE2)  # -3.0 °C: tells the two apart
        result = await entry.start_reconfigure_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "husdata_serial"}
        )
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {"device": path})
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        await hass.async_block_till_done()
        assert entry.data == serial_config(path)
        await until(lambda: value_of(hass, entry, "outdoor") == "-3.0")
        await hass.config_entries.async_unload(entry.entry_id)


async def test_options_name_each_disputed_id_with_its_last_raw_value(
    hass: HomeAssistant, h1: HusdataSimulator
) -> None:
    entry = await set_up(hass, h1)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    fields = list(result["data_schema"].schema)
    assert fields[:3] == ["silence_s", "refresh_min", "pulses_per_kwh"]
    assert "scale_2108" in fields
    placeholders = result["description_placeholders"]
    assert placeholders["raw_2108"] == str(0x026C)  # 620: 62.0 divided by 10, or 620 as sent
    assert placeholders["raw_2204"] == str(0x0014)
    assert placeholders["raw_2233"] == "-"  # nothing received for it yet
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "silence_s": 120,
            "refresh_min": 20,
            "pulses_per_kwh": 1000,
            "scale_2108": "1",
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    await until(lambda: value_of(hass, entry, "compressor_speed") == "620")


async def test_unloading_leaves_no_connection(hass: HomeAssistant, h1: HusdataSimulator) -> None:
    entry = await set_up(hass, h1)
    await until(lambda: h1.live_clients == 1)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await until(lambda: h1.live_clients == 0)
    assert entry.state is ConfigEntryState.NOT_LOADED


async def test_diagnostics_show_the_raw_words_and_the_unknown_ids(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, h1: HusdataSimulator
) -> None:
    entry = await set_up(hass, h1)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["entry"]["data"]["host"] == "**REDACTED**"
    assert diagnostics["identity"]["model"] == "Rego 600"
    link = diagnostics["link"]
    assert link["controller"] == "Rego 600"
    assert link["unknown_ids"] == ["6F56"]  # sent by the interface, not in the table
    assert link["garbage_lines"] == 0
    assert diagnostics["values"]["outdoor"] == -5.2
    assert diagnostics["values"]["pool"] is None
    raw = {key.upper(): value for key, value in link["last_raw"].items()}
    assert raw["0007"] == 0xFFCC
    assert raw["AFF2"] == 40000


@pytest.mark.usefixtures("all_entities_enabled")
async def test_an_id_the_interface_has_not_sent_is_unknown_until_it_comes(
    hass: HomeAssistant, h1: HusdataSimulator
) -> None:
    entry = await set_up(hass, h1)
    assert 0x0020 not in h1.ids  # the second circuit's forward: not in this read-out
    assert value_of(hass, entry, "radiator_forward_2") == STATE_UNKNOWN
    assert state_of(hass, entry, "binary_sensor", "radiator_pump_2").state == STATE_UNKNOWN
    h1.set(0x0020, 0x0118)  # the interface starts sending it: 28.0 °C
    await until(lambda: value_of(hass, entry, "radiator_forward_2") == "28.0")


async def test_faults_on_a_serial_port(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = replace(husdata_family.DEFAULT_TIMING, answer=0.2, backoff_first=0.05)
    monkeypatch.setattr(husdata_family, "DEFAULT_TIMING", quick)
    async with HusdataSimulator() as sim:
        path = await sim.start_pty()
        entry = await setup_entry(hass, serial_config(path), {"silence_s": 0.5})
        await until(lambda: value_of(hass, entry, "outdoor") == "-5.2")
        # Junk before a line, a line cut by a pause, a line ended by CR alone.
        sim.faults.for_next(1, garbage="all")
        sim.set(0x0007, 0xFFCB)
        await until(lambda: value_of(hass, entry, "outdoor") == "-5.3")
        sim.faults.for_next(1, cut="pause")
        sim.set(0x0007, 0xFFCA)
        await until(lambda: value_of(hass, entry, "outdoor") == "-5.4")
        sim.faults.for_next(1, cr_only=True)
        sim.set(0x0007, 0xFFC9)
        await until(lambda: value_of(hass, entry, "outdoor") == "-5.5")
        assert entry.runtime_data.client.diagnostics()["garbage_lines"] > 0
        # A silent interface: unavailable, then back by itself with the current values.
        sim.faults.silent = True
        await until(lambda: value_of(hass, entry, "outdoor") == STATE_UNAVAILABLE)
        sim.faults.silent = False
        await until(lambda: value_of(hass, entry, "outdoor") == "-5.5")
        await hass.config_entries.async_unload(entry.entry_id)
