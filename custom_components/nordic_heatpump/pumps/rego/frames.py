"""Rego 6xx service-port frames: pure encoding and decoding, no I/O.

A request is 9 bytes: the controller's address 0x81, a command, a 16-bit address and a
16-bit value each packed as three 7-bit groups, and the XOR of the six packed bytes. A
reply starts with the host's address 0x01 and is 1 byte (a write's acknowledgement), 5
bytes (a value and its checksum) or 42 bytes (40 nibble bytes and their checksum).
Anything else, a wrong first byte or a checksum that does not match is a `FrameError`:
the bytes on the wire are not the answer asked for, never a value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from functools import reduce
from operator import xor
from typing import Final

DEVICE_ADDRESS: Final = 0x81
"""The first byte of every request: the heat pump."""
HOST_ADDRESS: Final = 0x01
"""The first byte of every reply: us."""

REQUEST_LENGTH: Final = 9
ACK_LENGTH: Final = 1
VALUE_LENGTH: Final = 5
LONG_LENGTH: Final = 42
LONG_PAYLOAD: Final = LONG_LENGTH - 2
"""Nibble bytes in a long reply, between its header and its checksum."""

VERSION: Final = 600
"""What the version command answers on every Rego 6xx, whatever its register layout."""
NO_ERROR: Final = 0xFF
"""The first payload byte of an error-log reply when the log is empty."""

_SEVEN_BITS: Final = 0x7F
_WORD: Final = 0xFFFF
_SIGN: Final = 0x8000
_TOP_GROUP: Final = 0x03
"""The first of three 7-bit groups carries bits 15-14 only."""
_NIBBLE: Final = 0x0F
_TIMESTAMP_CHARS: Final = 15
"""`YYMMDD HH:MM:SS`."""
_TIMESTAMP_FIELDS: Final = ((0, 2), (2, 4), (4, 6), (7, 9), (10, 12), (13, 15))
"""Where year, month, day, hour, minute and second sit in the timestamp; the separators
between them are not read (no implementation checks them)."""
_CENTURY: Final = 2000


class Command(IntEnum):
    """What a request asks (the commands this integration sends or may meet)."""

    READ_PANEL = 0x00
    """A front-panel lamp, button or the wheel."""
    READ_REGISTER = 0x02
    """A system register."""
    WRITE_REGISTER = 0x03
    READ_DISPLAY = 0x20
    """One 20-character row of the display."""
    READ_LAST_ERROR = 0x40
    READ_PREVIOUS_ERROR = 0x42
    READ_VERSION = 0x7F


REPLY_LENGTHS: Final = {
    Command.READ_PANEL: VALUE_LENGTH,
    Command.READ_REGISTER: VALUE_LENGTH,
    Command.WRITE_REGISTER: ACK_LENGTH,
    Command.READ_DISPLAY: LONG_LENGTH,
    Command.READ_LAST_ERROR: LONG_LENGTH,
    Command.READ_PREVIOUS_ERROR: LONG_LENGTH,
    Command.READ_VERSION: VALUE_LENGTH,
}
"""How many bytes the controller answers to each command."""


class FrameError(ValueError):
    """Bytes that are not a well-formed reply: wrong length, header or checksum."""


@dataclass(frozen=True, slots=True)
class ErrorLogEntry:
    """One entry of the controller's error log: what went wrong, and when.

    The time is the controller's local time; it keeps no zone.
    """

    code: int
    at: datetime


def checksum(data: Iterable[int]) -> int:
    """The XOR of the bytes, as both requests and replies carry it."""
    return reduce(xor, data, 0)


def pack_word(value: int) -> bytes:
    """A 16-bit value as three 7-bit groups, most significant first.

    Negative values go as 16-bit two's complement (-25 → 03 7F 67); both signed and
    unsigned 16-bit numbers are accepted.
    """
    if not -_SIGN <= value <= _WORD:
        msg = f"{value} does not fit in 16 bits"
        raise ValueError(msg)
    word = value & _WORD
    return bytes(((word >> 14) & _TOP_GROUP, (word >> 7) & _SEVEN_BITS, word & _SEVEN_BITS))


def unpack_word(data: bytes) -> int:
    """Three 7-bit groups back into the unsigned 16-bit value they carry."""
    if len(data) != len(b"abc"):
        msg = f"a packed value is 3 bytes, not {len(data)}"
        raise FrameError(msg)
    high, middle, low = data
    if high > _TOP_GROUP or middle > _SEVEN_BITS or low > _SEVEN_BITS:
        msg = f"{data.hex(' ')} is not a packed 16-bit value"
        raise FrameError(msg)
    return (high << 14) | (middle << 7) | low


def signed(word: int) -> int:
    """An unsigned 16-bit value read as two's complement."""
    return word - (1 << 16) if word & _SIGN else word


def encode_request(command: int, address: int = 0, value: int = 0) -> bytes:
    """The 9 bytes that ask `command` of `address` (with `value` for a write)."""
    if not 0 <= command <= _SEVEN_BITS:
        msg = f"command {command:#x} is not a 7-bit byte"
        raise ValueError(msg)
    if not 0 <= address <= _WORD:
        msg = f"address {address:#x} is not a 16-bit address"
        raise ValueError(msg)
    body = pack_word(address) + pack_word(value)
    return bytes((DEVICE_ADDRESS, command)) + body + bytes((checksum(body),))


def parse_ack(reply: bytes) -> None:
    """Check a write's acknowledgement: the single byte 0x01."""
    _check_length(reply, ACK_LENGTH)
    _check_header(reply)


def parse_value(reply: bytes) -> int:
    """The unsigned 16-bit value of a 5-byte reply, its header and checksum checked."""
    _check_length(reply, VALUE_LENGTH)
    _check_header(reply)
    _check_checksum(reply)
    return unpack_word(reply[1:4])


def parse_long(reply: bytes) -> bytes:
    """The 40 payload bytes of a 42-byte reply, its header and checksum checked."""
    _check_length(reply, LONG_LENGTH)
    _check_header(reply)
    _check_checksum(reply)
    return reply[1:-1]


def decode_text(payload: bytes) -> str:
    """Characters sent as nibble pairs, high nibble first (a display row, a timestamp)."""
    if len(payload) % 2:
        msg = f"{len(payload)} nibble bytes do not make whole characters"
        raise FrameError(msg)
    if any(byte > _NIBBLE for byte in payload):
        msg = f"{payload.hex(' ')} holds bytes that are not nibbles"
        raise FrameError(msg)
    pairs = zip(payload[::2], payload[1::2], strict=True)
    return "".join(chr((high << 4) | low) for high, low in pairs)


def decode_error_entry(payload: bytes) -> ErrorLogEntry | None:
    """The error-log entry in a long reply's payload; None when the log is empty.

    Payload bytes 0-1 are the code as a nibble pair, bytes 2-31 the time as 15
    characters `YYMMDD HH:MM:SS` (year 2000 + YY); the rest is unused. A time that is
    not one is a `FrameError`, never a guess.
    """
    if len(payload) != LONG_PAYLOAD:
        msg = f"an error-log payload is {LONG_PAYLOAD} bytes, not {len(payload)}"
        raise FrameError(msg)
    if payload[0] == NO_ERROR:
        return None
    code = ord(decode_text(payload[0:2]))
    text = decode_text(payload[2 : 2 + 2 * _TIMESTAMP_CHARS])
    fields = [text[start:end] for start, end in _TIMESTAMP_FIELDS]
    if not all(field.isascii() and field.isdigit() for field in fields):
        msg = f"error-log time {text!r} is not YYMMDD HH:MM:SS"
        raise FrameError(msg)
    year, month, day, hour, minute, second = (int(field) for field in fields)
    try:
        at = datetime(_CENTURY + year, month, day, hour, minute, second)  # noqa: DTZ001
    except ValueError as err:
        msg = f"error-log time {text!r} is not a date"
        raise FrameError(msg) from err
    return ErrorLogEntry(code, at)


def _check_length(reply: bytes, length: int) -> None:
    if len(reply) != length:
        msg = f"expected a {length}-byte reply, got {len(reply)}: {reply.hex(' ')}"
        raise FrameError(msg)


def _check_header(reply: bytes) -> None:
    if reply[0] != HOST_ADDRESS:
        msg = f"a reply starts with {HOST_ADDRESS:02x}, not {reply[0]:02x}: {reply.hex(' ')}"
        raise FrameError(msg)


def _check_checksum(reply: bytes) -> None:
    if checksum(reply[1:-1]) != reply[-1]:
        msg = f"bad checksum in {reply.hex(' ')}"
        raise FrameError(msg)
