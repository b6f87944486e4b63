"""Every branch of the config, reconfigure and options flows, against the simulator.

The flow is built from the family descriptors; a second family that exists only in
tests (tests/fake_family.py) goes through the same flow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
import itertools
import json
from pathlib import Path
import socket
from typing import Any
from unittest.mock import patch

from homeassistant import config_entries
from homeassistant.config_entries import ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.translation import async_get_translations
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.nordic_heatpump.config_flow import NordicHeatPumpConfigFlow
from custom_components.nordic_heatpump.const import DOMAIN
from custom_components.nordic_heatpump.pumps import families
from custom_components.nordic_heatpump.pumps.descriptor import Field, FieldKind
from custom_components.nordic_heatpump.pumps.model import PumpError

from .conftest import make_entry, rtu_config, tcp_config
from .fake_family import PUSH, SINGLE, greeting_server
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
    assert result["menu_options"] == ["thermia", "rego", "husdata"]
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


def _defaults(result: ConfigFlowResult) -> dict[str, Any]:
    """What a form shows before the user types anything."""
    return {str(key): key.default() for key in result["data_schema"].schema}


def _frontend_fields(result: ConfigFlowResult) -> dict[str, dict[str, Any]]:
    """The form as the frontend receives it: each field's selector, by field key."""
    fields = probatio.to_field_list(result["data_schema"], custom_serializer=cv.custom_serializer)
    return {field["name"]: field["selector"] for field in fields}


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
    # The pump reports no hardware identity and an address is no identity: no unique id.
    assert result["result"].unique_id is None
    assert result["result"].version == 2
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
    # Choices keep their type: 19200 and 1 are stored as numbers, as before.
    assert result["data"] == rtu_config(path, "inverter", unit_id=3)
    assert result["result"].unique_id is None


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
    assert result["data"]["unit_id"] == 1
    assert result["result"].unique_id is None


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


async def test_same_pump_at_another_unit_id_over_tcp_is_aborted(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    # Over Modbus TCP the pump answers any unit id: host and port alone name it.
    make_entry(tcp_config(mega, "mega")).add_to_hass(hass)
    flow_id = await _to_transport_menu(hass)
    await _choose(hass, flow_id, "tcp")
    host, port = mega.tcp_address
    requests_before = len(mega.requests)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": f"{host}.", "port": port, "unit_id": 7}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(mega.requests) == requests_before


async def test_another_unit_id_on_a_bridged_bus_is_another_pump(hass: HomeAssistant) -> None:
    # Behind an RS-485 bridge several pumps share the bus: the unit id tells them apart.
    async with ThermiaSimulator.from_fixture(fixture_path("mega")) as sim:
        host, port = await sim.start_tcp(framer="rtu")
        bridged = {"family": "thermia", "model": "mega", "transport": "rtu_over_tcp"}
        make_entry(bridged | {"host": host, "port": port, "unit_id": 2}).add_to_hass(hass)
        flow_id = await _to_transport_menu(hass)
        await _choose(hass, flow_id, "rtu_over_tcp")
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"host": host, "port": port, "unit_id": 2}
        )
        assert result["type"] is FlowResultType.ABORT
        flow_id = await _to_transport_menu(hass)
        await _choose(hass, flow_id, "rtu_over_tcp")
        with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
            result = await hass.config_entries.flow.async_configure(
                flow_id, {"host": host, "port": port, "unit_id": 1}
            )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_another_unit_id_on_a_serial_port_is_another_pump(hass: HomeAssistant) -> None:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        path = await sim.start_rtu_pty(unit_id=3)
        MockConfigEntry(
            domain=DOMAIN, data=rtu_config(f" {path} ", "inverter", unit_id=3), version=2
        ).add_to_hass(hass)
        make_entry(rtu_config(path, "inverter", unit_id=4)).add_to_hass(hass)
        flow_id = await _to_transport_menu(hass, "inverter")
        await _choose(hass, flow_id, "rtu")
        answer = {"device": path, "baudrate": "19200", "parity": "even", "stopbits": "1"}
        result = await hass.config_entries.flow.async_configure(flow_id, {**answer, "unit_id": 3})
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "already_configured"
        flow_id = await _to_transport_menu(hass, "inverter")
        await _choose(hass, flow_id, "rtu")
        result = await hass.config_entries.flow.async_configure(flow_id, {**answer, "unit_id": 5})
        # Not refused as a duplicate: probed, and nothing answers at 5.
        assert result["errors"] == {"base": "no_answer"}


async def test_an_old_entry_is_matched_by_its_endpoint(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    # A version 1 entry moved by a reconfigure kept its first endpoint as unique id: only
    # its data says where the pump is now. Entries whose data says nothing are skipped.
    MockConfigEntry(domain=DOMAIN, data={}, unique_id="broken").add_to_hass(hass)
    MockConfigEntry(domain=DOMAIN, data={"family": "thermia"}).add_to_hass(hass)
    MockConfigEntry(domain=DOMAIN, data={"family": "gone", "host": "x"}).add_to_hass(hass)
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
    assert result["menu_options"] == ["tcp", "rtu", "rtu_over_tcp"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "tcp"}
    )
    assert result["type"] is FlowResultType.FORM
    assert _defaults(result) == {"host": "127.0.0.1", "port": old["port"], "unit_id": 1}
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
    assert entry.data == tcp_config(mega, "mega")
    assert entry.unique_id is None


async def test_reconfigure_may_keep_its_own_endpoint(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    entry = make_entry(tcp_config(mega, "mega"))
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "tcp"}
    )
    host, port = mega.tcp_address
    with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"host": host, "port": port, "unit_id": 9}
        )
    assert result["reason"] == "reconfigure_successful"
    assert entry.data["unit_id"] == 9


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
        result["flow_id"], {"next_step_id": "rtu"}
    )
    assert _defaults(result) == {
        "device": "",
        "baudrate": "19200",
        "parity": "even",
        "stopbits": "1",
        "unit_id": 1,
    }


@pytest.mark.parametrize(("transport", "gap"), [("tcp", 0), ("rtu_over_tcp", 3)])
async def test_options(
    hass: HomeAssistant, mega: ThermiaSimulator, transport: str, gap: int
) -> None:
    # An entry from an older version still carries the retired polling interval.
    entry = make_entry(tcp_config(mega, "mega") | {"transport": transport}, {"scan_interval": 5})
    entry.add_to_hass(hass)
    assert entry.supports_options
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert _defaults(result) == {
        "max_registers": 125,
        "request_gap_ms": gap,
        "scale_input_room_temperature_sensor": "10",
        "scale_input_mix_valve_cooling_opening_degree": "1",
    }
    with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
        result = await hass.config_entries.options.async_configure(
            result["flow_id"],
            {
                "max_registers": 16,
                "request_gap_ms": 50,
                "scale_input_room_temperature_sensor": "100",
                "scale_input_mix_valve_cooling_opening_degree": "1",
            },
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        "max_registers": 16,
        "request_gap_ms": 50,
        "scale_input_room_temperature_sensor": 100,
        "scale_input_mix_valve_cooling_opening_degree": 1,
    }
    # Reopened, the form shows what was saved.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert _defaults(result)["scale_input_room_temperature_sensor"] == "100"
    assert _defaults(result)["request_gap_ms"] == 50


async def test_an_entry_of_an_unknown_family_has_no_options(hass: HomeAssistant) -> None:
    entry = MockConfigEntry(domain=DOMAIN, data={"family": "gone"}, version=2)
    entry.add_to_hass(hass)
    assert not entry.supports_options


async def test_options_of_an_unknown_family_open_empty(hass: HomeAssistant) -> None:
    # An entry left by a family this version no longer has (a downgrade): Home Assistant
    # hides its Configure button, but an options flow started anyway shows an empty form
    # instead of failing.
    entry = MockConfigEntry(domain=DOMAIN, data={"family": "gone"}, version=2)
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert _defaults(result) == {}
    assert result["description_placeholders"] == {}


# -- the flow is built from the descriptors ------------------------------------------------


async def test_forms_reach_the_frontend_with_their_selectors(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    forms = {}
    for transport in ("tcp", "rtu", "rtu_over_tcp"):
        flow_id = await _to_transport_menu(hass)
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"next_step_id": transport}
        )
        forms[transport] = _frontend_fields(result)
        hass.config_entries.flow.async_abort(flow_id)
    assert forms["tcp"] == forms["rtu_over_tcp"]
    assert forms["tcp"]["host"] == {"text": {"multiline": False, "multiple": False}}
    assert forms["tcp"]["port"]["number"]["max"] == 65535
    fields = forms["rtu"]
    assert fields["device"] == {"serial_port": {}}
    assert fields["baudrate"]["select"]["translation_key"] == "baudrate"
    assert fields["baudrate"]["select"]["options"][4] == "19200"
    assert fields["parity"]["select"]["options"] == ["even", "none", "odd"]
    assert fields["unit_id"]["number"] | {"step": 1} == {
        "min": 1,
        "max": 247,
        "mode": "box",
        "step": 1,
    }
    entry = make_entry(tcp_config(mega, "mega"))
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    fields = _frontend_fields(result)
    assert fields["request_gap_ms"]["number"]["unit_of_measurement"] == "ms"
    assert fields["scale_input_room_temperature_sensor"]["select"] == {
        "options": ["10", "100"],
        "translation_key": "scale",
        "mode": "dropdown",
        "multiple": False,
        "custom_value": False,
        "sort": False,
    }


def test_every_family_is_translated() -> None:
    strings = json.loads(
        (Path(__file__).parents[1] / "custom_components/nordic_heatpump/strings.json").read_text()
    )
    steps = strings["config"]["step"]
    selectors = strings["selector"]
    registered = families.families()
    assert [family.key for family in registered] == ["thermia", "rego", "husdata"]
    assert set(steps["user"]["menu_options"]) == {family.key for family in registered}
    option_keys: set[str] = set()
    for family in registered:
        # A family of one model skips the model step.
        if len(family.models) > 1:
            assert set(family.models) <= set(selectors["model"]["options"])
            assert steps[family.key]["data"]["model"]
        for form in family.transports:
            assert steps["transport"]["menu_options"][form.key]
            assert set(steps[form.key]["data"]) == {field.key for field in form.fields}
            assert set(steps[form.key]["data_description"]) == set(steps[form.key]["data"])
            _assert_choices_translated(form.fields, selectors)
            # Options may depend on the entry's data (a Rego 636 has one more).
            for data in _sample_data(form.fields):
                options = family.options({"transport": form.key, **data})
                option_keys |= {f.key for f in options}
                _assert_choices_translated(options, selectors)
    init = strings["options"]["step"]["init"]
    assert set(init["data"]) == option_keys
    assert set(init["data_description"]) == option_keys


def _sample_data(fields: tuple[Field, ...]) -> list[dict[str, Any]]:
    """Entry data with each choice of the form's fields in turn."""
    samples: list[dict[str, Any]] = [{}]
    for field in fields:
        samples += [{field.key: choice} for choice in field.choices]
    return samples


def _assert_choices_translated(fields: tuple[Field, ...], selectors: dict[str, Any]) -> None:
    for field in fields:
        if field.kind is FieldKind.CHOICE:
            names = selectors[field.translation_key or field.key]["options"]
            assert {str(choice) for choice in field.choices} <= set(names), field.key


def test_steps_of_families_and_transports() -> None:
    flow = NordicHeatPumpConfigFlow()
    assert hasattr(flow, "async_step_thermia")
    # A transport is a step only once its family is chosen, and only its own.
    assert not hasattr(flow, "async_step_tcp")
    flow._data = {"family": "thermia", "model": "mega"}
    assert hasattr(flow, "async_step_tcp")
    assert not hasattr(flow, "async_step_push_socket")
    assert not hasattr(flow, "no_step_tcp")


def test_a_family_registers_once() -> None:
    unregister = families.register(PUSH)
    try:
        with pytest.raises(ValueError, match="already registered"):
            families.register(PUSH)
    finally:
        unregister()
    with pytest.raises(KeyError, match="push_test"):
        families.get("push_test")
    with pytest.raises(ValueError, match="without choices"):
        Field("line", FieldKind.CHOICE)
    with pytest.raises(ValueError, match="without its range"):
        Field("gap", FieldKind.INTEGER, minimum=0)


@pytest.fixture
def test_families() -> Iterator[None]:
    """Two more families, registered as a real one is."""
    unregister = [families.register(PUSH), families.register(SINGLE)]
    yield
    for undo in unregister:
        undo()


async def test_a_second_family_goes_through_the_same_flow(
    hass: HomeAssistant, test_families: None
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["menu_options"] == ["thermia", "rego", "husdata", "push_test", "single_test"]
    flow_id = result["flow_id"]
    result = await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "push_test"})
    assert result["step_id"] == "push_test"
    assert _frontend_fields(result)["model"]["select"]["options"] == ["push_a", "push_b"]
    result = await hass.config_entries.flow.async_configure(flow_id, {"model": "push_b"})
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "transport"
    assert result["menu_options"] == ["push_socket", "push_serial"]
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"next_step_id": "push_serial"}
    )
    assert _frontend_fields(result) == {
        "device": {"serial_port": {}},
        "line": {
            "select": {
                "options": ["8N1", "8E1"],
                "translation_key": "line",
                "mode": "dropdown",
                "multiple": False,
                "custom_value": False,
                "sort": False,
            }
        },
    }
    # The family's own client answers: this one cannot use a serial port.
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"device": "/dev/ttyUSB0", "line": "8E1"}
    )
    assert result["errors"] == {"base": "cannot_connect"}

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    flow_id = result["flow_id"]
    await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "push_test"})
    await hass.config_entries.flow.async_configure(flow_id, {"model": "push_a"})
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"next_step_id": "push_socket"}
    )
    assert result["step_id"] == "push_socket"
    assert _defaults(result) == {"host": "", "port": 9265, "settle_ms": 80}
    async with greeting_server() as (host, port):
        with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
            result = await hass.config_entries.flow.async_configure(
                flow_id, {"host": f"{host} ", "port": port, "settle_ms": 40}
            )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Push test push_a"
    assert result["data"] == {
        "family": "push_test",
        "model": "push_a",
        "transport": "push_socket",
        "host": host,
        "port": port,
        "settle_ms": 40,
    }
    entry = result["result"]
    # No options of its own, and none of Thermia's.
    assert not entry.supports_options


async def test_a_second_family_refuses_its_own_duplicates(
    hass: HomeAssistant, test_families: None
) -> None:
    async with greeting_server(b"something else\r\n") as (host, port):
        MockConfigEntry(
            domain=DOMAIN,
            data={"family": "push_test", "model": "push_a", "transport": "push_socket"}
            | {"host": host.upper(), "port": port, "settle_ms": 80},
            version=2,
        ).add_to_hass(hass)
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": config_entries.SOURCE_USER}
        )
        flow_id = result["flow_id"]
        await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "push_test"})
        await hass.config_entries.flow.async_configure(flow_id, {"model": "push_b"})
        await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "push_socket"})
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"host": host, "port": port, "settle_ms": 80}
        )
        assert result["reason"] == "already_configured"
        # Another port is another device; this one greets wrongly: not a supported device.
        async with greeting_server(b"something else\r\n") as (_, other_port):
            result = await hass.config_entries.flow.async_init(
                DOMAIN, context={"source": config_entries.SOURCE_USER}
            )
            flow_id = result["flow_id"]
            await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "push_test"})
            await hass.config_entries.flow.async_configure(flow_id, {"model": "push_b"})
            await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "push_socket"})
            result = await hass.config_entries.flow.async_configure(
                flow_id, {"host": host, "port": other_port, "settle_ms": 80}
            )
        assert result["errors"] == {"base": "not_supported"}


async def test_a_family_with_one_model_and_one_transport_asks_only_for_the_connection(
    hass: HomeAssistant, test_families: None
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "single_test"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "single_socket"
    async with greeting_server() as (host, port):
        with patch("custom_components.nordic_heatpump.async_setup_entry", return_value=True):
            result = await hass.config_entries.flow.async_configure(
                result["flow_id"], {"host": host, "port": port, "settle_ms": 0}
            )
    assert result["title"] == "Single test only"
    entry = result["result"]
    assert entry.data["model"] == "only"
    # Its options are its own.
    assert entry.supports_options
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert _defaults(result) == {"verbose": "0"}
    # Reconfiguring goes straight to the form, filled in.
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": config_entries.SOURCE_RECONFIGURE, "entry_id": entry.entry_id},
    )
    assert result["step_id"] == "single_socket"
    assert _defaults(result) == {"host": host, "port": port, "settle_ms": 0}


async def test_mute_pump_is_refused_within_3_s_without_blocking(
    hass: HomeAssistant, production_timeouts: None
) -> None:
    """A port that accepts and never answers: the timeout error in at most 3 s, loop free."""
    heard: list[bytes] = []

    async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(256):
            heard.append(data)
        writer.close()

    server = await asyncio.start_server(mute, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()
    ticks: list[float] = []

    async def tick() -> None:
        while True:
            ticks.append(loop.time())
            await asyncio.sleep(0.05)

    flow_id = await _to_transport_menu(hass)
    await _choose(hass, flow_id, "tcp")
    ticker = asyncio.create_task(tick())
    start = loop.time()
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": "127.0.0.1", "port": port, "unit_id": 1}
    )
    elapsed = loop.time() - start
    ticker.cancel()
    server.close()
    await server.wait_closed()

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "timeout"}
    errors = await async_get_translations(hass, "en", "config", [DOMAIN])
    assert errors[f"component.{DOMAIN}.config.error.timeout"].startswith(
        "The connection opened but the pump did not answer in time."
    )
    assert heard  # the probe did ask
    assert elapsed <= 3.0
    # The event loop kept running: the ticker never waited much longer than its 50 ms.
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert len(ticks) >= elapsed / 0.1
    assert max(gaps) < 0.25


async def test_reauth_asks_for_the_transports_secrets_only(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    # Built from the descriptor: a transport without secret fields asks for nothing and
    # only probes again; the Rego ESPHome transport's key is tested with its node.
    config = tcp_config(mega, "mega")
    entry = make_entry(config)
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert list(result["data_schema"].schema) == []
    await mega.stop()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    await mega.start_tcp(port=config["port"])
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data == config


def test_secret_fields_of_an_unknown_transport() -> None:
    assert families.get("rego").secret_fields("rego_esphome") == (
        Field("encryption_key", FieldKind.SECRET, default=""),
    )
    assert families.get("rego").secret_fields("rego_bridge") == ()
    assert families.get("rego").secret_fields("nowhere") == ()
