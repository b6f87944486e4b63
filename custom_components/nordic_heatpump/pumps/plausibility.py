"""Which scale fits a value: spotting a channel read at the wrong one of its disputed scales.

Where the sources dispute a channel's scale, the user picks one in the entry's options.
A wrong pick shows as values no pump produces (a room at 215 °C, a valve open 5000 %),
while another documented scale gives a value that fits. `ScaleWatch` notices that once
it holds for several readings in a row, so one odd reading suggests nothing.
Nothing here writes to the pump: a suggestion only names the option to change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from .model import Value

SUSPECT_READINGS: Final = 3
"""Readings in a row that must fit only another scale before a switch is suggested."""


@dataclass(frozen=True, slots=True)
class Plausible:
    """The values a channel can really take, in engineering units, bounds included."""

    minimum: float
    maximum: float

    def __contains__(self, value: object) -> bool:
        """Whether `value` is a number within the bounds."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return self.minimum <= value <= self.maximum


@dataclass(frozen=True, slots=True)
class ScaleDispute:
    """A channel whose scale an option picks, and what its values may plausibly be.

    `scales` are the documented divisors, the default first; `chosen` is the one the
    entry's options pick (a member of `scales`).
    """

    key: str
    option: str
    scales: tuple[int, ...]
    chosen: int
    plausible: Plausible

    def __post_init__(self) -> None:
        """The chosen scale is one of the documented ones."""
        if self.chosen not in self.scales:
            msg = f"{self.key}: scale {self.chosen} is not one of {self.scales}"
            raise ValueError(msg)

    def better_scale(self, value: float) -> tuple[int, float] | None:
        """Another scale at which `value` (read at the chosen one) fits, and its value there.

        None when the value fits as read, or fits no other scale either (a glitch, or a
        pump outside every range: nothing a scale could fix).
        """
        if value in self.plausible:
            return None
        raw = round(value * self.chosen)
        for scale in self.scales:
            rescaled = raw / scale
            if scale != self.chosen and rescaled in self.plausible:
                return scale, rescaled
        return None


@dataclass(frozen=True, slots=True)
class ScaleSuggestion:
    """Switch `option` from `chosen` to `scale`: the channel reads `value`, there `rescaled`."""

    key: str
    option: str
    chosen: int
    scale: int
    value: float
    rescaled: float


type Verdict = ScaleSuggestion | None
"""A suggestion to switch, or None: the channel reads plausibly at its chosen scale."""


class ScaleWatch:
    """Counts, per disputed channel, the readings in a row that only another scale fits."""

    def __init__(self, disputes: Iterable[ScaleDispute], readings: int = SUSPECT_READINGS) -> None:
        """Watch these channels; suggest after `readings` suspect readings in a row."""
        self._disputes = {dispute.key: dispute for dispute in disputes}
        self._readings = readings
        self._streaks: dict[str, tuple[int, int]] = {}
        """Per channel: the scale the suspect readings fit, and how many in a row."""

    def observe(self, values: Mapping[str, Value]) -> dict[str, Verdict]:
        """Take one reading of some channels; the verdicts it settles, by channel key.

        A channel gets a verdict when it reads plausibly (None) or when its streak of
        suspect readings reaches the count (a suggestion, again at every further suspect
        reading). An unknown value changes nothing; a value no scale fits ends the streak
        without a verdict.
        """
        verdicts: dict[str, Verdict] = {}
        for key, value in values.items():
            dispute = self._disputes.get(key)
            if dispute is None or isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if value in dispute.plausible:
                self._streaks.pop(key, None)
                verdicts[key] = None
                continue
            better = dispute.better_scale(value)
            if better is None:
                self._streaks.pop(key, None)
                continue
            scale, rescaled = better
            fitted, count = self._streaks.get(key, (scale, 0))
            count = count + 1 if fitted == scale else 1
            self._streaks[key] = (scale, count)
            if count >= self._readings:
                verdicts[key] = ScaleSuggestion(
                    key, dispute.option, dispute.chosen, scale, float(value), rescaled
                )
        return verdicts
