"""Shared fixtures: Home Assistant with custom integrations, and a simulated pump."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from unittest.mock import PropertyMock, patch

from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity import Entity
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.nordic_heatpump.const import DOMAIN, ENTRY_VERSION
from custom_components.nordic_heatpump.pumps.thermia import connection as thermia_connection

from .fault_matrix import write_table
from .simulators.husdata import HusdataSimulator
from .simulators.rego import RegoSimulator
from .simulators.thermia import ThermiaSimulator, fixture_path


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> Iterator[None]:
    """Let Home Assistant load the integration from custom_components/."""
    return


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Simulators listen on 127.0.0.1; the test plugin blocks sockets unless enabled."""


@pytest.fixture(autouse=True)
def short_timeouts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A silent simulator should fail a test in a fraction of a second, not 3 s.

    A test that requests `production_timeouts` keeps the real ones.
    """
    if "production_timeouts" in request.fixturenames:
        return
    monkeypatch.setattr(thermia_connection, "REQUEST_TIMEOUT", 0.3)
    monkeypatch.setattr(thermia_connection, "REQUEST_RETRIES", 0)


@pytest.fixture
def production_timeouts() -> None:
    """Opt out of `short_timeouts`: the timeouts and retries a user gets."""


@pytest.fixture
async def mega() -> AsyncIterator[ThermiaSimulator]:
    """A Thermia Genesis Mega on Modbus TCP."""
    sim = ThermiaSimulator.from_fixture(fixture_path("mega"))
    await sim.start_tcp()
    yield sim
    await sim.stop()


@pytest.fixture
async def inverter() -> AsyncIterator[ThermiaSimulator]:
    """A Thermia Genesis inverter-family pump (Atlas/Calibra/Diplomat) on Modbus TCP."""
    sim = ThermiaSimulator.from_fixture(fixture_path("inverter"))
    await sim.start_tcp()
    yield sim
    await sim.stop()


@pytest.fixture
async def rego() -> AsyncIterator[RegoSimulator]:
    """A Rego 600 (600-635/637 layout) behind a TCP bridge, or wired to an ESPHome UART."""
    async with RegoSimulator("600") as sim:
        await sim.start_tcp()
        yield sim


@pytest.fixture
async def h1() -> AsyncIterator[HusdataSimulator]:
    """An H1 on a Rego 600, behind a TCP bridge."""
    async with HusdataSimulator() as sim:
        await sim.start_tcp()
        yield sim


def tcp_config(sim: ThermiaSimulator, model: str) -> dict[str, Any]:
    """Config entry data for a simulator listening on Modbus TCP."""
    host, port = sim.tcp_address
    return {
        "family": "thermia",
        "model": model,
        "transport": "tcp",
        "host": host,
        "port": port,
        "unit_id": 1,
    }


def rtu_config(path: str, model: str, unit_id: int = 1) -> dict[str, Any]:
    """Config entry data for a simulator serving Modbus RTU on a pseudo-terminal."""
    return {
        "family": "thermia",
        "model": model,
        "transport": "rtu",
        "device": path,
        "baudrate": 19200,
        "parity": "even",
        "stopbits": 1,
        "unit_id": unit_id,
    }


def make_entry(config: dict[str, Any], options: dict[str, Any] | None = None) -> MockConfigEntry:
    """A config entry as the flow creates it today (no unique id: the pump has no identity)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Thermia Genesis test pump",
        data=config,
        options=options or {},
        version=ENTRY_VERSION,
    )


async def setup_entry(
    hass: HomeAssistant, config: dict[str, Any], options: dict[str, Any] | None = None
) -> MockConfigEntry:
    """Add an entry and set it up for real against whatever `config` points at."""
    entry = make_entry(config, options)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def entity_id_of(hass: HomeAssistant, entry: MockConfigEntry, platform: str, key: str) -> str:
    """The entity id of a channel's entity, found by its unique id."""
    entity_id = er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{entry.entry_id}-{key}")
    assert entity_id is not None, f"no {platform} entity for {key}"
    return entity_id


def state_of(hass: HomeAssistant, entry: MockConfigEntry, platform: str, key: str) -> State:
    """The current state of a channel's entity."""
    state = hass.states.get(entity_id_of(hass, entry, platform, key))
    assert state is not None, f"{platform} {key} has no state (disabled?)"
    return state


@pytest.fixture
def all_entities_enabled() -> Iterator[None]:
    """Create every entity enabled, including those disabled by default."""
    with patch.object(
        Entity, "entity_registry_enabled_default", return_value=True, new_callable=PropertyMock
    ):
        yield


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the fault matrix's table, if it ran."""
    write_table(terminalreporter)
