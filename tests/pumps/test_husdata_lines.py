"""The H1 line parser: every line kind, raw words as sent, and no text that makes it raise.

Lines are written here from the reference (part B.3/B.4), not taken from the simulator.
"""

from __future__ import annotations

import random
import string

import pytest

from custom_components.nordic_heatpump.pumps.husdata.lines import (
    CONTROLLERS,
    Listed,
    ListEnd,
    Reading,
    Status,
    Version,
    parse,
    request,
)


@pytest.mark.parametrize(
    ("line", "reading"),
    [
        # One id of every type digit 0..A, with the word exactly as the interface sends it.
        ("XR00070123", Reading(0x0007, 0x0123)),  # degrees: 29.1 once scaled
        ("XR0008FDF3", Reading(0x0008, 0xFDF3)),  # a negative temperature stays unsigned here
        ("XR1A010001", Reading(0x1A01, 0x0001)),  # switch
        ("XR22040005", Reading(0x2204, 0x0005)),  # number
        ("XR310403E8", Reading(0x3104, 0x03E8)),  # percent
        ("XR4001002A", Reading(0x4001, 0x002A)),  # ampere
        ("XR5A0AFFFF", Reading(0x5A0A, 0xFFFF)),  # kWh
        ("XR6F561046", Reading(0x6F56, 0x1046)),  # hours (the id from openHAB issue #4319)
        ("XR7012FFFE", Reading(0x7012, 0xFFFE)),  # minutes above 32767: the codec decides
        ("XR80018000", Reading(0x8001, 0x8000)),  # degree minutes; 0x8000 "no sensor"
        ("XR90140019", Reading(0x9014, 0x0019)),  # kW
        ("XRAFF1DEAD", Reading(0xAFF1, 0xDEAD)),  # pulses, upper-case hex
        ("XRaff1dead", Reading(0xAFF1, 0xDEAD)),  # lower-case hex
        ("XRaFf1DeAd", Reading(0xAFF1, 0xDEAD)),  # mixed case
        ("XR00000000", Reading(0x0000, 0x0000)),
        ("XRFFFFFFFF", Reading(0xFFFF, 0xFFFF)),
        ("  XR00070123 ", Reading(0x0007, 0x0123)),  # surrounding whitespace is not the line
    ],
)
def test_a_reading_keeps_id_and_raw_word_as_sent(line: str, reading: Reading) -> None:
    assert parse(line) == reading


@pytest.mark.parametrize(
    "line",
    [
        "XR0007012",  # 9 characters: cut
        "XR000701234",  # 11 characters: a longer (verbose) line is no reading
        "XR0007",
        "XR",
        "XR0007012G",  # not hex
        "XR0007+123",  # int(…, 16) would take a sign
        "XR-0070123",
        "XR0x070123",  # … a prefix
        "XR0_070123",  # … an underscore
        "XR0007 123",  # … or a space inside
        "XR00070\uff1123",  # … or a full-width digit
        "xr00070123",  # commands are capital letters
        "Xr00070123",
        "YR00070123",
        "XR0007\x000123",
        "XR0007XR00080123",  # a cut line run into the next
    ],
)
def test_anything_but_ten_hex_characters_after_xr_is_no_reading(line: str) -> None:
    assert parse(line) is None


def test_terminators_are_split_off_by_the_reader_the_parser_only_strips_whitespace() -> None:
    # A CR or LF left on a line is surrounding whitespace; one inside is not a line.
    assert parse("XR00070123\r") == Reading(0x0007, 0x0123)
    assert parse("\nXR00070123\r\n") == Reading(0x0007, 0x0123)
    assert parse("XR0007\r0123") is None


@pytest.mark.parametrize(
    ("line", "version"),
    [
        ("XV001.2", Version("00", "1.2")),
        ("XV70 2.05", Version("70", "2.05")),
        ("XV35", Version("35", "")),  # no firmware given
        ("XV50V10", Version("50", "V10")),
    ],
)
def test_a_version_reply_names_controller_code_and_firmware(line: str, version: Version) -> None:
    assert parse(line) == version


@pytest.mark.parametrize("line", ["XV", "XV0", "XV 0", "XV0-", "XVé0", "XV00\x00\xffXR", "XV001.é"])
def test_the_bare_echo_or_a_cut_version_is_no_version(line: str) -> None:
    assert parse(line) is None


def test_every_controller_code_has_its_name() -> None:
    assert CONTROLLERS == {
        "00": "Rego 600",
        "05": "Rego 400",
        "10": "Rego 2000",
        "30": "Rego 1000",
        "35": "Rego 800",
        "40": "NIBE EB100",
        "50": "NIBE Styr 2002",
        "60": "Thermia Diplomat",
        "70": "Thermia Villa",
    }


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        ("XL 0007 GT2 Outdoor", Listed(0x0007, "GT2 Outdoor")),
        ("XL:aff1:Pulses", Listed(0xAFF1, "Pulses")),
        ("XL 1A01", Listed(0x1A01, "")),
        ("XL EOF", ListEnd()),
        # The id straight after XL (the reference's positions counted from 1).
        ("XL0007 GT2 Outdoor", Listed(0x0007, "GT2 Outdoor")),
        ("XLAFF1 Pulses", Listed(0xAFF1, "Pulses")),
        ("XLEOF", ListEnd()),
        ("XL:EOF:", ListEnd()),
    ],
)
def test_list_lines_give_id_and_name_and_the_end(line: str, parsed: Listed | ListEnd) -> None:
    assert parse(line) == parsed


@pytest.mark.parametrize("line", ["XL", "XL 000", "XL 00G7 name", "XL +007 name"])
def test_a_list_line_without_a_hex_id_is_not_understood(line: str) -> None:
    assert parse(line) is None


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("XW020300D2 OK", Status("XW", "020300D2 OK")),
        ("XE Unknown command", Status("XE", "Unknown command")),
        ("XM", Status("XM", "")),
    ],
)
def test_status_error_and_message_lines_keep_their_text(line: str, status: Status) -> None:
    assert parse(line) == status


@pytest.mark.parametrize("line", ["", "   ", "\r", "OK", "X", "XX00070123", "\x00\xff", "ÅÄÖ"])
def test_blank_and_unknown_lines_are_none(line: str) -> None:
    assert parse(line) is None


def test_a_command_is_ascii_ended_by_cr() -> None:
    assert request("XR") == b"XR\r"
    assert request("XV") == b"XV\r"
    assert request("XL") == b"XL\r"


@pytest.mark.parametrize("command", ["XR\r", "X\nR", "XÅ"])
def test_a_command_with_a_terminator_or_non_ascii_is_refused(command: str) -> None:
    with pytest.raises(ValueError, match="not a single ASCII command"):
        request(command)


_ALPHABET = string.printable + "XRVLWEM0123456789abcdefABCDEF \x00\x85\u2028\uff11é\udcff"
_SEEDS = ("", "XR00070123", "XRaff1DEAD", "XV001.2", "XL 0007 Outdoor", "XL EOF", "XE text")


def _mutated(rng: random.Random) -> str:
    """A valid line of some kind with up to three characters replaced, added or taken away."""
    chars = list(rng.choice(_SEEDS))
    for _ in range(rng.randrange(0, 4)):
        at = rng.randrange(0, len(chars) + 1)
        match rng.randrange(3):
            case 0 if at < len(chars):
                chars[at] = rng.choice(_ALPHABET)
            case 1:
                chars.insert(at, rng.choice(_ALPHABET))
            case _:
                del chars[at : at + 1]
    return "".join(chars)


def test_parse_is_total_any_text_gives_a_line_or_none() -> None:
    # A seeded fuzz over near-misses of every line kind and over random text; a parser
    # that raised on any of them would fail here.
    rng = random.Random(8)
    kinds: set[type] = set()
    for _ in range(100_000):
        kinds.add(type(parse(_mutated(rng))))
        random_text = "".join(rng.choices(_ALPHABET, k=rng.randrange(0, 14)))
        assert parse(random_text) is None or random_text.strip()[:1] == "X"
    # Both sides of every branch were reached.
    assert kinds == {type(None), Reading, Version, Listed, ListEnd, Status}
