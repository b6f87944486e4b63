"""The dashboard in dashboards/heat_pumps.yaml, loaded by Home Assistant.

The three simulated pumps are added through the config flow with the answers
scripts/develop gives it, so their entities get the ids a user gets with the default
names. Home Assistant loads the dashboard as the YAML-mode dashboard develop's
configuration registers, and the frontend's own `lovelace/config` command reads it back.
Every entity it shows must be one of its pump's, enabled by default: a misspelled or a
disabled entity shows as "Entity not available" on the card.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
import yaml

from custom_components.nordic_heatpump.const import DOMAIN

from .conftest import entity_id_of
from .simulators.husdata import HusdataSimulator
from .simulators.rego import RegoSimulator
from .simulators.thermia import ThermiaSimulator
from .test_husdata import until

REPO = Path(__file__).parents[1]
DASHBOARD = REPO / "dashboards" / "heat_pumps.yaml"

VIEWS = {"thermia-genesis": "thermia", "rego-6xx": "rego", "husdata-h1": "husdata"}
"""Each view's path, and the family of the pump it shows."""

SUBJECTS: dict[str, dict[str, list[tuple[str, str]]]] = {
    "thermia": {
        "heating control": [("climate", "heating")],
        "tap water control": [("water_heater", "tap_water")],
        "outdoor temperature": [("sensor", "input_outdoor_temperature")],
        "supply temperature": [("sensor", "input_system_supply_line_temperature")],
        "return temperature": [("sensor", "input_system_return_line_temperature")],
        "brine temperatures": [
            ("sensor", "input_brine_in_temperature"),
            ("sensor", "input_brine_out_temperature"),
        ],
        "compressor": [
            ("binary_sensor", "dinput_compressor_control_signal"),
            ("sensor", "input_compressor_speed_percent"),
        ],
        "alarms": [
            ("binary_sensor", "dinput_sum_alarm"),
            ("binary_sensor", "dinput_alarm_active_class_a"),
        ],
        "energy": [("sensor", "input_electric_meter_kwh_total")],
    },
    "rego": {
        "heating control": [("climate", "heating")],
        "tap water control": [("number", "hot_water_target"), ("sensor", "hot_water")],
        "outdoor temperature": [("sensor", "outdoor")],
        "supply temperature": [("sensor", "radiator_forward")],
        "return temperature": [("sensor", "radiator_return")],
        "brine temperatures": [("sensor", "cold_fluid_in"), ("sensor", "cold_fluid_out")],
        "compressor": [("binary_sensor", "compressor_state"), ("sensor", "compressor_temp")],
        "alarms": [
            ("binary_sensor", "alarm"),
            ("sensor", "last_error_type"),
            ("sensor", "last_error_timestamp"),
        ],
        # The Rego has no meter: its running hours are what it tells of its consumption.
        "energy": [
            ("sensor", "heat_pump_in_operation_rad"),
            ("sensor", "heat_pump_in_operation_dhw"),
            ("sensor", "add_heat_in_operation_rad"),
            ("sensor", "add_heat_in_operation_dhw"),
        ],
    },
    "husdata": {
        # The H1 gives no write access to the heating or the tap water: shown, not set.
        "heating": [("climate", "heating")],
        "tap water": [("sensor", "hot_water")],
        "outdoor temperature": [("sensor", "outdoor")],
        "supply temperature": [("sensor", "radiator_forward")],
        "return temperature": [("sensor", "radiator_return")],
        "brine temperatures": [("sensor", "cold_fluid_in"), ("sensor", "cold_fluid_out")],
        "compressor": [("binary_sensor", "compressor_state"), ("sensor", "compressor_speed")],
        "alarms": [
            ("binary_sensor", "alarm"),
            ("binary_sensor", "high_pressostat"),
            ("binary_sensor", "low_pressostat"),
        ],
        "energy": [("sensor", "el_meter_1"), ("sensor", "el_meter_2")],
    },
}
"""What each view must show, by the channel keys of its pump."""


def _develop() -> ModuleType:
    """scripts/lib/develop.py, which is a script, not a package."""
    spec = importlib.util.spec_from_file_location("develop", REPO / "scripts/lib/develop.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DEVELOP = _develop()


@pytest.fixture
async def pumps(
    hass: HomeAssistant, inverter: ThermiaSimulator, rego: RegoSimulator, h1: HusdataSimulator
) -> AsyncIterator[dict[str, ConfigEntry[Any]]]:
    """The three pumps, added as scripts/develop adds them; by family."""
    addresses = {
        "thermia": inverter.tcp_address,
        "rego": rego.tcp_address,
        "husdata": h1.tcp_address,
    }
    for family, answers in DEVELOP.simulated_pumps().items():
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": config_entries.SOURCE_USER}
        )
        host, port = addresses[family] or ("", 0)
        for answer in answers:
            address = {"host": host, "port": port} if "host" in answer else {}
            result = await hass.config_entries.flow.async_configure(
                result["flow_id"], answer | address
            )
        assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()
    entries = {entry.data["family"]: entry for entry in hass.config_entries.async_entries(DOMAIN)}
    assert [entry.title for entry in entries.values()] == [
        "Thermia Genesis Inverter",
        "Rego 6xx",
        "Husdata H1",
    ]
    # The H1 pushes its first read-out after the set-up.
    h1_compressor = entity_id_of(hass, entries["husdata"], "sensor", "compressor_speed")
    await until(lambda: _state(hass, h1_compressor) not in {"unknown", STATE_UNAVAILABLE})
    yield entries
    for entry in entries.values():
        assert await hass.config_entries.async_unload(entry.entry_id)


def _state(hass: HomeAssistant, entity_id: str) -> str | None:
    state = hass.states.get(entity_id)
    return None if state is None else state.state


async def _dashboard(hass: HomeAssistant, hass_ws_client: WebSocketGenerator) -> dict[str, Any]:
    """The dashboard as the frontend gets it, registered as develop's configuration does."""
    configuration = yaml.safe_load(DEVELOP.CONFIGURATION + DEVELOP.dashboard_configuration())
    assert await async_setup_component(hass, "lovelace", {"lovelace": configuration["lovelace"]})
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "lovelace/config", "url_path": "heat-pumps"})
    reply = await client.receive_json()
    assert reply["success"], reply
    config: dict[str, Any] = reply["result"]
    return config


def referenced_entities(node: object) -> Iterator[str]:
    """Every entity id a card configuration names (`entity:` and `entities:`), in order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "entity" and isinstance(value, str):
                yield value
            elif key == "entities" and isinstance(value, list):
                for item in value:
                    yield from [item] if isinstance(item, str) else referenced_entities(item)
            else:
                yield from referenced_entities(value)
    elif isinstance(node, list):
        for item in node:
            yield from referenced_entities(item)


def not_shown(hass: HomeAssistant, entry: ConfigEntry[Any], entity_ids: list[str]) -> list[str]:
    """The ids a card would show as not available: unknown, another's, disabled, no state."""
    registry = er.async_get(hass)
    problems = []
    for entity_id in entity_ids:
        entity = registry.async_get(entity_id)
        if entity is None:
            problems.append(f"{entity_id}: no such entity")
        elif entity.config_entry_id != entry.entry_id:
            problems.append(f"{entity_id}: not an entity of {entry.title}")
        elif entity.disabled_by is not None:
            problems.append(f"{entity_id}: disabled by {entity.disabled_by}")
        elif _state(hass, entity_id) in {None, STATE_UNAVAILABLE}:
            problems.append(f"{entity_id}: unavailable")
    return problems


async def test_registered_as_develop_configures_it() -> None:
    configuration = yaml.safe_load(DEVELOP.CONFIGURATION + DEVELOP.dashboard_configuration())
    assert configuration["lovelace"] == {
        "dashboards": {
            "heat-pumps": {
                "mode": "yaml",
                "title": "Heat pumps",
                "icon": "mdi:heat-pump",
                "show_in_sidebar": True,
                "filename": str(DASHBOARD),
            }
        }
    }


async def test_every_card_shows_an_entity_of_its_pump(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    pumps: dict[str, ConfigEntry[Any]],
) -> None:
    dashboard = await _dashboard(hass, hass_ws_client)
    assert dashboard["title"] == "Heat pumps"
    assert [view["path"] for view in dashboard["views"]] == list(VIEWS)
    for view in dashboard["views"]:
        entry = pumps[VIEWS[view["path"]]]
        shown = list(referenced_entities(view))
        assert len(shown) >= len(SUBJECTS[VIEWS[view["path"]]])
        assert not_shown(hass, entry, shown) == [], view["title"]


async def test_each_view_covers_its_pump(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    pumps: dict[str, ConfigEntry[Any]],
) -> None:
    dashboard = await _dashboard(hass, hass_ws_client)
    for view in dashboard["views"]:
        family = VIEWS[view["path"]]
        shown = set(referenced_entities(view))
        missing = {
            subject: [
                entity_id_of(hass, pumps[family], platform, key)
                for platform, key in channels
                if entity_id_of(hass, pumps[family], platform, key) not in shown
            ]
            for subject, channels in SUBJECTS[family].items()
        }
        assert {subject: ids for subject, ids in missing.items() if ids} == {}, view["title"]


async def test_a_misspelled_or_disabled_entity_is_caught(
    hass: HomeAssistant, pumps: dict[str, ConfigEntry[Any]]
) -> None:
    """The check above fails for each way a card can end up showing nothing."""
    thermia, rego = pumps["thermia"], pumps["rego"]
    outdoor = entity_id_of(hass, thermia, "sensor", "input_outdoor_temperature")
    # Disabled by default: a card shows it only once the user enables it.
    disabled = entity_id_of(hass, thermia, "sensor", "input_heat_pump_thermal_power")
    rego_outdoor = entity_id_of(hass, rego, "sensor", "outdoor")
    assert not_shown(hass, thermia, [outdoor]) == []
    assert not_shown(hass, thermia, [outdoor + "s", disabled, rego_outdoor]) == [
        f"{outdoor}s: no such entity",
        f"{disabled}: disabled by integration",
        f"{rego_outdoor}: not an entity of Thermia Genesis Inverter",
    ]
    hass.states.async_set(outdoor, STATE_UNAVAILABLE)
    assert not_shown(hass, thermia, [outdoor]) == [f"{outdoor}: unavailable"]


def test_the_entity_walk_finds_every_way_a_card_names_one() -> None:
    cards = [
        {"type": "tile", "entity": "sensor.a"},
        {"type": "history-graph", "entities": ["sensor.b", {"entity": "sensor.c"}]},
        {"type": "conditional", "conditions": [{"entity": "binary_sensor.d"}], "card": {}},
    ]
    assert list(referenced_entities(cards)) == [
        "sensor.a",
        "sensor.b",
        "sensor.c",
        "binary_sensor.d",
    ]
