"""Rego 6xx frames byte for byte, against the reference's test vectors and worked examples.

The golden bytes below are copied from the reference (part A.3, A.4, A.9), not computed
with the code under test; the round-trip tests then walk every 16-bit value and every
single-byte corruption of a reply.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from custom_components.nordic_heatpump.pumps.rego.frames import (
    LONG_LENGTH,
    REPLY_LENGTHS,
    Command,
    ErrorLogEntry,
    FrameError,
    checksum,
    decode_error_entry,
    decode_text,
    encode_request,
    pack_word,
    parse_ack,
    parse_long,
    parse_value,
    signed,
    unpack_word,
)


def _hex(text: str) -> bytes:
    return bytes.fromhex(text)


# -- requests (A.3) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "address", "value", "wire"),
    [
        (Command.READ_VERSION, 0, 0, "81 7F 00 00 00 00 00 00 00"),
        (Command.READ_REGISTER, 0x020D, 0, "81 02 00 04 0D 00 00 00 09"),
        (Command.READ_REGISTER, 0x0209, 0, "81 02 00 04 09 00 00 00 0D"),
        (Command.READ_PANEL, 0x0012, 0, "81 00 00 00 12 00 00 00 12"),
        (Command.WRITE_REGISTER, 0x020D, 12, "81 03 00 04 0D 00 00 0C 05"),
        (Command.WRITE_REGISTER, 0x0000, 27, "81 03 00 00 00 00 00 1B 1B"),
        (Command.READ_LAST_ERROR, 0, 0, "81 40 00 00 00 00 00 00 00"),
        (Command.READ_DISPLAY, 3, 0, "81 20 00 00 03 00 00 00 03"),
    ],
)
def test_request_test_vectors(command: int, address: int, value: int, wire: str) -> None:
    assert encode_request(command, address, value) == _hex(wire)


def test_a_negative_value_is_sent_as_twos_complement() -> None:
    # -25 packs to 03 7F 67 (A.3); the checksum covers the address and the value.
    assert pack_word(-25) == _hex("03 7F 67")
    assert encode_request(Command.WRITE_REGISTER, 0x0001, -25) == _hex("81 03 00 00 01 03 7F 67 1A")


def test_the_wheel_turns_left_with_minus_one() -> None:
    # A.5: writing 03 7F 7F (-1) turns the wheel left.
    assert pack_word(-1) == _hex("03 7F 7F")
    assert pack_word(0xFFFF) == _hex("03 7F 7F")
    assert pack_word(1) == _hex("00 00 01")


@pytest.mark.parametrize(
    ("command", "address", "value"),
    [
        (0x80, 0, 0),
        (-1, 0, 0),
        (0x02, 0x10000, 0),
        (0x02, -1, 0),
        (0x03, 0, 0x10000),
        (0x03, 0, -32769),
    ],
)
def test_requests_that_cannot_be_sent(command: int, address: int, value: int) -> None:
    with pytest.raises(ValueError, match=r"7-bit|16-bit|16 bits"):
        encode_request(command, address, value)


def test_every_request_byte_after_the_address_is_seven_bits() -> None:
    for value in (-32768, -483, -1, 0, 1, 600, 32767, 65535):
        frame = encode_request(Command.WRITE_REGISTER, 0xFFFF, value)
        assert len(frame) == 9
        assert all(byte <= 0x7F for byte in frame[1:])
        assert frame[8] == checksum(frame[2:8])


# -- short replies (A.4) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "word", "value"),
    [
        ("01 00 04 58 5C", 600, 600),  # the version
        ("01 00 02 25 27", 293, 293),  # 29.3 °C
        ("01 03 7F 5A 26", 0xFFDA, -38),  # -3.8 °C
        ("01 03 7C 1D 62", 0xFE1D, -483),  # "sensor absent"
        ("01 03 7F 77 0B", 0xFFF7, -9),
    ],
)
def test_short_reply_worked_examples(wire: str, word: int, value: int) -> None:
    assert parse_value(_hex(wire)) == word
    assert signed(parse_value(_hex(wire))) == value


def test_hour_counters_above_32767_stay_positive() -> None:
    # 33595 h, the value crnjan's uint16 fix was tested with (A.4): unsigned, not -31941.
    wire = b"\x01" + pack_word(33595)
    wire += bytes((checksum(wire[1:]),))
    assert wire == _hex("01 02 06 3B 3F")
    assert parse_value(wire) == 33595
    assert signed(parse_value(wire)) == -31941


@pytest.mark.parametrize(
    ("wire", "problem"),
    [
        ("", "5-byte reply, got 0"),
        ("01 00 04 58", "5-byte reply, got 4"),
        ("01 00 04 58 5C 00", "5-byte reply, got 6"),
        ("02 00 04 58 5C", "starts with 01, not 02"),
        ("0C 00 04 58 5C", "starts with 01, not 0c"),
        ("01 00 04 58 5D", "bad checksum"),
        ("01 04 00 00 04", "not a packed 16-bit value"),  # bit 16: checksum right, value not
        ("01 00 80 00 80", "not a packed 16-bit value"),
    ],
)
def test_bad_short_replies_are_errors_not_values(wire: str, problem: str) -> None:
    with pytest.raises(FrameError, match=problem):
        parse_value(_hex(wire))


def test_write_acknowledgement() -> None:
    parse_ack(_hex("01"))
    with pytest.raises(FrameError, match="1-byte reply, got 0"):
        parse_ack(b"")
    with pytest.raises(FrameError, match="1-byte reply, got 5"):
        parse_ack(_hex("01 00 04 58 5C"))
    with pytest.raises(FrameError, match="starts with 01, not 00"):
        parse_ack(_hex("00"))


def test_reply_lengths_by_command() -> None:
    assert REPLY_LENGTHS == {
        Command.READ_PANEL: 5,
        Command.READ_REGISTER: 5,
        Command.WRITE_REGISTER: 1,
        Command.READ_DISPLAY: 42,
        Command.READ_LAST_ERROR: 42,
        Command.READ_PREVIOUS_ERROR: 42,
        Command.READ_VERSION: 5,
    }


# -- long replies and the error log (A.4, A.9) ------------------------------------------

ERROR_11 = _hex(
    "01"
    " 00 0B"  # code 11, "Electrical cassette"
    " 03 02 03 05 03 00 03 01 03 02 03 08"  # 250128
    " 02 00"  # separator
    " 03 00 03 05 03 0A 03 01 03 01 03 0A 03 05 03 02"  # 05:11:52
    " 00 00 00 00 00 00 00 00"  # unused
    " 07"  # XOR of bytes 1-40
)
NO_ERROR = _hex("01 FF" + " 00" * 39 + " FF")


def test_error_log_worked_example() -> None:
    assert len(ERROR_11) == LONG_LENGTH
    assert decode_error_entry(parse_long(ERROR_11)) == ErrorLogEntry(
        11,
        datetime(2025, 1, 28, 5, 11, 52),  # noqa: DTZ001
    )


def test_an_empty_error_log_is_none() -> None:
    assert decode_error_entry(parse_long(NO_ERROR)) is None


def test_error_log_year_is_2000_plus_yy() -> None:
    payload = bytearray(parse_long(ERROR_11))
    payload[0:2] = b"\x01\x04"  # code 20
    for index, char in enumerate(b"991231 23:59:59"):
        payload[2 + 2 * index : 4 + 2 * index] = bytes((char >> 4, char & 0x0F))
    assert decode_error_entry(bytes(payload)) == ErrorLogEntry(
        20,
        datetime(2099, 12, 31, 23, 59, 59),  # noqa: DTZ001
    )


@pytest.mark.parametrize(
    ("stamp", "problem"),
    [
        (b"250230 05:11:52", "not a date"),  # 30 February
        (b"251328 05:11:52", "not a date"),
        (b"250128 25:11:52", "not a date"),
        (b"2501x8 05:11:52", "not YYMMDD HH:MM:SS"),
        (b"250128 05:1 :52", "not YYMMDD HH:MM:SS"),
        (b"       05:11:52", "not YYMMDD HH:MM:SS"),
    ],
)
def test_an_unparsable_error_time_is_an_error(stamp: bytes, problem: str) -> None:
    payload = bytearray(parse_long(ERROR_11))
    for index, char in enumerate(stamp):
        payload[2 + 2 * index : 4 + 2 * index] = bytes((char >> 4, char & 0x0F))
    with pytest.raises(FrameError, match=problem):
        decode_error_entry(bytes(payload))


def test_error_log_code_must_be_nibbles() -> None:
    payload = bytearray(parse_long(ERROR_11))
    payload[1] = 0x1B
    with pytest.raises(FrameError, match="not nibbles"):
        decode_error_entry(bytes(payload))


def test_error_log_payload_length() -> None:
    with pytest.raises(FrameError, match="40 bytes, not 39"):
        decode_error_entry(parse_long(ERROR_11)[:-1])


def test_long_reply_checks() -> None:
    with pytest.raises(FrameError, match="42-byte reply, got 41"):
        parse_long(ERROR_11[:-1])
    with pytest.raises(FrameError, match="starts with 01, not 81"):
        parse_long(b"\x81" + ERROR_11[1:])
    with pytest.raises(FrameError, match="bad checksum"):
        parse_long(ERROR_11[:-1] + b"\x06")


def test_display_row_text() -> None:
    row = "Indoor temp   21.5 C"
    payload = b"".join(bytes((ord(c) >> 4, ord(c) & 0x0F)) for c in row)
    wire = b"\x01" + payload + bytes((checksum(payload),))
    assert decode_text(parse_long(wire)) == row
    assert decode_text(_hex("03 02 03 05")) == "25"
    with pytest.raises(FrameError, match="whole characters"):
        decode_text(_hex("03 02 03"))


# -- round trips and corruption ---------------------------------------------------------


def test_every_16_bit_value_packs_and_unpacks() -> None:
    for word in range(1 << 16):
        packed = pack_word(word)
        assert packed[0] <= 0x03
        assert packed[1] <= 0x7F
        assert packed[2] <= 0x7F
        assert unpack_word(packed) == word
        as_signed = word - 0x10000 if word >= 0x8000 else word
        assert pack_word(as_signed) == packed
        assert signed(word) == as_signed
        reply = b"\x01" + packed + bytes((checksum(packed),))
        assert parse_value(reply) == word


def test_unpack_wants_three_bytes() -> None:
    with pytest.raises(FrameError, match="3 bytes, not 2"):
        unpack_word(b"\x00\x01")


def _corruptions(reply: bytes):
    for index in range(len(reply)):
        for byte in range(256):
            if byte != reply[index]:
                yield reply[:index] + bytes((byte,)) + reply[index + 1 :]


@pytest.mark.parametrize(
    "wire", ["01 00 04 58 5C", "01 00 02 25 27", "01 03 7C 1D 62", "01 03 7F 77 0B"]
)
def test_every_single_byte_corruption_of_a_value_reply_is_caught(wire: str) -> None:
    for corrupt in _corruptions(_hex(wire)):
        with pytest.raises(FrameError):
            parse_value(corrupt)


@pytest.mark.parametrize("reply", [ERROR_11, NO_ERROR])
def test_every_single_byte_corruption_of_a_long_reply_is_caught(reply: bytes) -> None:
    for corrupt in _corruptions(reply):
        with pytest.raises(FrameError):
            parse_long(corrupt)


def test_every_single_byte_corruption_of_an_ack_is_caught() -> None:
    for corrupt in _corruptions(_hex("01")):
        with pytest.raises(FrameError):
            parse_ack(corrupt)


def test_every_truncation_of_a_reply_is_caught() -> None:
    for length in range(len(ERROR_11)):
        with pytest.raises(FrameError):
            parse_long(ERROR_11[:length])
    for length in range(5):
        with pytest.raises(FrameError):
            parse_value(_hex("01 00 04 58 5C")[:length])
