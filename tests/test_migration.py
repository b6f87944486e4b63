"""Entries made before version 2 keyed everything on the pump's endpoint; they migrate.

The entry, its entities and its device move to the entry id; the entity ids (and so the
history and statistics recorded under them) stay.
"""

from __future__ import annotations

from datetime import timedelta

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.nordic_heatpump.const import DOMAIN

from .conftest import tcp_config
from .simulators.thermia import ThermiaSimulator

TITLE = "Thermia Genesis Mega"


def _version_1_entry(hass: HomeAssistant, sim: ThermiaSimulator) -> tuple[MockConfigEntry, str]:
    """An entry exactly as version 1 of the flow created it: keyed on its endpoint."""
    host, port = sim.tcp_address
    endpoint = f"tcp:{host}:{port}:1"
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=TITLE,
        data=tcp_config(sim, "mega"),
        options={"scan_interval": 60, "request_gap_ms": 5},
        unique_id=endpoint,
        version=1,
        minor_version=1,
    )
    entry.add_to_hass(hass)
    return entry, endpoint


async def test_a_version_1_entry_keeps_its_entities_and_device(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    entry, endpoint = _version_1_entry(hass, mega)
    devices = dr.async_get(hass)
    device = devices.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, endpoint)},
        manufacturer="Thermia",
        model="Genesis Mega",
        name=TITLE,
    )
    entities = er.async_get(hass)
    old = {
        ("sensor", "input_outdoor_temperature"): "sensor.thermia_genesis_mega_outdoor_temperature",
        ("sensor", "input_first_prioritised_demand"): "sensor.pump_demand_renamed_by_user",
        ("climate", "heating"): "climate.thermia_genesis_mega_heating",
        ("switch", "coil_enable_heat"): "switch.thermia_genesis_mega_enable_heat",
    }
    for (platform, key), entity_id in old.items():
        entities.async_get_or_create(
            platform,
            DOMAIN,
            f"{endpoint}-{key}",
            config_entry=entry,
            device_id=device.id,
            suggested_object_id=entity_id.split(".", 1)[1],
        )
    # The user had switched one entity off; that choice survives too.
    entities.async_update_entity(
        old["switch", "coil_enable_heat"], disabled_by=er.RegistryEntryDisabler.USER
    )
    # A registry entry of this config entry that never followed the endpoint pattern.
    stray = entities.async_get_or_create(
        "sensor", DOMAIN, "stray", config_entry=entry, suggested_object_id="stray"
    )
    assert entities.async_get(old["sensor", "input_first_prioritised_demand"]) is not None

    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert entry.version == 2
    assert entry.minor_version == 1
    assert entry.unique_id is None
    # The retired polling option is gone; the family's interval is used.
    assert entry.options == {"request_gap_ms": 5}
    assert entry.runtime_data.coordinator.update_interval == timedelta(seconds=30)
    for (platform, key), entity_id in old.items():
        registered = entities.async_get(entity_id)
        assert registered is not None, entity_id
        assert registered.unique_id == f"{entry.entry_id}-{key}"
        assert registered.device_id == device.id
        assert entities.async_get_entity_id(platform, DOMAIN, f"{endpoint}-{key}") is None
    assert entities.async_get(stray.entity_id).unique_id == "stray"
    # The live entities took over the migrated registry entries: no second copy.
    assert float(hass.states.get(old["sensor", "input_outdoor_temperature"]).state) == -5.5
    assert hass.states.get(old["sensor", "input_first_prioritised_demand"]).state == "heat"
    assert hass.states.get("sensor.thermia_genesis_mega_outdoor_temperature_2") is None
    assert hass.states.get(old["switch", "coil_enable_heat"]) is None
    assert entities.async_get(old["switch", "coil_enable_heat"]).disabled_by is (
        er.RegistryEntryDisabler.USER
    )
    # Still the same device, now known by the entry id, with what the pump reports.
    assert dr.async_entries_for_config_entry(devices, entry.entry_id) == [
        devices.async_get(device.id)
    ]
    migrated = devices.async_get(device.id)
    assert migrated.identifiers == {(DOMAIN, entry.entry_id)}
    assert migrated.sw_version == "9.2.1"


async def test_a_version_1_entry_never_set_up_migrates(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    # Nothing registered yet: there is nothing to rekey, the entry still moves on.
    entry, _ = _version_1_entry(hass, mega)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.version == 2
    assert entry.unique_id is None
    assert len(dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)) == 1


async def test_a_version_1_entry_without_unique_id_migrates(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    entry = MockConfigEntry(domain=DOMAIN, title=TITLE, data=tcp_config(mega, "mega"), version=1)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.version == 2


async def test_an_entry_from_a_newer_version_is_left_alone(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    entry = MockConfigEntry(domain=DOMAIN, title=TITLE, data=tcp_config(mega, "mega"), version=3)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
    assert entry.version == 3
    assert mega.requests == []


async def test_an_entry_from_a_newer_minor_version_loads_as_it_is(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    # A newer minor version only adds what this version can ignore.
    entry = MockConfigEntry(
        domain=DOMAIN, title=TITLE, data=tcp_config(mega, "mega"), version=2, minor_version=2
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert (entry.version, entry.minor_version) == (2, 2)
