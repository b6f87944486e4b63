"""The H1 id table against the simulator's fixture, both written from the reference.

tests/fixtures/husdata.json gives each id the openHAB channel it backs and, in its note,
the value its raw word stands for ("30.5 C", "on", "12345 pulses"). Every such id must be
a row of ids.csv for the same channel, and the row's codec must turn the raw word into
that value. Where the sources dispute a scale (types 2, 8, 9) the note gives the table's
reading first and may add the other ("2.0 (/10) or 20 (unscaled, ...)"): the scale option
of that id must give the other. No id disagrees today. The fixture is read as data here;
nothing of the simulator is imported.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

from custom_components.nordic_heatpump.pumps.husdata.ids import (
    PULSES_PER_KWH,
    ROWS,
    SCALE_DISPUTED,
    channels_for,
    scale_option,
)
from custom_components.nordic_heatpump.pumps.model import Kind

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "husdata.json"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_UNSCALED = re.compile(r" or (-?\d+) \(unscaled")


def _fixture_ids() -> dict[int, dict[str, Any]]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {int(key, 16): spec for key, spec in data["ids"].items()}


def _stated(note: str) -> float | bool | None:
    """The value a note gives: a leading number, on/off, or "no sensor"."""
    if note in {"on", "off"}:
        return note == "on"
    if note.startswith("no sensor"):
        return None
    number = _NUMBER.match(note)
    assert number is not None, f"note {note!r} states no value"
    return float(number.group())


def _decoded(
    id_: int, raw: int, note: str, options: dict[str, Any] | None = None
) -> float | bool | None:
    """What the table's channel for `id_` makes of `raw`, in the note's terms."""
    # A pulse count is noted in pulses: read it with one pulse per kWh.
    if "pulses" in note:
        options = {**(options or {}), PULSES_PER_KWH: 1}
    channel = next(c for c in channels_for(options).values() if c.where == id_)
    value = channel.codec.decode([raw])
    if channel.kind is Kind.FLAG:
        return bool(value)
    return None if value is None else float(value)


def test_every_id_with_a_channel_is_a_row_for_that_channel() -> None:
    named = {id_: spec["channel"] for id_, spec in _fixture_ids().items() if spec["channel"]}
    tabled = {row.id: row.openhab for row in ROWS if row.id in named}
    assert tabled == named


def test_the_table_decodes_each_raw_word_to_the_value_of_its_note() -> None:
    by_id = {row.id for row in ROWS}
    compared: dict[int, tuple[float | bool | None, float | bool | None]] = {}
    for id_, spec in _fixture_ids().items():
        if id_ not in by_id:
            continue
        raw = int(spec["raw"], 16)
        compared[id_] = (_decoded(id_, raw, spec["note"]), _stated(spec["note"]))
    assert {id_: pair for id_, pair in compared.items() if pair[0] != pair[1]} == {}
    # Every id of the table in the fixture was compared, channel or not.
    assert sorted(compared) == sorted(set(_fixture_ids()) & by_id)


def test_the_other_reading_of_a_disputed_scale_is_its_option() -> None:
    others = {
        id_: float(match.group(1))
        for id_, spec in _fixture_ids().items()
        if (match := _UNSCALED.search(spec["note"]))
    }
    assert set(others) <= set(SCALE_DISPUTED)
    read = {
        id_: _decoded(id_, int(_fixture_ids()[id_]["raw"], 16), "", {scale_option(id_): 1})
        for id_ in others
    }
    assert read == others
    assert others == {0x2204: 20.0}


def test_the_ids_the_table_lacks_are_the_ones_nobody_maps() -> None:
    by_id = {row.id for row in ROWS}
    assert [id_ for id_ in _fixture_ids() if id_ not in by_id] == [0x6F56]
