"""Repair issues through Home Assistant: a disputed scale that does not fit, a link down.

The pumps are the simulators over real sockets. A scale issue is fixed through the
repairs HTTP API as the frontend does it. A link issue waits out an hour while the
simulator is stopped: Home Assistant's timers are fired an hour ahead, and the clients
reconnect without a backoff (their backoff runs on the event loop's own clock).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from http import HTTPStatus
from typing import Any

from homeassistant.config_entries import ConfigEntryDisabler, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.nordic_heatpump import issues
from custom_components.nordic_heatpump.const import DOMAIN
from custom_components.nordic_heatpump.pumps.husdata import family as husdata_family
from custom_components.nordic_heatpump.pumps.rego import family as rego_family
from custom_components.nordic_heatpump.pumps.rego.client import pacing_from
from custom_components.nordic_heatpump.pumps.session import Pacing
from custom_components.nordic_heatpump.pumps.thermia import family as thermia_family
from custom_components.nordic_heatpump.pumps.thermia.connection import pacing_for
from custom_components.nordic_heatpump.pumps.thermia.registers import channels_for

from .conftest import make_entry, setup_entry, state_of, tcp_config
from .simulators.husdata import HusdataSimulator
from .simulators.rego import RegoSimulator
from .simulators.thermia import ThermiaSimulator
from .test_husdata import set_up as set_up_h1, until
from .test_rego import bridge_config as rego_bridge_config

ROOM = "input_room_temperature_sensor"
VALVE = "input_mix_valve_cooling_opening_degree"
HOUR = timedelta(seconds=issues.LINK_DOWN_AFTER)


@pytest.fixture(autouse=True)
async def repairs(hass: HomeAssistant) -> None:
    """The repairs integration, as the frontend has it (its HTTP API included)."""
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "repairs", {})


def issue(hass: HomeAssistant, issue_id: str) -> ir.IssueEntry | None:
    """An issue of this integration, or None."""
    return ir.async_get(hass).async_get_issue(DOMAIN, issue_id)


def open_issues(hass: HomeAssistant) -> list[str]:
    """The ids of every issue of this integration, sorted."""
    return sorted(key[1] for key in ir.async_get(hass).issues if key[0] == DOMAIN)


async def poll(hass: HomeAssistant, entry: MockConfigEntry, times: int = 1) -> None:
    """Read the pump `times` more times, as the coordinator's interval does."""
    for _ in range(times):
        await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def later(hass: HomeAssistant, delta: timedelta) -> None:
    """Run what Home Assistant has scheduled within `delta` from now."""
    async_fire_time_changed(hass, dt_util.utcnow() + delta)
    await hass.async_block_till_done()


async def fix(hass_client: ClientSessionGenerator, issue_id: str) -> dict[str, Any]:
    """Open the issue's fix flow and confirm it, as the repairs dialog does."""
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    assert response.status == HTTPStatus.OK
    form = await response.json()
    assert form["type"] == "form"
    assert form["step_id"] == "confirm"
    response = await client.post(f"/api/repairs/issues/fix/{form['flow_id']}")
    assert response.status == HTTPStatus.OK
    done: dict[str, Any] = await response.json()
    return {"form": form, "done": done}


# ------------------------------------------------------------------ scales


async def test_room_temperature_at_the_wrong_scale_is_fixed_in_one_click(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, mega: ThermiaSimulator
) -> None:
    # 21.50 °C sent x100: the documented x10 reads 215 °C.
    mega.set_raw("input_registers", 121, 2150)
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    issue_id = f"scale_{entry.entry_id}_{ROOM}"
    room = state_of(hass, entry, "sensor", ROOM)
    assert float(room.state) == 215.0
    await poll(hass, entry)  # the set-up's read and this one: two readings
    assert open_issues(hass) == []
    await poll(hass, entry)
    raised = issue(hass, issue_id)
    assert raised is not None
    assert raised.is_fixable
    assert raised.severity is ir.IssueSeverity.WARNING
    assert raised.translation_key == "implausible_scale"
    assert raised.translation_placeholders == {
        "name": "Thermia Genesis test pump",
        "entity": room.name,
        "value": "215 °C",
        "suggested": "21.5 °C",
        "scale": "10",
        "suggested_scale": "100",
    }
    assert open_issues(hass) == [issue_id]

    flow = await fix(hass_client, issue_id)
    assert flow["form"]["description_placeholders"] == raised.translation_placeholders
    assert flow["done"]["type"] == "create_entry"
    await hass.async_block_till_done()

    assert entry.options == {f"scale_{ROOM}": 100}
    assert entry.state is ConfigEntryState.LOADED
    assert float(state_of(hass, entry, "sensor", ROOM).state) == 21.5
    await poll(hass, entry, 3)
    assert open_issues(hass) == []
    assert mega.writes == []


async def test_a_value_that_fits_again_clears_the_issue(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    mega.set_raw("input_registers", 121, 2150)
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    await poll(hass, entry, 2)
    assert open_issues(hass) == [f"scale_{entry.entry_id}_{ROOM}"]
    mega.set_raw("input_registers", 121, 215)  # the pump sends x10 again: 21.5 °C
    await poll(hass, entry)
    assert open_issues(hass) == []
    assert float(state_of(hass, entry, "sensor", ROOM).state) == 21.5


async def test_one_odd_reading_raises_nothing(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    mega.set_raw("input_registers", 121, 215)
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    for raw in (2150, 2150, 215, 2150, 2150):  # never three in a row
        mega.set_raw("input_registers", 121, raw)
        await poll(hass, entry)
    assert open_issues(hass) == []
    mega.set_raw("input_registers", 121, 9000)  # 900 °C, or 90 °C: fits no scale
    await poll(hass, entry, 3)
    assert open_issues(hass) == []


async def test_valve_opening_at_the_wrong_scale(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mega: ThermiaSimulator,
    all_entities_enabled: None,
) -> None:
    # A valve 42 % open sent x100: the documented x1 reads 4200 %.
    mega.set_raw("input_registers", 137, 4200)
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    issue_id = f"scale_{entry.entry_id}_{VALVE}"
    # A channel off by default is first read once its entity is enabled: after set-up.
    await poll(hass, entry, 3)
    raised = issue(hass, issue_id)
    assert raised is not None
    placeholders = raised.translation_placeholders or {}
    assert (placeholders["value"], placeholders["suggested"]) == ("4200 %", "42 %")
    assert (placeholders["scale"], placeholders["suggested_scale"]) == ("1", "100")
    await fix(hass_client, issue_id)
    await hass.async_block_till_done()
    assert entry.options == {f"scale_{VALVE}": 100}
    assert float(state_of(hass, entry, "sensor", VALVE).state) == 42.0
    assert open_issues(hass) == []


async def test_a_fix_confirmed_after_the_pump_was_removed_changes_nothing(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, mega: ThermiaSimulator
) -> None:
    mega.set_raw("input_registers", 121, 2150)
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    await poll(hass, entry, 2)
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix",
        json={"handler": DOMAIN, "issue_id": f"scale_{entry.entry_id}_{ROOM}"},
    )
    form = await response.json()
    assert await hass.config_entries.async_remove(entry.entry_id)
    response = await client.post(f"/api/repairs/issues/fix/{form['flow_id']}")
    assert response.status == HTTPStatus.OK
    done = await response.json()
    assert (done["type"], done["reason"]) == ("abort", "entry_removed")
    assert hass.config_entries.async_entries(DOMAIN) == []


async def test_an_entity_not_registered_is_named_by_its_key(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    entry = make_entry(tcp_config(mega, "mega"))  # added, never set up: no entities
    entry.add_to_hass(hass)
    channels = {channel.key: channel for channel in channels_for("mega")}
    scale_issues = issues.ScaleIssues(hass, entry, channels)
    for _ in range(3):
        scale_issues.observe({ROOM: 215.0})
    raised = issue(hass, f"scale_{entry.entry_id}_{ROOM}")
    assert raised is not None
    assert (raised.translation_placeholders or {})["entity"] == ROOM
    scale_issues.close()
    assert open_issues(hass) == []


async def test_issues_go_with_the_entry(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    mega.set_raw("input_registers", 121, 2150)
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    await poll(hass, entry, 2)
    assert open_issues(hass) == [f"scale_{entry.entry_id}_{ROOM}"]
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert open_issues(hass) == []


async def test_husdata_compressor_speed_at_the_wrong_scale(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, h1: HusdataSimulator
) -> None:
    # The H1 sends 2108 in tenths (62.0 % = 620) but the entry reads it as is.
    h1.set(0x2108, 62)  # a plausible start: 62 % as is
    entry = await set_up_h1(hass, h1, {"scale_2108": 1})
    issue_id = f"scale_{entry.entry_id}_compressor_speed"
    coordinator = entry.runtime_data.coordinator
    for raw in (630, 640):
        h1.set(0x2108, raw)
        await until(lambda raw=raw: coordinator.data["compressor_speed"] == raw)
    await hass.async_block_till_done()
    assert open_issues(hass) == []
    h1.set(0x2108, 650)  # the third pushed reading in a row that fits only ÷10
    await until(lambda: coordinator.data["compressor_speed"] == 650)
    await hass.async_block_till_done()
    raised = issue(hass, issue_id)
    assert raised is not None
    assert raised.translation_placeholders == {
        "name": "Thermia Genesis test pump",
        "entity": state_of(hass, entry, "sensor", "compressor_speed").name,
        "value": "650 %",
        "suggested": "65 %",
        "scale": "1",
        "suggested_scale": "10",
    }
    await fix(hass_client, issue_id)
    await hass.async_block_till_done()
    assert entry.options == {"scale_2108": 10}
    coordinator = entry.runtime_data.coordinator
    await until(lambda: coordinator.data.get("compressor_speed") == 65.0)
    assert open_issues(hass) == []
    assert h1.writes == []


# -------------------------------------------------------------------- links


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Clients reconnect at once: a test cannot move the loop clock over a backoff."""

    def thermia(*args: Any, **kwargs: Any) -> Pacing:
        return replace(pacing_for(*args, **kwargs), backoff_first=0.0, backoff_max=0.0)

    def rego(*args: Any, **kwargs: Any) -> Pacing:
        return replace(pacing_from(*args, **kwargs), backoff_first=0.0, backoff_max=0.0)

    monkeypatch.setattr(thermia_family, "pacing_for", thermia)
    monkeypatch.setattr(rego_family, "pacing_from", rego)
    quick = replace(husdata_family.DEFAULT_TIMING, answer=0.2, backoff_first=0.05)
    monkeypatch.setattr(husdata_family, "DEFAULT_TIMING", quick)


async def test_thermia_tcp_link_down_for_an_hour(
    hass: HomeAssistant, mega: ThermiaSimulator, no_backoff: None
) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    host, port = mega.tcp_address
    issue_id = f"link_down_{entry.entry_id}"
    await mega.stop()
    await poll(hass, entry)
    assert not entry.runtime_data.coordinator.last_update_success
    await later(hass, HOUR - timedelta(seconds=60))
    assert open_issues(hass) == []
    await later(hass, HOUR)
    raised = issue(hass, issue_id)
    assert raised is not None
    assert not raised.is_fixable
    assert raised.severity is ir.IssueSeverity.ERROR
    assert raised.translation_key == "link_down_tcp"
    placeholders = dict(raised.translation_placeholders or {})
    assert placeholders.pop("error") == f"cannot connect to tcp:{host}:{port}"
    assert placeholders == {
        "name": "Thermia Genesis test pump",
        "host": host,
        "port": str(port),
        "unit_id": "1",
    }

    await mega.start_tcp(host, port)
    await poll(hass, entry)
    assert entry.runtime_data.coordinator.last_update_success
    assert open_issues(hass) == []


async def test_a_short_outage_raises_nothing(
    hass: HomeAssistant, mega: ThermiaSimulator, no_backoff: None
) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    mega.faults.silent = True
    await poll(hass, entry)
    await later(hass, HOUR / 2)
    mega.faults.silent = False
    await poll(hass, entry)
    assert entry.runtime_data.coordinator.last_update_success
    mega.faults.silent = True
    await poll(hass, entry)
    await later(hass, HOUR / 2 + timedelta(seconds=60))  # an hour since the first failure
    assert open_issues(hass) == []
    await later(hass, HOUR)  # an hour since the second
    assert open_issues(hass) == [f"link_down_{entry.entry_id}"]


async def test_rego_bridge_link_down_for_an_hour(
    hass: HomeAssistant, rego: RegoSimulator, no_backoff: None
) -> None:
    entry = await setup_entry(hass, rego_bridge_config(rego))
    assert entry.state is ConfigEntryState.LOADED
    host, port = rego.tcp_address or ("", 0)
    await rego.stop()
    await poll(hass, entry)
    await later(hass, HOUR)
    raised = issue(hass, f"link_down_{entry.entry_id}")
    assert raised is not None
    assert raised.translation_key == "link_down_rego_bridge"
    placeholders = dict(raised.translation_placeholders or {})
    assert placeholders.pop("error") != ""
    assert placeholders == {
        "name": "Thermia Genesis test pump",
        "host": host,
        "port": str(port),
        "layout": "600",
    }
    await rego.start_tcp(host, port)
    await poll(hass, entry)
    assert entry.runtime_data.coordinator.last_update_success
    assert open_issues(hass) == []


async def test_h1_bridge_link_down_for_an_hour(
    hass: HomeAssistant, h1: HusdataSimulator, no_backoff: None
) -> None:
    entry = await set_up_h1(hass, h1)
    host, port = h1.tcp_address or ("", 0)
    issue_id = f"link_down_{entry.entry_id}"
    coordinator = entry.runtime_data.coordinator
    await h1.stop()
    await until(lambda: not coordinator.last_update_success)
    await later(hass, HOUR)
    raised = issue(hass, issue_id)
    assert raised is not None
    assert raised.translation_key == "link_down_husdata_bridge"
    placeholders = dict(raised.translation_placeholders or {})
    assert placeholders.pop("error") != ""
    assert placeholders == {"name": "Thermia Genesis test pump", "host": host, "port": str(port)}

    await h1.start_tcp(host, port)
    await until(lambda: coordinator.last_update_success)
    await hass.async_block_till_done()
    assert open_issues(hass) == []


async def test_a_pump_unreachable_since_start_is_reported_until_disabled(
    hass: HomeAssistant, mega: ThermiaSimulator, no_backoff: None
) -> None:
    config = tcp_config(mega, "mega")
    await mega.stop()
    entry = await setup_entry(hass, config)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    await later(hass, HOUR)  # Home Assistant's own set-up retries fall due as well
    raised = issue(hass, f"link_down_{entry.entry_id}")
    assert raised is not None
    assert raised.translation_key == "link_down_tcp"
    assert await hass.config_entries.async_set_disabled_by(entry.entry_id, ConfigEntryDisabler.USER)
    await hass.async_block_till_done()
    assert open_issues(hass) == []


async def test_a_removed_entry_takes_its_link_issue_along(
    hass: HomeAssistant, mega: ThermiaSimulator, no_backoff: None
) -> None:
    config = tcp_config(mega, "mega")
    await mega.stop()
    entry = await setup_entry(hass, config)
    await later(hass, HOUR)
    assert open_issues(hass) == [f"link_down_{entry.entry_id}"]
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert open_issues(hass) == []
