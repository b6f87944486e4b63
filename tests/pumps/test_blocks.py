"""Grouping channels into reads that stay inside the ranges pumps answer."""

from __future__ import annotations

from custom_components.nordic_heatpump.pumps.model import Channel, Codec, Kind
from custom_components.nordic_heatpump.pumps.thermia.blocks import (
    make_block,
    plan_blocks,
    punch_holes,
)
from custom_components.nordic_heatpump.pumps.thermia.register import (
    ModbusChannel,
    Register,
    Space,
)

RANGES = {Space.INPUT: [(0, 100), (100, 174)], Space.DISCRETE_INPUT: [(0, 3), (9, 83)]}


def _input(address: int, words: int = 1) -> ModbusChannel:
    codec = Codec(words=2) if words == 2 else Codec()
    return Channel(f"i{address}", Kind.MEASUREMENT, Register(Space.INPUT, address, words), codec)


def _flag(address: int) -> ModbusChannel:
    return Channel(f"d{address}", Kind.FLAG, Register(Space.DISCRETE_INPUT, address))


def _spans(blocks: list) -> list[tuple[str, int, int]]:
    return [(str(block.space), block.start, block.count) for block in blocks]


def test_contiguous_channels_share_one_read_across_gaps_inside_a_range() -> None:
    blocks = plan_blocks([_input(1), _input(5), _input(12)], RANGES, 16)
    assert _spans(blocks) == [("input", 1, 12)]


def test_block_never_exceeds_the_maximum() -> None:
    blocks = plan_blocks([_input(a) for a in range(40)], RANGES, 16)
    assert [b.count for b in blocks] == [16, 16, 8]
    assert all(b.count <= 16 for b in blocks)


def test_block_never_crosses_a_range_boundary() -> None:
    blocks = plan_blocks([_input(99), _input(101)], RANGES, 125)
    assert _spans(blocks) == [("input", 99, 1), ("input", 101, 1)]


def test_channel_outside_every_range_is_read_alone() -> None:
    blocks = plan_blocks([_input(311), _input(312), _input(313)], RANGES, 125)
    assert _spans(blocks) == [("input", 311, 1), ("input", 312, 1), ("input", 313, 1)]


def test_two_word_channel_counts_both_words() -> None:
    blocks = plan_blocks([_input(48, words=2), _input(50, words=2)], RANGES, 4)
    assert _spans(blocks) == [("input", 48, 4)]
    assert _spans(plan_blocks([_input(48, words=2), _input(50, words=2)], RANGES, 3)) == [
        ("input", 48, 2),
        ("input", 50, 2),
    ]


def test_spaces_are_planned_separately() -> None:
    blocks = plan_blocks([_flag(0), _flag(2), _flag(9), _input(0)], RANGES, 16)
    assert _spans(blocks) == [("discrete_input", 0, 3), ("discrete_input", 9, 1), ("input", 0, 1)]


def test_halves_split_by_channel() -> None:
    block = make_block([_input(1), _input(5), _input(12)])
    first, second = block.halves()
    assert _spans([first, second]) == [("input", 1, 1), ("input", 5, 8)]


def test_rejected_register_becomes_a_barrier() -> None:
    ranges = punch_holes(RANGES, [_input(13), _input(48, words=2)])
    assert ranges[Space.INPUT] == [(0, 12), (14, 47), (50, 100), (100, 174)]
    blocks = plan_blocks([_input(9), _input(15), _input(47), _input(50)], ranges, 125)
    assert _spans(blocks) == [("input", 9, 1), ("input", 15, 33), ("input", 50, 1)]
    # A hole at the edge of a range, or in another space, leaves the rest alone.
    assert punch_holes(RANGES, [_input(0)])[Space.INPUT] == [(1, 100), (100, 174)]
    assert punch_holes(RANGES, [_flag(2)])[Space.INPUT] == [(0, 100), (100, 174)]
