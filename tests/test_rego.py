"""A Rego 6xx through Home Assistant, against the simulated controller over TCP and a pty.

Set up through the real config flow; every platform's entities; confirmed writes; the
two controller layouts; duplicate refusal, reconfigure and options.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
import itertools
from typing import Any
from unittest.mock import patch

from homeassistant import config_entries
from homeassistant.components.climate import HVACAction, HVACMode
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.nordic_heatpump.const import DOMAIN
from custom_components.nordic_heatpump.pumps import families
from custom_components.nordic_heatpump.pumps.link import LineSettings, Link
from custom_components.nordic_heatpump.pumps.rego.client import RegoClient
from custom_components.nordic_heatpump.pumps.rego.registers import (
    CLIMATE,
    CONTROL_DATA_636,
    ERROR_LOG,
    SHIFTED,
    channels_for,
)

from .conftest import entity_id_of, make_entry, setup_entry, state_of
from .simulators.rego import RegoSimulator, RequestRecord, WriteRecord

FAST = {"request_gap_ms": 5}
"""Options that keep a test's polls short; the default pause is tested on its own."""
READ = 0x02
WRITE = 0x03
INDOOR_SETTING = 0x0021


@pytest.fixture
async def rego_636() -> AsyncIterator[RegoSimulator]:
    """A Rego 636 behind a TCP bridge."""
    async with RegoSimulator("636") as sim:
        await sim.start_tcp()
        yield sim


def bridge_config(sim: RegoSimulator, layout: str = "600") -> dict[str, Any]:
    """Entry data for a simulator behind a TCP bridge."""
    assert sim.tcp_address is not None
    host, port = sim.tcp_address
    return {
        "family": "rego",
        "model": "rego_6xx",
        "transport": "rego_bridge",
        "host": host,
        "port": port,
        "layout": layout,
    }


def serial_config(path: str, layout: str = "600") -> dict[str, Any]:
    """Entry data for a simulator on a serial port."""
    return {
        "family": "rego",
        "model": "rego_6xx",
        "transport": "rego_serial",
        "device": path,
        "layout": layout,
    }


async def _to_form(hass: HomeAssistant, transport: str) -> str:
    """Through the family and transport menus to a connection form."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["menu_options"] == ["thermia", "rego", "husdata"]
    flow_id = result["flow_id"]
    # One model: no model step, straight to the transports.
    result = await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "rego"})
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "transport"
    assert result["menu_options"] == ["rego_serial", "rego_bridge", "rego_esphome"]
    result = await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": transport})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == transport
    return str(flow_id)


async def _refresh(entry: MockConfigEntry) -> None:
    await entry.runtime_data.coordinator.async_refresh()


# ------------------------------------------------------------------ the flow


async def test_set_up_through_a_tcp_bridge(hass: HomeAssistant, rego: RegoSimulator) -> None:
    flow_id = await _to_form(hass, "rego_bridge")
    host, port = rego.tcp_address or ("", 0)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": f" {host} ", "port": port, "layout": "600"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Rego 6xx"
    assert result["data"] == bridge_config(rego)
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is ConfigEntryState.LOADED
    # The probe and the set-up each asked the version first.
    versions = [r for r in rego.requests if r.command == 0x7F]
    assert len(versions) == 2
    assert rego.requests[0] == RequestRecord(0x7F, 0)
    assert float(state_of(hass, entry, "sensor", "outdoor").state) == -5.0


async def test_set_up_on_a_serial_port(hass: HomeAssistant) -> None:
    async with RegoSimulator("600") as sim:
        path = await sim.start_pty()
        flow_id = await _to_form(hass, "rego_serial")
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"device": path, "layout": "600"}
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert result["data"] == serial_config(path)
        await hass.async_block_till_done()
        entry = hass.config_entries.async_entries(DOMAIN)[0]
        assert entry.state is ConfigEntryState.LOADED
        assert float(state_of(hass, entry, "sensor", "radiator_return").state) == 30.5
        assert state_of(hass, entry, "binary_sensor", "compressor_state").state == STATE_ON
        await hass.config_entries.async_unload(entry.entry_id)


async def test_forms_ask_for_the_layout(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    await hass.config_entries.flow.async_configure(result["flow_id"], {"next_step_id": "rego"})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "rego_bridge"}
    )
    defaults = {str(key): key.default() for key in result["data_schema"].schema}
    assert defaults == {"host": "", "port": 9265, "layout": "600"}
    layout = next(key for key in result["data_schema"].schema if str(key) == "layout")
    select = result["data_schema"].schema[layout].validators[0]
    assert select.config["options"] == ["600", "636"]
    assert select.config["translation_key"] == "layout"


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ({"silent": True}, "timeout"),
        ({"bad_checksum": True}, "garbled"),
        ({"version": 601}, "not_supported"),
    ],
)
async def test_the_probe_explains_a_wrong_answer(
    hass: HomeAssistant, rego: RegoSimulator, fault: dict[str, Any], error: str
) -> None:
    if "version" in fault:
        rego.version = fault["version"]
    else:
        for name, value in fault.items():
            setattr(rego.faults, name, value)
    flow_id = await _to_form(hass, "rego_bridge")
    host, port = rego.tcp_address or ("", 0)
    loop = asyncio.get_running_loop()
    start = loop.time()
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": host, "port": port, "layout": "600"}
    )
    assert loop.time() - start <= 3.0
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    assert hass.config_entries.async_entries(DOMAIN) == []
    # Only the version was asked, never a register.
    assert {r.command for r in rego.requests} <= {0x7F}


async def test_nothing_listening_cannot_connect(hass: HomeAssistant, rego: RegoSimulator) -> None:
    host, port = rego.tcp_address or ("", 0)
    await rego.stop()
    flow_id = await _to_form(hass, "rego_bridge")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": host, "port": port, "layout": "600"}
    )
    assert result["errors"] == {"base": "cannot_connect"}


async def test_a_second_entry_for_one_bridge_or_port_is_refused(
    hass: HomeAssistant, rego: RegoSimulator
) -> None:
    make_entry(bridge_config(rego)).add_to_hass(hass)
    make_entry(serial_config("/dev/ttyUSB7")).add_to_hass(hass)
    host, port = rego.tcp_address or ("", 0)
    flow_id = await _to_form(hass, "rego_bridge")
    # Another spelling of the same host, and the other layout: still the same bridge.
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": host.upper() + " ", "port": port, "layout": "636"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    flow_id = await _to_form(hass, "rego_serial")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"device": "/dev/ttyUSB7", "layout": "600"}
    )
    assert result["reason"] == "already_configured"
    assert rego.requests == []  # refused before anything was sent


async def test_reconfigure_moves_the_controller_to_a_serial_port(
    hass: HomeAssistant, rego: RegoSimulator
) -> None:
    entry = await setup_entry(hass, bridge_config(rego), FAST)
    assert entry.state is ConfigEntryState.LOADED
    outdoor = entity_id_of(hass, entry, "sensor", "outdoor")
    async with RegoSimulator("636") as moved:
        path = await moved.start_pty()
        result = await entry.start_reconfigure_flow(hass)
        assert result["menu_options"] == ["rego_serial", "rego_bridge", "rego_esphome"]
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "rego_serial"}
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"device": path, "layout": "636"}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        await hass.async_block_till_done()
        assert entry.data == serial_config(path, "636")
        assert entry.state is ConfigEntryState.LOADED
        # The same entities, now read from the shifted registers of the moved controller.
        assert entity_id_of(hass, entry, "sensor", "outdoor") == outdoor
        assert RequestRecord(READ, 0x020C) in moved.requests
        assert float(hass.states.get(outdoor).state) == -5.0
        await hass.config_entries.async_unload(entry.entry_id)


async def test_reconfigure_keeps_the_form_values(hass: HomeAssistant, rego: RegoSimulator) -> None:
    entry = make_entry(bridge_config(rego, "636"))
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "rego_bridge"}
    )
    defaults = {str(key): key.default() for key in result["data_schema"].schema}
    host, port = rego.tcp_address or ("", 0)
    assert defaults == {"host": host, "port": port, "layout": "636"}


async def test_options_give_the_pause_and_on_636_the_control_data_reading(
    hass: HomeAssistant, rego: RegoSimulator
) -> None:
    entry = make_entry(bridge_config(rego, "600"))
    entry.add_to_hass(hass)
    with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
        result = await hass.config_entries.options.async_init(entry.entry_id)
    defaults = {str(key): key.default() for key in result["data_schema"].schema}
    assert defaults == {"request_gap_ms": 80}

    entry_636 = make_entry(bridge_config(rego, "636") | {"port": 1})
    entry_636.add_to_hass(hass)
    with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
        result = await hass.config_entries.options.async_init(entry_636.entry_id)
        defaults = {str(key): key.default() for key in result["data_schema"].schema}
        assert defaults == {"request_gap_ms": 80, CONTROL_DATA_636: "unshifted"}
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"request_gap_ms": 120, CONTROL_DATA_636: SHIFTED}
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry_636.options == {"request_gap_ms": 120, CONTROL_DATA_636: SHIFTED}


# ---------------------------------------------------------------- the entities


async def test_every_platform_shows_the_controller(
    hass: HomeAssistant, rego: RegoSimulator, all_entities_enabled: None
) -> None:
    entry = await setup_entry(hass, bridge_config(rego), FAST)
    await _refresh(entry)

    def sensor(key: str) -> str:
        return state_of(hass, entry, "sensor", key).state

    def on_off(key: str) -> str:
        return state_of(hass, entry, "binary_sensor", key).state

    # Temperatures in tenths, signed; a missing sensor (-483) is unknown, never -48.3.
    assert [float(sensor(k)) for k in ("radiator_return", "outdoor", "cold_fluid_out")] == [
        30.5,
        -5.0,
        -1.8,
    ]
    assert sensor("external_hot_water") == STATE_UNKNOWN
    outdoor = state_of(hass, entry, "sensor", "outdoor").attributes
    assert (outdoor["unit_of_measurement"], outdoor["device_class"], outdoor["state_class"]) == (
        "°C",
        "temperature",
        "measurement",
    )
    assert float(sensor("add_heat_power_percent")) == 33.3
    assert float(sensor("radiator_forward_target")) == 36.2
    # Hours above 32767 are read unsigned, and only grow.
    assert int(sensor("heat_pump_in_operation_rad")) == 40000
    hours = state_of(hass, entry, "sensor", "heat_pump_in_operation_rad").attributes
    assert (hours["unit_of_measurement"], hours["state_class"]) == ("h", "total_increasing")
    # The last error by name, and when it was logged (the controller's local time).
    assert sensor("last_error_type") == "electrical_cassette"
    logged = datetime(2025, 1, 28, 5, 11, 52, tzinfo=dt_util.get_default_time_zone())
    assert dt_util.parse_datetime(sensor("last_error_timestamp")) == logged
    # Device values and front-panel lamps.
    assert [on_off(k) for k in ("compressor_state", "alarm", "switch_valve", "hot_water_lamp")] == [
        STATE_ON,
        STATE_OFF,
        STATE_OFF,
        STATE_OFF,
    ]
    assert on_off("power_lamp") == STATE_ON
    # Settings as numbers with the reference's ranges.
    indoor = state_of(hass, entry, "number", "indoor_temp_setting")
    assert float(indoor.state) == 21.0
    assert (indoor.attributes["min"], indoor.attributes["max"], indoor.attributes["step"]) == (
        10,
        30,
        0.1,
    )
    assert float(state_of(hass, entry, "number", "heat_curve").state) == 4.0
    assert float(state_of(hass, entry, "number", "adj_curve_at_5").state) == -2.0
    hot_water = state_of(hass, entry, "number", "hot_water_target").attributes
    assert (hot_water["min"], hot_water["max"]) == (35, 54)
    # The climate: room temperature, room setpoint, heating while the compressor runs.
    climate = state_of(hass, entry, "climate", "heating")
    assert climate.state == HVACMode.HEAT
    assert climate.attributes["current_temperature"] == 21.5
    assert climate.attributes["temperature"] == 21.0
    assert climate.attributes["hvac_action"] == HVACAction.HEATING
    assert (climate.attributes["min_temp"], climate.attributes["max_temp"]) == (10, 30)
    # Every channel has its entity, and nothing else is made per channel.
    registry = er.async_get(hass)
    entities = er.async_entries_for_config_entry(registry, entry.entry_id)
    platforms = [entity.domain for entity in entities]
    assert {p: platforms.count(p) for p in set(platforms)} == {
        "sensor": 24,
        "binary_sensor": 13,
        "number": 22,
        "climate": 1,
        "event": 1,
    }


async def test_a_poll_reads_the_enabled_channels_once_each(
    hass: HomeAssistant, rego: RegoSimulator
) -> None:
    entry = await setup_entry(hass, bridge_config(rego), FAST)
    registry = er.async_get(hass)
    enabled = {
        entity.unique_id.removeprefix(f"{entry.entry_id}-")
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if entity.disabled_by is None
    }
    assert "switch_valve" not in enabled
    assert {"indoor_temp_setting", "hot_water_target", "last_error_type", "alarm"} <= enabled
    rego.clear_logs()
    await _refresh(entry)
    # 21 registers, and the error log once for its two channels.
    assert len(rego.requests) == 22
    assert len(set(rego.requests)) == 22
    assert rego.requests.count(RequestRecord(0x40, 0)) == 1
    assert rego.writes == []


async def test_the_default_pause_spaces_the_requests(
    hass: HomeAssistant, rego: RegoSimulator
) -> None:
    entry = await setup_entry(hass, bridge_config(rego))
    rego.clear_logs()
    await _refresh(entry)
    times = [record.time for record in rego.requests]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(gaps) == 21
    assert min(gaps) >= 0.075


@pytest.mark.parametrize(
    "fault",
    [
        {"silent": True},
        {"bad_checksum": True},
        {"short_reply": 3},
        {"garbage": b"\x01\x7f\x55"},
        {"drop_after_request": True},
        {"drop_mid_reply": True},
    ],
    ids=["silence", "bad_checksum", "short_reply", "garbage", "dropped", "dropped_mid_reply"],
)
async def test_a_faulty_reply_is_asked_again_and_never_shown(
    hass: HomeAssistant, rego: RegoSimulator, fault: dict[str, Any]
) -> None:
    entry = await setup_entry(hass, bridge_config(rego), FAST)
    rego.set("outdoor", -72)
    rego.set("hot_water", 455)
    rego.clear_logs()
    # The next request goes wrong once: the poll asks again and every value is right.
    rego.faults.for_next(1, **fault)
    await _refresh(entry)
    assert entry.runtime_data.coordinator.last_update_success
    assert float(state_of(hass, entry, "sensor", "outdoor").state) == -7.2
    assert float(state_of(hass, entry, "sensor", "hot_water").state) == 45.5
    assert float(state_of(hass, entry, "sensor", "radiator_return").state) == 30.5
    assert state_of(hass, entry, "sensor", "last_error_type").state == "electrical_cassette"
    # The failed request was asked once more, and only that one.
    assert len(rego.requests) == 23
    assert rego.writes == []


async def test_a_sensor_that_goes_missing_becomes_unknown(
    hass: HomeAssistant, rego: RegoSimulator
) -> None:
    entry = await setup_entry(hass, bridge_config(rego), FAST)
    assert float(state_of(hass, entry, "sensor", "indoor").state) == 21.5
    rego.set("indoor", -483)
    await _refresh(entry)
    assert state_of(hass, entry, "sensor", "indoor").state == STATE_UNKNOWN
    assert state_of(hass, entry, "climate", "heating").attributes["current_temperature"] is None


async def test_22_5_through_the_climate_is_written_and_confirmed(
    hass: HomeAssistant, rego: RegoSimulator
) -> None:
    entry = await setup_entry(hass, bridge_config(rego), FAST)
    rego.clear_logs()
    await hass.services.async_call(
        "climate",
        "set_temperature",
        {ATTR_ENTITY_ID: entity_id_of(hass, entry, "climate", "heating"), "temperature": 22.5},
        blocking=True,
    )
    # Written with 0x03, acknowledged, then read back with 0x02.
    assert rego.writes == [WriteRecord(WRITE, INDOOR_SETTING, 225)]
    assert rego.requests == [
        RequestRecord(WRITE, INDOOR_SETTING, 225),
        RequestRecord(READ, INDOOR_SETTING),
    ]
    assert rego.signed("indoor_temp_setting") == 225
    assert state_of(hass, entry, "climate", "heating").attributes["temperature"] == 22.5
    assert float(state_of(hass, entry, "number", "indoor_temp_setting").state) == 22.5


async def test_22_5_through_the_number_is_written_and_confirmed(
    hass: HomeAssistant, rego: RegoSimulator
) -> None:
    entry = await setup_entry(hass, bridge_config(rego), FAST)
    rego.clear_logs()
    await hass.services.async_call(
        "number",
        "set_value",
        {ATTR_ENTITY_ID: entity_id_of(hass, entry, "number", "indoor_temp_setting"), "value": 22.5},
        blocking=True,
    )
    assert rego.writes == [WriteRecord(WRITE, INDOOR_SETTING, 225)]
    assert float(state_of(hass, entry, "number", "indoor_temp_setting").state) == 22.5
    assert state_of(hass, entry, "climate", "heating").attributes["temperature"] == 22.5


async def test_a_value_outside_the_range_or_grid_is_refused_by_our_check(
    hass: HomeAssistant, rego: RegoSimulator
) -> None:
    entry = await setup_entry(hass, bridge_config(rego), FAST)
    coordinator = entry.runtime_data.coordinator
    setting = coordinator.client.channels["indoor_temp_setting"]
    rego.clear_logs()
    with pytest.raises(ServiceValidationError) as err:
        await coordinator.async_write(setting, 30.5, "Indoor temperature setting")
    assert (err.value.translation_domain, err.value.translation_key) == (DOMAIN, "out_of_range")
    assert err.value.translation_placeholders == {
        "setting": "Indoor temperature setting",
        "value": "30.5",
        "minimum": "10",
        "maximum": "30",
        "step": "0.1",
    }
    # Inside the range Home Assistant checks, but off the 0.1 grid: ours refuses it.
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            "number",
            "set_value",
            {
                ATTR_ENTITY_ID: entity_id_of(hass, entry, "number", "indoor_temp_setting"),
                "value": 22.55,
            },
            blocking=True,
        )
    assert err.value.translation_key == "off_step"
    assert rego.requests == []
    assert rego.signed("indoor_temp_setting") == 210


async def test_layout_636_reads_the_shifted_registers(
    hass: HomeAssistant, rego_636: RegoSimulator
) -> None:
    entry = await setup_entry(hass, bridge_config(rego_636, "636"), FAST)
    rego_636.clear_logs()
    await _refresh(entry)
    asked = {(r.command, r.address) for r in rego_636.requests}
    # Sensors and devices two registers up; settings, hours and the error log where they were.
    assert {(READ, 0x020B), (READ, 0x020C), (READ, 0x0200), (READ, 0x0208)} <= asked
    assert {(READ, 0x0209), (READ, 0x020A), (READ, 0x01FD), (READ, 0x01FE)}.isdisjoint(asked)
    assert {(READ, 0x0021), (READ, 0x002B), (READ, 0x0048), (0x40, 0)} <= asked
    assert float(state_of(hass, entry, "sensor", "radiator_return").state) == 30.5
    assert float(state_of(hass, entry, "sensor", "outdoor").state) == -5.0
    assert state_of(hass, entry, "binary_sensor", "compressor_state").state == STATE_ON
    assert state_of(hass, entry, "binary_sensor", "alarm").state == STATE_OFF


async def test_the_shifted_control_data_reading_of_636(
    hass: HomeAssistant, rego_636: RegoSimulator, all_entities_enabled: None
) -> None:
    config = bridge_config(rego_636, "636")
    entry = await setup_entry(hass, config, FAST | {CONTROL_DATA_636: SHIFTED})
    rego_636.clear_logs()
    await _refresh(entry)
    asked = {r.address for r in rego_636.requests if r.command == READ}
    assert {0x006D, 0x006E, 0x006F, 0x0070, 0x0071, 0x0074, 0x0075} <= asked
    # The simulator keeps them unshifted: read one up, each shows its neighbour's value.
    assert float(state_of(hass, entry, "sensor", "radiator_return_target").state) == 30.2
    assert float(state_of(hass, entry, "sensor", "radiator_forward_target").state) == 31.2


async def test_a_new_error_fires_the_event(hass: HomeAssistant, rego: RegoSimulator) -> None:
    entry = await setup_entry(hass, bridge_config(rego), FAST)
    event_id = entity_id_of(hass, entry, "event", "error_logged")
    assert hass.states.get(event_id).state == STATE_UNKNOWN  # the old entry is not new
    when = datetime(2026, 3, 1, 7, 30, 5)  # noqa: DTZ001 - the controller keeps no zone
    rego.log_error(14, when)
    await _refresh(entry)
    state = hass.states.get(event_id)
    assert state.attributes["event_type"] == "high_pressure_switch"
    logged = when.replace(tzinfo=dt_util.get_default_time_zone())
    assert state.attributes["logged_at"] == logged.isoformat()
    assert state_of(hass, entry, "sensor", "last_error_type").state == "high_pressure_switch"


# ------------------------------------------------------------- the descriptor


def test_the_descriptor_builds_the_client_of_an_entry() -> None:
    rego_family = families.get("rego")
    assert (rego_family.title("rego_6xx"), rego_family.poll_interval) == ("Rego 6xx", 60.0)
    client = rego_family.client(
        {**serial_config(" /dev/ttyUSB0 ", "636"), CONTROL_DATA_636: SHIFTED}
    )
    assert isinstance(client, RegoClient)
    assert client.link == Link.serial("/dev/ttyUSB0", LineSettings(19200, "N", 1, 8))
    assert client.pacing.request_gap == pytest.approx(0.08)
    assert client.channels == channels_for("636", {CONTROL_DATA_636: SHIFTED})
    assert client.climate_roles == CLIMATE
    assert client.error_log_roles == ERROR_LOG
    bridge = rego_family.client(
        {**serial_config("", "600"), "transport": "rego_bridge", "host": "Pump.local."}
        | {"port": 9265, "request_gap_ms": 120}
    )
    assert isinstance(bridge, RegoClient)
    assert bridge.link.url == "socket://pump.local:9265"
    assert bridge.pacing.request_gap == pytest.approx(0.12)
    assert bridge.channels == channels_for("600")


def test_an_endpoint_is_the_port_or_the_bridge() -> None:
    endpoint = families.get("rego").endpoint
    assert endpoint(serial_config(" /dev/ttyUSB0 ")) == "/dev/ttyUSB0"
    bridge = {"transport": "rego_bridge", "host": " Pump.Local. ", "port": 9265}
    assert endpoint(bridge) == "pump.local:9265"
    assert endpoint(bridge | {"layout": "636"}) == endpoint(bridge)
