"""The energy panel accepts the pumps' electricity meters.

A Thermia inverter's kWh total and a Husdata H1's S0 meter are added to the energy
preferences through the websocket, as the panel does, and Home Assistant's own
validation must find nothing to complain about: right device class, unit and state
class, recorded, and with long-term statistics compiled by the recorder.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import get_metadata
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
    do_adhoc_statistics,
    get_start_time,
)
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from .conftest import entity_id_of, setup_entry, state_of, tcp_config
from .simulators.husdata import HusdataSimulator
from .simulators.thermia import ThermiaSimulator
from .test_husdata import bridge_config, until


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The conftest's fixture, with the recorder set up before Home Assistant, as it must be."""


async def test_energy_panel_validates_both_meters(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    inverter: ThermiaSimulator,
    h1: HusdataSimulator,
) -> None:
    assert await async_setup_component(hass, "energy", {})
    thermia = await setup_entry(hass, tcp_config(inverter, "inverter"))
    husdata = await setup_entry(hass, bridge_config(h1))
    kwh_total = entity_id_of(hass, thermia, "sensor", "input_electric_meter_kwh_total")
    el_meter = entity_id_of(hass, husdata, "sensor", "el_meter_1")
    # The H1 pushes its first read-out after the set-up; 12345 pulses at 1000 per kWh.
    await until(lambda: state_of(hass, husdata, "sensor", "el_meter_1").state == "12.345")
    # 32 bits, LSB at input 83, in tenths of a kWh.
    tenths = inverter.get_raw("input_registers", 84) << 16 | inverter.get_raw("input_registers", 83)
    assert float(state_of(hass, thermia, "sensor", "input_electric_meter_kwh_total").state) == (
        tenths / 10
    )

    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "energy/save_prefs",
            "device_consumption": [
                {"stat_consumption": kwh_total},
                {"stat_consumption": el_meter},
            ],
        }
    )
    saved = await client.receive_json()
    assert saved["success"], saved
    assert [item["stat_consumption"] for item in saved["result"]["device_consumption"]] == [
        kwh_total,
        el_meter,
    ]

    # Before the recorder compiled any statistics the panel has nothing to chart.
    await async_wait_recording_done(hass)
    assert await validate(client) == {
        "energy_sources": [],
        "device_consumption": [
            [
                {
                    "type": "statistics_not_defined",
                    "affected_entities": [[kwh_total, None]],
                    "translation_placeholders": None,
                }
            ],
            [
                {
                    "type": "statistics_not_defined",
                    "affected_entities": [[el_meter, None]],
                    "translation_placeholders": None,
                }
            ],
        ],
        "device_consumption_water": [],
    }

    # The recorder compiles the statistics, as it does every 5 minutes.
    do_adhoc_statistics(hass, start=get_start_time(dt_util.utcnow()))
    await async_wait_recording_done(hass)
    metadata = await recorder_mock.async_add_executor_job(
        lambda: get_metadata(hass, statistic_ids={kwh_total, el_meter})
    )
    assert {key: meta["unit_of_measurement"] for key, (_, meta) in metadata.items()} == {
        kwh_total: "kWh",
        el_meter: "kWh",
    }
    assert await validate(client) == {
        "energy_sources": [],
        "device_consumption": [[], []],
        "device_consumption_water": [],
    }
    for entry in (thermia, husdata):
        assert await hass.config_entries.async_unload(entry.entry_id)


async def validate(client: MockHAClientWebSocket) -> dict[str, Any]:
    """What `energy/validate` reports for the saved preferences."""
    await client.send_json_auto_id({"type": "energy/validate"})
    reply = await client.receive_json()
    assert reply["success"], reply
    result: dict[str, Any] = reply["result"]
    return result
