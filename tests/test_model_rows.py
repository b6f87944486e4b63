"""Registers whose row differs per model, through Home Assistant: gear limits, the meter."""

from __future__ import annotations

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .conftest import entity_id_of, setup_entry, tcp_config
from .simulators.thermia import ThermiaSimulator

MAX_GEAR_HEATING = "holding_maximum_allowed_gear_in_heating"


async def test_mega_compressor_may_use_ten_gears(
    hass: HomeAssistant, mega: ThermiaSimulator, all_entities_enabled: None
) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    entity_id = entity_id_of(hass, entry, "number", MAX_GEAR_HEATING)
    assert hass.states.get(entity_id).attributes["max"] == 10
    await hass.services.async_call(
        "number", "set_value", {ATTR_ENTITY_ID: entity_id, "value": 10}, blocking=True
    )
    assert [(w.kind, w.address, w.value) for w in mega.writes] == [("holding_registers", 27, 10)]
    assert float(hass.states.get(entity_id).state) == 10


async def test_inverter_compressor_stops_at_nine_gears(
    hass: HomeAssistant, inverter: ThermiaSimulator, all_entities_enabled: None
) -> None:
    entry = await setup_entry(hass, tcp_config(inverter, "inverter"))
    entity_id = entity_id_of(hass, entry, "number", MAX_GEAR_HEATING)
    assert (
        hass.states.get(entity_id).attributes["min"],
        hass.states.get(entity_id).attributes["max"],
    ) == (1, 9)


async def test_electric_meter_is_off_by_default_on_mega_only(
    hass: HomeAssistant, mega: ThermiaSimulator, inverter: ThermiaSimulator
) -> None:
    # The Mega has the meter registers only from v12 firmware.
    registry = er.async_get(hass)
    for model, sim, disabled_by in (
        ("mega", mega, er.RegistryEntryDisabler.INTEGRATION),
        ("inverter", inverter, None),
    ):
        entry = await setup_entry(hass, tcp_config(sim, model))
        for key in ("input_electric_meter_kwh_total", "input_electric_meter_l1_power"):
            entity = registry.async_get(entity_id_of(hass, entry, "sensor", key))
            assert entity is not None
            assert (model, key, entity.disabled_by) == (model, key, disabled_by)
