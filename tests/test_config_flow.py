"""Every branch of the config, reconfigure and options flows, against the simulator."""

from __future__ import annotations

import socket
from unittest.mock import patch

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.nordic_heatpump.const import DOMAIN
from custom_components.nordic_heatpump.pumps.model import PumpError

from .conftest import make_entry, rtu_config, tcp_config
from .simulators.thermia import ThermiaSimulator, fixture_path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _to_transport_menu(hass: HomeAssistant, model: str = "mega") -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["thermia"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "thermia"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "thermia"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {"model": model})
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "transport"
    assert result["menu_options"] == ["tcp", "rtu", "rtu_over_tcp"]
    return str(result["flow_id"])


async def _choose(hass: HomeAssistant, flow_id: str, transport: str) -> None:
    result = await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": transport})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == transport


async def test_tcp_creates_entry(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    # Another pump on another endpoint does not stand in the way.
    make_entry(tcp_config(mega, "mega") | {"host": "192.0.2.9"}).add_to_hass(hass)
    flow_id = await _to_transport_menu(hass)
    await _choose(hass, flow_id, "tcp")
    host, port = mega.tcp_address
    with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"host": f" {host} ", "port": port, "unit_id": 1}
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Thermia Genesis Mega"
    assert result["data"] == {
        "family": "thermia",
        "model": "mega",
        "transport": "tcp",
        "host": host,
        "port": port,
        "unit_id": 1,
    }
    assert result["result"].unique_id == f"tcp:{host}:{port}:1"
    # The probe only read; it never wrote to the pump.
    assert mega.writes == []


async def test_tcp_cannot_connect_then_recovers(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    flow_id = await _to_transport_menu(hass)
    await _choose(hass, flow_id, "tcp")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": "127.0.0.1", "port": _free_port(), "unit_id": 1}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    host, port = mega.tcp_address
    with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"host": host, "port": port, "unit_id": 1}
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_tcp_timeout(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    mega.faults.silent = True
    flow_id = await _to_transport_menu(hass)
    await _choose(hass, flow_id, "tcp")
    host, port = mega.tcp_address
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": host, "port": port, "unit_id": 1}
    )
    assert result["errors"] == {"base": "timeout"}


async def test_device_rejecting_genesis_registers(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    mega.faults.exception_at.add(("input_registers", 1))
    flow_id = await _to_transport_menu(hass)
    await _choose(hass, flow_id, "tcp")
    host, port = mega.tcp_address
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": host, "port": port, "unit_id": 1}
    )
    assert result["errors"] == {"base": "not_supported"}


async def test_unexpected_error(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    flow_id = await _to_transport_menu(hass)
    await _choose(hass, flow_id, "tcp")
    host, port = mega.tcp_address
    with patch(
        "custom_components.nordic_heatpump.pumps.thermia.client.ThermiaClient.identify",
        side_effect=PumpError("boom"),
    ):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"host": host, "port": port, "unit_id": 1}
        )
    assert result["errors"] == {"base": "unknown"}


async def test_rtu_over_pty(hass: HomeAssistant) -> None:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        path = await sim.start_rtu_pty(unit_id=3)
        flow_id = await _to_transport_menu(hass, "inverter")
        await _choose(hass, flow_id, "rtu")
        answer = {"device": path, "baudrate": "19200", "parity": "even", "stopbits": "1"}
        result = await hass.config_entries.flow.async_configure(flow_id, {**answer, "unit_id": 1})
        assert result["errors"] == {"base": "no_answer"}
        with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
            result = await hass.config_entries.flow.async_configure(
                flow_id, {**answer, "unit_id": 3}
            )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Thermia Genesis Inverter"
    assert result["data"] == rtu_config(path, "inverter", unit_id=3)
    assert result["result"].unique_id == f"serial:{path}:3"


async def test_rtu_missing_port(hass: HomeAssistant) -> None:
    flow_id = await _to_transport_menu(hass)
    await _choose(hass, flow_id, "rtu")
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {
            "device": "/dev/does-not-exist",
            "baudrate": "19200",
            "parity": "odd",
            "stopbits": "1",
            "unit_id": 1,
        },
    )
    assert result["errors"] == {"base": "cannot_connect"}


async def test_rtu_over_tcp_bridge(hass: HomeAssistant) -> None:
    async with ThermiaSimulator.from_fixture(fixture_path("mega")) as sim:
        host, port = await sim.start_tcp(framer="rtu")
        flow_id = await _to_transport_menu(hass)
        await _choose(hass, flow_id, "rtu_over_tcp")
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"host": host, "port": port, "unit_id": 2}
        )
        assert result["errors"] == {"base": "no_answer"}
        with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
            result = await hass.config_entries.flow.async_configure(
                flow_id, {"host": host, "port": port, "unit_id": 1}
            )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == f"rtu-tcp:{host}:{port}:1"


async def test_same_pump_twice_is_aborted(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    make_entry(tcp_config(mega, "mega")).add_to_hass(hass)
    flow_id = await _to_transport_menu(hass)
    await _choose(hass, flow_id, "tcp")
    host, port = mega.tcp_address
    requests_before = len(mega.requests)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": host.upper(), "port": port, "unit_id": 1}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(mega.requests) == requests_before


async def test_endpoint_of_a_moved_pump_is_recognised(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    # An entry keeps its first unique id after a reconfigure moved it to a new endpoint.
    # An entry whose data cannot be read is skipped, not fatal.
    MockConfigEntry(domain=DOMAIN, data={}, unique_id="broken").add_to_hass(hass)
    moved = MockConfigEntry(
        domain=DOMAIN, data=tcp_config(mega, "mega"), unique_id="tcp:198.51.100.7:502:1"
    )
    moved.add_to_hass(hass)
    flow_id = await _to_transport_menu(hass)
    await _choose(hass, flow_id, "tcp")
    host, port = mega.tcp_address
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": host, "port": port, "unit_id": 1}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_moves_the_pump(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    old = tcp_config(mega, "mega") | {"port": _free_port()}
    entry = make_entry(old)
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "transport"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "tcp"}
    )
    assert result["type"] is FlowResultType.FORM
    schema_defaults = {str(key): key.default() for key in result["data_schema"].schema}
    assert schema_defaults["port"] == old["port"]
    flow_id = result["flow_id"]
    # Still wrong: the error is shown and nothing changes.
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": "127.0.0.1", "port": old["port"], "unit_id": 1}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    host, port = mega.tcp_address
    with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"host": host, "port": port, "unit_id": 1}
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data["port"] == port
    assert entry.unique_id == f"tcp:127.0.0.1:{old['port']}:1"


async def test_reconfigure_to_another_entrys_endpoint(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    make_entry(tcp_config(mega, "mega")).add_to_hass(hass)
    entry = make_entry(tcp_config(mega, "mega") | {"port": _free_port()})
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "tcp"}
    )
    host, port = mega.tcp_address
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": host, "port": port, "unit_id": 1}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_to_another_transport_starts_empty(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    entry = make_entry(tcp_config(mega, "mega"))
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "rtu_over_tcp"}
    )
    defaults = {str(key): key.default() for key in result["data_schema"].schema}
    assert defaults["host"] == ""


@pytest.mark.parametrize(("transport", "gap"), [("tcp", 0), ("rtu_over_tcp", 30)])
async def test_options(
    hass: HomeAssistant, mega: ThermiaSimulator, transport: str, gap: int
) -> None:
    entry = make_entry(tcp_config(mega, "mega") | {"transport": transport})
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    defaults = {str(key): key.default() for key in result["data_schema"].schema}
    assert defaults == {
        "scan_interval": 30,
        "max_registers": 16,
        "request_gap_ms": gap,
        "scale_input_room_temperature_sensor": "10",
        "scale_input_mix_valve_cooling_opening_degree": "1",
    }
    with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
        result = await hass.config_entries.options.async_configure(
            result["flow_id"],
            {
                "scan_interval": 60,
                "max_registers": 125,
                "request_gap_ms": 50,
                "scale_input_room_temperature_sensor": "100",
                "scale_input_mix_valve_cooling_opening_degree": "1",
            },
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        "scan_interval": 60,
        "max_registers": 125,
        "request_gap_ms": 50,
        "scale_input_room_temperature_sensor": 100,
        "scale_input_mix_valve_cooling_opening_degree": 1,
    }
