"""Grouping channels into Modbus reads the pump will answer.

A read may span undocumented addresses only inside the ranges real pumps answer
(notes §9); a channel outside every range is read on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Channel, Space

type Ranges = Mapping[Space, Sequence[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class Block:
    """One read request: `count` addresses from `start`, covering `channels`."""

    space: Space
    start: int
    count: int
    channels: tuple[Channel, ...]

    def halves(self) -> tuple[Block, Block]:
        """Split the block's channels in two, each half a block of its own."""
        middle = len(self.channels) // 2
        return make_block(self.channels[:middle]), make_block(self.channels[middle:])


def make_block(channels: Sequence[Channel]) -> Block:
    """The smallest block covering `channels` (all of one space)."""
    start = channels[0].address
    end = max(channel.address + channel.words for channel in channels)
    return Block(channels[0].space, start, end - start, tuple(channels))


def _range_of(channel: Channel, ranges: Ranges) -> tuple[int, int] | None:
    last = channel.address + channel.words - 1
    for first_allowed, last_allowed in ranges.get(channel.space, ()):
        if first_allowed <= channel.address and last <= last_allowed:
            return first_allowed, last_allowed
    return None


def punch_holes(ranges: Ranges, holes: Iterable[Channel]) -> Ranges:
    """The ranges with each hole's addresses cut out, so no read spans them again."""
    result = {space: list(spans) for space, spans in ranges.items()}
    for hole in holes:
        first, last = hole.address, hole.address + hole.words - 1
        spans: list[tuple[int, int]] = []
        for start, end in result.get(hole.space, []):
            if end < first or start > last:
                spans.append((start, end))
                continue
            if start < first:
                spans.append((start, first - 1))
            if end > last:
                spans.append((last + 1, end))
        result[hole.space] = spans
    return result


def plan_blocks(channels: Iterable[Channel], ranges: Ranges, max_count: int) -> list[Block]:
    """Group channels into as few reads as the ranges and `max_count` allow."""
    blocks: list[Block] = []
    by_space: dict[Space, list[Channel]] = {}
    for channel in channels:
        by_space.setdefault(channel.space, []).append(channel)
    for space in sorted(by_space):
        current: list[Channel] = []
        current_range: tuple[int, int] | None = None
        for channel in sorted(by_space[space], key=lambda c: c.address):
            channel_range = _range_of(channel, ranges)
            fits = (
                current
                and channel_range is not None
                and channel_range == current_range
                and channel.address + channel.words - current[0].address <= max_count
            )
            if fits:
                current.append(channel)
                continue
            if current:
                blocks.append(make_block(current))
            if channel_range is None:
                # Outside every known range: no evidence a wider read works.
                blocks.append(make_block([channel]))
                current, current_range = [], None
            else:
                current, current_range = [channel], channel_range
        if current:
            blocks.append(make_block(current))
    return blocks
