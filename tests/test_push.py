"""A push family through Home Assistant: merged values, selective wake-ups, link state."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.nordic_heatpump.const import DOMAIN
from custom_components.nordic_heatpump.entity import PumpEntity
from custom_components.nordic_heatpump.pumps.model import PumpConnectionError

from .conftest import make_entry
from .push_double import PushDouble

CONFIG = {"family": "thermia", "model": "mega", "transport": "tcp", "host": "192.0.2.7"}


@pytest.fixture
def double() -> Iterator[PushDouble]:
    """The integration gets the push double instead of a real client."""
    client = PushDouble({"outdoor": -3.5, "supply": 31.0, "indoor_setting": 21.0})
    with patch("custom_components.nordic_heatpump.open_client", return_value=client):
        yield client


@pytest.fixture
def writes() -> Iterator[list[str]]:
    """Every state write of a channel entity, by entity id, in order."""
    written: list[str] = []
    original = PumpEntity.async_write_ha_state

    def record(self: PumpEntity) -> None:
        written.append(self.entity_id)
        original(self)

    with patch.object(PumpEntity, "async_write_ha_state", record):
        yield written


def _entity_id(hass: HomeAssistant, entry, platform: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{entry.entry_id}-{key}")
    assert entity_id is not None
    return entity_id


def _state(hass: HomeAssistant, entry, platform: str, key: str) -> str:
    return hass.states.get(_entity_id(hass, entry, platform, key)).state


async def _setup(hass: HomeAssistant):
    entry = make_entry(CONFIG)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry


async def test_push_family_is_not_polled_and_reads_once(
    hass: HomeAssistant, double: PushDouble
) -> None:
    entry = await _setup(hass)
    coordinator = entry.runtime_data.coordinator
    assert coordinator.update_interval is None
    assert double.subscriptions == 1
    assert double.reading
    assert double.reads == [
        [
            "alarm",
            "compressor",
            "indoor_setting",
            "last_error_time",
            "last_error_type",
            "outdoor",
            "supply",
        ]
    ]
    assert _state(hass, entry, "sensor", "outdoor") == "-3.5"
    # Nothing sent yet: unknown, not unavailable.
    assert _state(hass, entry, "binary_sensor", "alarm") == STATE_UNKNOWN


async def test_a_pushed_value_wakes_only_the_entities_that_show_it(
    hass: HomeAssistant, double: PushDouble, writes: list[str]
) -> None:
    entry = await _setup(hass)
    outdoor = _entity_id(hass, entry, "sensor", "outdoor")
    compressor = _entity_id(hass, entry, "binary_sensor", "compressor")
    writes.clear()
    await double.send({"outdoor": -4.0})
    await hass.async_block_till_done()
    assert writes == [outdoor]
    assert hass.states.get(outdoor).state == "-4.0"
    # Values sent once and never repeated stay: a push merges, it does not replace.
    assert _state(hass, entry, "sensor", "supply") == "31.0"
    # The same value again wakes nobody.
    writes.clear()
    await double.send({"outdoor": -4.0})
    await hass.async_block_till_done()
    assert writes == []
    await double.send({"compressor": True, "outdoor": -4.0})
    await hass.async_block_till_done()
    assert writes == [compressor]
    assert hass.states.get(compressor).state == STATE_ON


async def test_link_down_makes_every_entity_unavailable_until_it_returns(
    hass: HomeAssistant, double: PushDouble, caplog: pytest.LogCaptureFixture
) -> None:
    entry = await _setup(hass)
    await double.send({"compressor": False})
    await double.send(PumpConnectionError("serial bridge closed the connection"))
    await hass.async_block_till_done()
    assert not entry.runtime_data.coordinator.last_update_success
    for platform, key in (("sensor", "outdoor"), ("binary_sensor", "compressor")):
        assert _state(hass, entry, platform, key) == STATE_UNAVAILABLE
    assert caplog.text.count("serial bridge closed the connection") == 1
    # A second failure while down is not logged again.
    await double.send(PumpConnectionError("serial bridge closed the connection"))
    assert caplog.text.count("serial bridge closed the connection") == 1
    # The link returns; every entity shows its last value again.
    await double.send(None)
    await hass.async_block_till_done()
    assert _state(hass, entry, "sensor", "outdoor") == "-3.5"
    assert _state(hass, entry, "binary_sensor", "compressor") == STATE_OFF
    assert caplog.text.count("recovered") == 1


async def test_a_value_after_a_silent_outage_brings_the_link_back(
    hass: HomeAssistant, double: PushDouble
) -> None:
    entry = await _setup(hass)
    await double.send(PumpConnectionError("no line for 120 s"))
    await hass.async_block_till_done()
    assert _state(hass, entry, "sensor", "supply") == STATE_UNAVAILABLE
    await double.send({"outdoor": 1.5})
    await hass.async_block_till_done()
    assert _state(hass, entry, "sensor", "outdoor") == "1.5"
    assert _state(hass, entry, "sensor", "supply") == "31.0"


async def test_unload_stops_the_reader(hass: HomeAssistant, double: PushDouble) -> None:
    entry = await _setup(hass)
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert not double.reading
    assert double.closed


async def test_a_device_moment_is_placed_in_home_assistants_time_zone(
    hass: HomeAssistant, double: PushDouble
) -> None:
    await hass.config.async_set_time_zone("Europe/Stockholm")
    entry = await _setup(hass)
    # The controller keeps local time without a zone: 28 January 2025, 05:11:52 in Stockholm.
    await double.send({"last_error_time": datetime(2025, 1, 28, 5, 11, 52)})  # noqa: DTZ001
    await hass.async_block_till_done()
    state = hass.states.get(_entity_id(hass, entry, "sensor", "last_error_time"))
    assert state.state == "2025-01-28T04:11:52+00:00"
    assert state.attributes["device_class"] == "timestamp"


async def test_a_circuit_without_a_mode_always_heats(
    hass: HomeAssistant, double: PushDouble
) -> None:
    entry = await _setup(hass)
    climate = _entity_id(hass, entry, "climate", "heating")
    state = hass.states.get(climate)
    assert state.state == "heat"
    assert state.attributes["hvac_modes"] == ["heat"]
    assert state.attributes["temperature"] == 21.0
    assert state.attributes["min_temp"] == 10
    assert state.attributes["max_temp"] == 30
    # No running flag yet: no action; then it follows the compressor.
    assert "hvac_action" not in state.attributes
    await double.send({"compressor": True})
    await hass.async_block_till_done()
    assert hass.states.get(climate).attributes["hvac_action"] == "heating"
    await double.send({"compressor": False})
    await hass.async_block_till_done()
    assert hass.states.get(climate).attributes["hvac_action"] == "idle"
    await hass.services.async_call(
        "climate", "set_temperature", {"entity_id": climate, "temperature": 22.5}, blocking=True
    )
    assert double.writes == [("indoor_setting", 22.5)]
    assert hass.states.get(climate).attributes["temperature"] == 22.5
    # Heat is what it does anyway: nothing to write.
    await hass.services.async_call(
        "climate", "set_hvac_mode", {"entity_id": climate, "hvac_mode": "heat"}, blocking=True
    )
    assert hass.states.get(climate).state == "heat"
    # Only heat: Home Assistant itself refuses another mode, and nothing is written.
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            "climate", "set_hvac_mode", {"entity_id": climate, "hvac_mode": "off"}, blocking=True
        )
    assert double.writes == [("indoor_setting", 22.5)]


async def test_a_new_error_log_entry_fires_one_event(hass: HomeAssistant) -> None:
    await hass.config.async_set_time_zone("Europe/Stockholm")
    logged = datetime(2025, 1, 28, 5, 11, 52)  # noqa: DTZ001 - the controller's local time
    client = PushDouble({"last_error_type": "outdoor_sensor", "last_error_time": logged})
    with patch("custom_components.nordic_heatpump.open_client", return_value=client):
        entry = await _setup(hass)
    event_id = _entity_id(hass, entry, "event", "error_logged")
    state = hass.states.get(event_id)
    # The entry already in the log when Home Assistant starts is not news.
    assert state.state == STATE_UNKNOWN
    assert state.attributes["event_types"] == ["outdoor_sensor", "electrical_cassette", "other"]
    # The same entry sent again is still not news.
    await client.send({"last_error_time": logged})
    await hass.async_block_till_done()
    assert hass.states.get(event_id).state == STATE_UNKNOWN
    later = datetime(2025, 2, 3, 22, 0, 5)  # noqa: DTZ001
    await client.send({"last_error_type": "electrical_cassette", "last_error_time": later})
    await hass.async_block_till_done()
    state = hass.states.get(event_id)
    assert state.state != STATE_UNKNOWN
    assert state.attributes["event_type"] == "electrical_cassette"
    assert state.attributes["logged_at"] == "2025-02-03T22:00:05+01:00"
    # A code without a name still fires, as "other".
    await client.send({"last_error_type": None, "last_error_time": datetime(2025, 2, 4, 1, 2, 3)})  # noqa: DTZ001
    await hass.async_block_till_done()
    state = hass.states.get(event_id)
    assert state.attributes["event_type"] == "other"
    assert state.attributes["logged_at"] == "2025-02-04T01:02:03+01:00"
