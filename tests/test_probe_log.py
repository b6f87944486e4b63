"""A wrong address typed during set-up: the error shows in the dialog, not in the log.

pymodbus logs a refused or silent connection at ERROR; during a probe that is the user's
typo, answered in the form, so nothing at ERROR or above may reach Home Assistant's log.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import logging
import socket
from typing import Any

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.nordic_heatpump.const import DOMAIN
from custom_components.nordic_heatpump.pumps.thermia.pymodbus_log import PYMODBUS_LOGGER, our_link

from .simulators.thermia_pty import PtyNullModem

SERIAL_LINE = {"baudrate": "19200", "parity": "even", "stopbits": "1", "unit_id": 1}


def _refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def mute_port() -> AsyncIterator[int]:
    """A TCP port that accepts and never answers."""

    async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await reader.read(256):
            pass
        writer.close()

    server = await asyncio.start_server(mute, "127.0.0.1", 0)
    yield int(server.sockets[0].getsockname()[1])
    server.close()
    await server.wait_closed()


@pytest.fixture
async def mute_serial_port() -> AsyncIterator[str]:
    """A serial line nobody answers on."""
    modem = PtyNullModem()
    yield modem.client_path
    modem.close()


async def _probe(hass: HomeAssistant, transport: str, answer: dict[str, Any]) -> dict[str, str]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    flow_id = result["flow_id"]
    await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "thermia"})
    await hass.config_entries.flow.async_configure(flow_id, {"model": "mega"})
    await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": transport})
    result = await hass.config_entries.flow.async_configure(flow_id, answer)
    assert result["type"] is FlowResultType.FORM
    hass.config_entries.flow.async_abort(flow_id)
    return dict(result["errors"] or {})


def _told_in_the_log(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Errors from anyone, and pymodbus's warnings (a refused connect is one)."""
    return [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.records
        if record.levelno >= logging.ERROR
        or (record.name.startswith("pymodbus") and record.levelno >= logging.WARNING)
    ]


@pytest.mark.parametrize("transport", ["tcp", "rtu_over_tcp"])
async def test_a_wrong_network_address_is_told_in_the_form_only(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    production_timeouts: None,
    mute_port: int,
    transport: str,
) -> None:
    caplog.set_level(logging.INFO)
    refused = {"host": "127.0.0.1", "port": _refused_port(), "unit_id": 1}
    assert await _probe(hass, transport, refused) == {"base": "cannot_connect"}
    mute = {"host": "127.0.0.1", "port": mute_port, "unit_id": 1}
    silent = "timeout" if transport == "tcp" else "no_answer"
    assert await _probe(hass, transport, mute) == {"base": silent}
    assert _told_in_the_log(caplog) == []


async def test_a_wrong_serial_port_is_told_in_the_form_only(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    production_timeouts: None,
    mute_serial_port: str,
) -> None:
    caplog.set_level(logging.INFO)
    missing = {"device": "/dev/does-not-exist", **SERIAL_LINE}
    assert await _probe(hass, "rtu", missing) == {"base": "cannot_connect"}
    assert await _probe(hass, "rtu", {"device": mute_serial_port, **SERIAL_LINE}) == {
        "base": "no_answer"
    }
    assert _told_in_the_log(caplog) == []


async def test_pymodbus_debug_logging_still_shows_them(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pymodbus")
    refused = {"host": "127.0.0.1", "port": _refused_port(), "unit_id": 1}
    assert await _probe(hass, "tcp", refused) == {"base": "cannot_connect"}
    warnings = [
        r for r in caplog.records if r.name.startswith("pymodbus") and r.levelno >= logging.WARNING
    ]
    assert [r.getMessage().startswith("Failed to connect") for r in warnings] == [True]


def test_other_users_of_pymodbus_keep_their_log(caplog: pytest.LogCaptureFixture) -> None:
    with our_link():
        PYMODBUS_LOGGER.error("ours")
    PYMODBUS_LOGGER.error("someone else's")
    assert [record.getMessage() for record in caplog.records] == ["someone else's"]
