"""Grouping channels into reads that stay inside the ranges pumps answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import pytest

from custom_components.nordic_heatpump.pumps.model import Channel, Codec, Kind
from custom_components.nordic_heatpump.pumps.thermia.blocks import (
    Block,
    Ranges,
    Span,
    largest_read,
    make_block,
    pack,
    plan_blocks,
    smaller_read,
    span_of,
)
from custom_components.nordic_heatpump.pumps.thermia.register import (
    ModbusChannel,
    Register,
    Space,
)
from custom_components.nordic_heatpump.pumps.thermia.registers import (
    INVERTER,
    MEGA,
    REGISTER_RANGES,
    channels_for,
)

RANGES = {Space.INPUT: [(0, 100), (100, 174)], Space.DISCRETE_INPUT: [(0, 3), (9, 83)]}


def _input(address: int, words: int = 1) -> ModbusChannel:
    codec = Codec(words=2) if words == 2 else Codec()
    return Channel(f"i{address}", Kind.MEASUREMENT, Register(Space.INPUT, address, words), codec)


def _flag(address: int) -> ModbusChannel:
    return Channel(f"d{address}", Kind.FLAG, Register(Space.DISCRETE_INPUT, address))


def _spans(blocks: list[Block]) -> list[tuple[str, int, int]]:
    return [(str(block.space), block.start, block.count) for block in blocks]


def _plan(
    channels: list[ModbusChannel],
    ranges: Ranges,
    size_of: Callable[[Span], int],
    barriers: Sequence[ModbusChannel] = (),
) -> list[Block]:
    return list(plan_blocks(channels, ranges, size_of, barriers))


def _size(size: int) -> Callable[[Span], int]:
    return lambda _span: size


def test_contiguous_channels_share_one_read_across_gaps_inside_a_range() -> None:
    blocks = _plan([_input(1), _input(5), _input(12)], RANGES, _size(16))
    assert _spans(blocks) == [("input", 1, 12)]
    assert blocks[0].span == Span(Space.INPUT, 0, 100)


def test_block_never_exceeds_the_size() -> None:
    blocks = _plan([_input(a) for a in range(40)], RANGES, _size(16))
    assert [b.count for b in blocks] == [16, 16, 8]


def test_a_range_is_read_whole_up_to_the_modbus_limit() -> None:
    channels = [_input(a) for a in range(0, 101, 4)] + [_flag(a) for a in range(9, 84)]
    blocks = _plan(channels, RANGES, _size(125))
    assert _spans(blocks) == [("discrete_input", 9, 75), ("input", 0, 101)]


def test_block_never_crosses_a_range_boundary() -> None:
    blocks = _plan([_input(99), _input(101)], RANGES, _size(125))
    assert _spans(blocks) == [("input", 99, 1), ("input", 101, 1)]


def test_channel_outside_every_range_is_a_range_of_its_own() -> None:
    channels = [_input(311), _input(312), _input(313), _input(315, words=2)]
    blocks = _plan(channels, RANGES, _size(125))
    assert _spans(blocks) == [
        ("input", 311, 1),
        ("input", 312, 1),
        ("input", 313, 1),
        ("input", 315, 2),
    ]
    assert span_of(_input(315, words=2), RANGES) == Span(Space.INPUT, 315, 316)
    assert [str(block.span) for block in blocks] == [
        "input 311-311",
        "input 312-312",
        "input 313-313",
        "input 315-316",
    ]


def test_two_word_channel_counts_both_words() -> None:
    pair = [_input(48, words=2), _input(50, words=2)]
    assert _spans(_plan(pair, RANGES, _size(4))) == [("input", 48, 4)]
    assert _spans(_plan(pair, RANGES, _size(3))) == [("input", 48, 2), ("input", 50, 2)]
    # A channel wider than the size is still read whole: its words belong together.
    assert _spans(_plan(pair, RANGES, _size(1))) == [("input", 48, 2), ("input", 50, 2)]


def test_spaces_are_planned_separately() -> None:
    blocks = _plan([_flag(0), _flag(2), _flag(9), _input(0)], RANGES, _size(16))
    assert _spans(blocks) == [("discrete_input", 0, 3), ("discrete_input", 9, 1), ("input", 0, 1)]


def test_each_range_gets_its_own_size() -> None:
    sizes = {Span(Space.INPUT, 0, 100): 4}
    channels = [_input(a) for a in (1, 2, 3, 4, 5, 101, 102, 103, 104, 105)]
    blocks = _plan(channels, RANGES, lambda span: sizes.get(span, 125))
    assert _spans(blocks) == [("input", 1, 4), ("input", 5, 1), ("input", 101, 5)]


def test_rejected_register_becomes_a_barrier() -> None:
    channels = [_input(9), _input(15), _input(47), _input(50), _input(52)]
    barriers = [_input(13), _input(48, words=2), _flag(30)]
    blocks = _plan(channels, RANGES, _size(125), barriers)
    assert _spans(blocks) == [("input", 9, 1), ("input", 15, 33), ("input", 50, 3)]
    # A barrier at the start of a block, or in another space, leaves the rest whole.
    blocks = _plan([_input(1), _input(2), _input(3)], RANGES, _size(125), [_input(0)])
    assert _spans(blocks) == [("input", 1, 3)]


def test_pack_uses_as_few_reads_as_the_size_allows() -> None:
    span = Span(Space.INPUT, 0, 100)
    channels = [_input(a) for a in (0, 7, 8, 15, 16, 30)]
    assert _spans(list(pack(span, channels, _size(16)))) == [("input", 0, 16), ("input", 16, 15)]
    assert _spans(list(pack(span, channels, _size(8)))) == [
        ("input", 0, 8),
        ("input", 8, 8),
        ("input", 16, 1),
        ("input", 30, 1),
    ]
    assert all(block.span == span for block in pack(span, channels, _size(8)))
    assert list(pack(span, [], _size(8))) == []


def test_make_block_covers_its_channels() -> None:
    block = make_block([_input(3), _input(7, words=2)])
    assert (block.span, block.start, block.count) == (Span(Space.INPUT, 3, 8), 3, 6)


@pytest.mark.parametrize(
    ("space", "ceiling", "largest"),
    [
        (Space.INPUT, 125, 125),
        (Space.HOLDING, 16, 16),
        (Space.HOLDING, 500, 125),
        (Space.INPUT, 0, 1),
        # Both Modbus limits are a 250-byte answer: 16 bits to a register.
        (Space.COIL, 125, 2000),
        (Space.DISCRETE_INPUT, 16, 256),
        (Space.COIL, 1, 16),
    ],
)
def test_largest_read_follows_the_ceiling_and_the_modbus_limits(
    space: Space, ceiling: int, largest: int
) -> None:
    assert largest_read(space, ceiling) == largest


@pytest.mark.parametrize(
    ("refused", "next_try"),
    [(2000, 1024), (125, 64), (64, 32), (33, 32), (17, 16), (16, 8), (3, 2), (2, 1), (1, 1)],
)
def test_a_refused_read_is_tried_again_at_a_power_of_two_below(refused: int, next_try: int) -> None:
    assert smaller_read(refused) == next_try


@pytest.mark.parametrize(("refused", "next_try"), [(125, 16), (17, 16), (16, 8), (2, 1)])
def test_after_a_timeout_straight_down_to_the_field_proven_size(
    refused: int, next_try: int
) -> None:
    assert smaller_read(refused, timed_out=True) == next_try


@pytest.mark.parametrize(
    ("model", "ranges", "reads"),
    [
        # 11 field ranges with 22 registers outside them, each a range of its own. Input
        # [0, 174] holds registers 1-158: more than one read may take, so two reads.
        (INVERTER, 33, 34),
        (MEGA, 29, 29),
    ],
)
def test_every_register_of_a_model_in_as_few_reads_as_modbus_allows(
    model: str, ranges: int, reads: int
) -> None:
    channels = list(channels_for(model))
    blocks = _plan(channels, REGISTER_RANGES[model], lambda span: largest_read(span.space, 125))
    assert len({span_of(channel, REGISTER_RANGES[model]) for channel in channels}) == ranges
    assert len(blocks) == reads
    per_range = Counter(block.span for block in blocks)
    assert {span: n for span, n in per_range.items() if n > 1} == (
        {Span(Space.INPUT, 0, 174): 2} if model == INVERTER else {}
    )
