"""The RTU framer the Thermia client uses: a reply found behind noise, each start tried once."""

from __future__ import annotations

from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.framer import FramerRTU, FramerType
from pymodbus.pdu import DecodePDU
from pymodbus.pdu.register_message import ReadInputRegistersResponse
import pytest

from custom_components.nordic_heatpump.pumps.thermia.rtu_framer import (
    LinearFramerRTU,
    use_linear_framer,
)

NOISE = b"\x00\xff\x55\xaa\x7e\x13\x37"


def reply_frame(count: int = 125) -> bytes:
    """A read-input-registers reply of unit 1, framed for RTU."""
    pdu = ReadInputRegistersResponse(registers=list(range(count)), dev_id=1)
    return FramerRTU(DecodePDU(False)).buildFrame(pdu)


def framer() -> LinearFramerRTU:
    return LinearFramerRTU(DecodePDU(False))


@pytest.mark.parametrize("before", [b"", NOISE, b"\x01\x04\xfa"])
def test_a_reply_is_found_behind_noise(before: bytes) -> None:
    data = before + reply_frame() + b"\x99"
    used, pdu = framer().handleFrame(data, 1, 0)
    assert used == len(data)  # the noise around the frame goes with it
    assert isinstance(pdu, ReadInputRegistersResponse)
    assert pdu.registers == list(range(125))


def test_a_wrong_crc_yields_nothing() -> None:
    frame = reply_frame(10)
    spoilt = frame[:-1] + bytes([frame[-1] ^ 1])
    assert framer().handleFrame(spoilt, 1, 0) == (0, None)


def test_half_a_frame_waits_for_the_rest() -> None:
    frame = reply_frame(10)
    assert framer().handleFrame(NOISE + frame[:12], 1, 0) == (0, None)
    used, pdu = framer().handleFrame(NOISE + frame, 1, 0)
    assert used == len(NOISE + frame)
    assert pdu is not None


def test_each_start_is_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    checks: list[int] = []
    original = FramerRTU.check_CRC.__func__  # type: ignore[attr-defined]

    def counted(cls: type[FramerRTU], data: bytes, check: int) -> bool:
        checks.append(len(data))
        return bool(original(cls, data, check))

    monkeypatch.setattr(FramerRTU, "check_CRC", classmethod(counted))
    frame = reply_frame()
    # Two false starts that look like replies of unit 1 (01 04 <count>), then the reply.
    data = b"\x01\x04\x02" + b"\x01\x04\x04" + frame
    used, pdu = framer().handleFrame(data, 1, 0)
    assert pdu is not None
    assert used == len(data)
    assert len(checks) <= 7  # at most once for each of the six noise bytes and the frame
    assert checks[-1] == len(frame) - 2
    ours = sum(checks)
    assert ours < 2 * len(data)
    checks.clear()
    FramerRTU(DecodePDU(False)).handleFrame(data, 1, 0)
    assert sum(checks) > 20 * ours  # pymodbus's own: each start at every length


def test_a_frame_for_another_unit_is_dropped_on_a_multidrop_line() -> None:
    ours = framer()
    ours.setMultidrop([2])
    data = reply_frame(4)  # unit 1's
    assert ours.handleFrame(data, 0, 0) == (len(data), None)


async def test_the_rtu_clients_of_this_pymodbus_take_it() -> None:
    # Fails when a pymodbus upgrade moves the framer: the link would still work, only slower.
    bridge = AsyncModbusTcpClient("127.0.0.1", port=1, framer=FramerType.RTU)
    serial = AsyncModbusSerialClient("/dev/null", framer=FramerType.RTU)
    for client in (bridge, serial):
        assert use_linear_framer(client)
        assert isinstance(client.ctx.framer, LinearFramerRTU)


async def test_a_client_without_the_framer_where_expected_keeps_its_own() -> None:
    tcp = AsyncModbusTcpClient("127.0.0.1", port=1)  # Modbus TCP: a socket framer
    framer_before = tcp.ctx.framer
    assert not use_linear_framer(tcp)
    assert tcp.ctx.framer is framer_before
    assert not use_linear_framer(object())
