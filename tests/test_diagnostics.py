"""The diagnostics dump: useful to support, with the pump's address redacted."""

from __future__ import annotations

import json
from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from .conftest import rtu_config, setup_entry, tcp_config
from .simulators.husdata import HusdataSimulator
from .simulators.rego import RegoSimulator
from .simulators.thermia import ThermiaSimulator, fixture_path
from .test_husdata import bridge_config as husdata_bridge_config, until
from .test_rego import bridge_config as rego_bridge_config

REGO_RETRIES = 3


async def test_diagnostics(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, mega: ThermiaSimulator
) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["entry"]["data"]["host"] == "**REDACTED**"
    assert diagnostics["entry"]["title"] == "**REDACTED**"
    assert diagnostics["entry"]["version"] == 2
    assert diagnostics["entry"]["data"]["model"] == "mega"
    assert diagnostics["identity"]["firmware"] == "9.2.1"
    # Every request the pump saw, and no other, is counted.
    assert diagnostics["link"]["statistics"]["requests"] == len(mega.requests)
    assert diagnostics["link"]["statistics"]["timeouts"] == 0
    assert diagnostics["link"]["connected"] is True
    assert diagnostics["values"]["input_outdoor_temperature"] == -5.5
    assert diagnostics["values"]["input_system_supply_line_temperature"] is None
    assert mega.tcp_address[0] not in json.dumps(diagnostics)


async def test_diagnostics_hide_the_serial_port(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        path = await sim.start_rtu_pty(unit_id=1)
        entry = await setup_entry(hass, rtu_config(path, "inverter"))
        diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
        await hass.config_entries.async_unload(entry.entry_id)
    assert diagnostics["entry"]["data"]["device"] == "**REDACTED**"
    assert diagnostics["entry"]["data"]["baudrate"] == 19200
    assert path not in json.dumps(diagnostics)


def _round_trips_are_measured(statistics: dict[str, Any]) -> None:
    """Every answer has a round trip; the longest is at least the mean."""
    mean, longest = statistics["round_trip_mean_ms"], statistics["round_trip_max_ms"]
    assert isinstance(mean, float)
    assert isinstance(longest, float)
    assert 0.0 < mean <= longest


async def test_thermia_raw_words_rejected_registers_and_link_statistics(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, inverter: ThermiaSimulator
) -> None:
    inverter.faults.exception_at.add(("input_registers", 13))
    inverter.set_raw("input_registers", 83, 0x1234)
    inverter.set_raw("input_registers", 84, 0x0005)
    entry = await setup_entry(hass, tcp_config(inverter, "inverter"))
    link = (await get_diagnostics_for_config_entry(hass, hass_client, entry))["link"]
    # The raw words last read, per address; a 32-bit total is both its words (LSB first).
    assert link["last_raw"]["input 83"] == [0x1234, 0x0005]
    assert link["last_raw"]["input 12"] == [inverter.get_raw("input_registers", 12)]
    assert "input 13" not in link["last_raw"]
    assert link["rejected_channels"] == ["input_outdoor_temperature"]
    assert link["rejected_registers"] == ["input 13"]
    statistics = link["statistics"]
    _round_trips_are_measured(statistics)
    assert statistics["requests"] == len(inverter.requests)
    assert (statistics["failures"], statistics["reconnects"], statistics["last_error"]) == (
        0,
        0,
        None,
    )

    # The link breaks under a poll; the next poll opens a new one.
    inverter.faults.drop_next_request = True
    await entry.runtime_data.coordinator.async_refresh()
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    statistics = (await get_diagnostics_for_config_entry(hass, hass_client, entry))["link"][
        "statistics"
    ]
    assert statistics["failures"] == 1
    assert statistics["links_lost"] == 1
    assert statistics["reconnects"] == 1
    assert statistics["requests"] == len(inverter.requests)
    host, port = inverter.tcp_address
    assert statistics["last_error"] == f"tcp:{host}:{port}: the link broke reading coil 8+2"
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_rego_raw_values_failed_registers_and_link_statistics(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    async with RegoSimulator("600") as rego:
        await rego.start_tcp()
        rego.set("outdoor", -72)
        entry = await setup_entry(hass, rego_bridge_config(rego), {"request_gap_ms": 5})
        outdoor = rego.register("outdoor")
        link = (await get_diagnostics_for_config_entry(hass, hass_client, entry))["link"]
        assert link["last_raw"][f"0x02/{outdoor.address:#06x}"] == 0x10000 - 72
        assert link["failed_registers"] == {}
        statistics = link["statistics"]
        _round_trips_are_measured(statistics)
        assert statistics["requests"] == len(rego.requests)
        assert (statistics["failures"], statistics["reconnects"], statistics["last_error"]) == (
            0,
            0,
            None,
        )

        # The first place of the next poll answers garbled four times (every retry
        # too): it fails alone, and the poll goes on.
        rego.clear_logs()
        rego.faults.for_next(1 + REGO_RETRIES, bad_checksum=True)
        await entry.runtime_data.coordinator.async_refresh()
        first = rego.requests[0]
        place = f"{first.command:#04x}/{first.address:#06x}"
        link = (await get_diagnostics_for_config_entry(hass, hass_client, entry))["link"]
        garbled = f"corrupt reply reading {place}: bad checksum in 01 00 00 38 39"
        assert link["failed_registers"] == {place: garbled}
        assert link["statistics"]["failures"] == 1 + REGO_RETRIES
        # A garbled link is never used again.
        assert link["statistics"]["reconnects"] == 1 + REGO_RETRIES
        assert link["statistics"]["last_error"] == garbled
        # It answers on the next poll and is no longer listed.
        await entry.runtime_data.coordinator.async_refresh()
        link = (await get_diagnostics_for_config_entry(hass, hass_client, entry))["link"]
        assert link["failed_registers"] == {}
        assert await hass.config_entries.async_unload(entry.entry_id)


async def test_husdata_counters_share_the_names_of_the_polled_links(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    async with HusdataSimulator() as h1:
        await h1.start_tcp()
        entry = await setup_entry(hass, husdata_bridge_config(h1))
        await until(lambda: bool(entry.runtime_data.client.diagnostics()["readings"]))
        link = (await get_diagnostics_for_config_entry(hass, hass_client, entry))["link"]
        assert (link["requests"], link["failures"]) == (2, 0)  # XV and XR
        assert (link["connects"], link["reconnects"], link["last_error"]) == (1, 0, None)
        assert link["last_raw"]["AFF1"] == 12345
        assert await hass.config_entries.async_unload(entry.entry_id)
