"""The shared vocabulary of the protocol layer: channels, values, identities, errors.

Nothing here knows about Home Assistant; device classes, state classes and units are
plain strings that match Home Assistant's enum values, so the protocol layer can be
used and tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Final, Literal, Protocol, runtime_checkable

type Value = float | int | str | bool | datetime | None
"""A decoded value: a number, an enum option, a flag, a moment, or None for "unknown".

A moment is in the device's local time without a zone (controllers keep no zone);
Home Assistant places it in its own time zone."""


_PAIR = 2
_DECIMAL = 10
_STEP_TOLERANCE = 1e-6
"""How far off the step grid a value may be and still count as on it (float noise)."""


class Kind(StrEnum):
    """What a channel is, which decides how Home Assistant shows it."""

    MEASUREMENT = "measurement"
    """A number the pump measures or computes."""
    STATUS = "status"
    """One of a few named states, read only."""
    COUNTER = "counter"
    """A total that only grows: operating hours, energy."""
    TIMESTAMP = "timestamp"
    """A moment the device reports (when it logged its last error)."""
    FLAG = "flag"
    """An on/off state, read only (an alarm, a running relay)."""
    SETTING = "setting"
    """A number the user may set within a range."""
    CHOICE = "choice"
    """One of a few named options the user may set."""
    TOGGLE = "toggle"
    """An on/off setting."""
    ACTION = "action"
    """A momentary command the device may clear by itself once done: a write is confirmed
    by the device's acknowledgement, and the value read back is shown but not compared."""

    @property
    def writable(self) -> bool:
        """Whether the user may change the value."""
        return self in _WRITABLE_KINDS

    @property
    def is_on_off(self) -> bool:
        """Whether the value is a flag (True/False)."""
        return self in _ON_OFF_KINDS


_WRITABLE_KINDS = frozenset({Kind.SETTING, Kind.CHOICE, Kind.TOGGLE, Kind.ACTION})
_ON_OFF_KINDS = frozenset({Kind.FLAG, Kind.TOGGLE, Kind.ACTION})


class Category(StrEnum):
    """Entity category, mirroring Home Assistant's names."""

    CONFIG = "config"
    DIAGNOSTIC = "diagnostic"


@dataclass(frozen=True, slots=True)
class Codec:
    """How raw 16-bit words (or one bit) become a value.

    `scale` is a divisor (engineering value = raw / scale). `words` is 1 or 2; a pair
    is combined in `word_order` ("big": most significant word at the lower address).
    `missing` holds the raw values a device sends for "no sensor fitted"; they decode
    to None whatever the scale. `options` maps raw values to option names; a raw value
    outside it decodes to None, never to a guess.
    """

    scale: int = 1
    signed: bool = True
    words: Literal[1, 2] = 1
    word_order: Literal["big", "little"] = "big"
    missing: frozenset[int] = frozenset()
    options: Mapping[int, str] | None = None

    def decode(self, raw: list[int]) -> Value:
        """Decode the raw words of one channel."""
        if len(raw) != self.words:
            msg = f"expected {self.words} words, got {len(raw)}"
            raise ValueError(msg)
        if self.words == _PAIR:
            high, low = (raw[0], raw[1]) if self.word_order == "big" else (raw[1], raw[0])
            number = (high << 16) | low
            if self.signed and number & 0x8000_0000:
                number -= 1 << 32
        else:
            number = raw[0] & 0xFFFF
            if self.signed and number & 0x8000:
                number -= 1 << 16
        if number in self.missing:
            return None
        if self.options is not None:
            return self.options.get(number)
        if self.scale == 1:
            return number
        return number / self.scale

    def encode(self, value: float | str) -> list[int]:
        """Encode a value into raw words (two's complement for negatives)."""
        if self.options is not None:
            by_name = {name: raw for raw, name in self.options.items()}
            if not isinstance(value, str) or value not in by_name:
                msg = f"{value!r} is not one of {sorted(by_name)}"
                raise ValueError(msg)
            number = by_name[value]
        else:
            if isinstance(value, str):
                msg = f"{value!r} is not a number"
                raise TypeError(msg)
            number = round(value * self.scale)
        bits = 16 * self.words
        low_limit = -(1 << (bits - 1)) if self.signed else 0
        high_limit = (1 << (bits - 1)) - 1 if self.signed else (1 << bits) - 1
        if not low_limit <= number <= high_limit:
            msg = f"{value!r} does not fit in {bits} bits"
            raise ValueError(msg)
        number &= (1 << bits) - 1
        if self.words == 1:
            return [number]
        high, low = number >> 16, number & 0xFFFF
        return [high, low] if self.word_order == "big" else [low, high]


BIT = Codec()
"""The codec of an on/off channel: the bit is the value."""


@dataclass(frozen=True, slots=True)
class Presentation:
    """How Home Assistant shows a value: device class, state class, decimals."""

    device_class: str | None = None
    state_class: str | None = None
    precision: int | None = None


UNIT_RULES: Final[Mapping[str, Presentation]] = {
    "°C": Presentation("temperature", "measurement", 1),
    "K": Presentation("temperature_delta", "measurement", 1),
    "%": Presentation(None, "measurement", 0),
    "A": Presentation("current", "measurement", 1),
    "V": Presentation("voltage", "measurement", 1),
    "W": Presentation("power", "measurement", 0),
    "kW": Presentation("power", "measurement", 2),
    "bar": Presentation("pressure", "measurement", 1),
    "rpm": Presentation(None, "measurement", 0),
    "min": Presentation(None, "measurement", 0),
    "s": Presentation(None, "measurement", 0),
    "h": Presentation("duration", "total_increasing", 0),
    "kWh": Presentation("energy", "total_increasing", 1),
}
"""What each unit implies, for every family. The precision is the most decimals worth
showing; a value whose scale gives fewer shows fewer (°C in whole degrees shows none)."""

_NUMBER_KINDS: Final = frozenset({Kind.MEASUREMENT, Kind.COUNTER, Kind.SETTING})
_READING_KINDS: Final = frozenset({Kind.MEASUREMENT, Kind.COUNTER})


def implied_presentation(kind: Kind, unit: str | None, scale: int = 1) -> Presentation:
    """What a channel's kind, unit and scale imply, before its own row overrides any.

    A named state is an enum, a moment a timestamp; a number takes its unit's device
    class and precision; only a reading (not a setting) has a state class, since only readings have
    long-term statistics.
    """
    if kind is Kind.STATUS:
        return Presentation(device_class="enum")
    if kind is Kind.TIMESTAMP:
        return Presentation(device_class="timestamp")
    rule = UNIT_RULES.get(unit or "")
    if kind not in _NUMBER_KINDS or rule is None:
        return Presentation()
    return Presentation(
        device_class=rule.device_class,
        state_class=rule.state_class if kind in _READING_KINDS else None,
        precision=None if rule.precision is None else min(rule.precision, _decimals(scale)),
    )


def _decimals(scale: int) -> int:
    """How many decimals dividing by `scale` (1, 10, 100, …) can produce."""
    decimals = 0
    while scale >= _DECIMAL and scale % _DECIMAL == 0:
        scale //= _DECIMAL
        decimals += 1
    return decimals


@dataclass(frozen=True, slots=True)
class Limits:
    """The range a writable channel accepts, in engineering units, and its source."""

    minimum: float
    maximum: float
    step: float
    source: str

    def refusal(self, value: float) -> Literal["out_of_range", "off_step"] | None:
        """Why `value` may not be written (outside the range, or off the step grid)."""
        if not self.minimum <= value <= self.maximum:
            return "out_of_range"
        steps = (value - self.minimum) / self.step
        if abs(steps - round(steps)) >= _STEP_TOLERANCE:
            return "off_step"
        return None


@dataclass(frozen=True, slots=True)
class Channel[Where = object]:
    """One value of a pump: what it means, how it decodes, and where it lives.

    `where` is the family's own part (a Modbus register, a Rego command and address, an
    H1 id); nothing outside the family looks into it.
    """

    key: str
    kind: Kind
    where: Where
    codec: Codec = BIT
    models: frozenset[str] = frozenset()
    unit: str | None = None
    device_class: str | None = None
    state_class: str | None = None
    enabled_default: bool = False
    category: Category | None = None
    precision: int | None = None
    limits: Limits | None = None
    note: str = ""

    @property
    def writable(self) -> bool:
        """Whether the user may change the value."""
        return self.kind.writable

    @property
    def momentary(self) -> bool:
        """Whether a write is a command the device may undo by itself."""
        return self.kind is Kind.ACTION

    @property
    def options(self) -> list[str] | None:
        """The option names of an enum channel, in raw order."""
        if self.codec.options is None:
            return None
        return [self.codec.options[raw] for raw in sorted(self.codec.options)]

    def require_limits(self) -> Limits:
        """The range of a numeric setting; a table row without one is a bug."""
        if self.limits is None:
            msg = f"{self.key} has no limits"
            raise ValueError(msg)
        return self.limits

    def decode(self, raw: list[int]) -> Value:
        """Decode raw words (or one bit) into a value."""
        if self.kind.is_on_off:
            return bool(raw[0])
        return self.codec.decode(raw)


@dataclass(frozen=True, slots=True)
class ModeRole:
    """A choice channel that switches a heating circuit: its off and automatic options."""

    key: str
    off: str
    auto: str


@dataclass(frozen=True, slots=True)
class ClimateRoles:
    """Which channels make up a heating climate entity, and how their values map.

    `target` is the room setpoint and `current` the room temperature. Without a `mode`
    the circuit always heats. What the pump does comes from `demand` (a status whose
    options `action_of` maps to a Home Assistant HVAC action: "heating", "cooling",
    "defrosting", "idle", "off") or, lacking one, from `running` (a flag: heating while
    on, idle while off).
    """

    target: str
    current: str | None = None
    mode: ModeRole | None = None
    demand: str | None = None
    action_of: Mapping[str, str] = field(default_factory=dict)
    running: str | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        """Every channel the entity shows."""
        mode = self.mode.key if self.mode else None
        keys = (mode, self.target, self.demand, self.running, self.current)
        return tuple(key for key in keys if key)


@dataclass(frozen=True, slots=True)
class WaterHeaterRoles:
    """Which channels make up a tap water heater entity.

    `current` lists temperature channels in order of preference: the first one that
    has a value is shown.
    """

    current: tuple[str, ...]
    target: str
    target_low: str | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        """Every channel the entity shows."""
        low = (self.target_low,) if self.target_low else ()
        return (*self.current, self.target, *low)


@dataclass(frozen=True, slots=True)
class ErrorLogRoles:
    """The channels of the device's latest error-log entry: what and when.

    `code` is a status channel (its options are the error names); `time` is the timestamp
    of the entry. A new time means the device logged a new error.
    """

    code: str
    time: str

    @property
    def keys(self) -> tuple[str, ...]:
        """Every channel the entry is made of."""
        return (self.code, self.time)


@dataclass(frozen=True, slots=True)
class DeviceIdentity:
    """What a pump says about itself."""

    manufacturer: str
    model: str
    firmware: str | None = None
    serial_number: str | None = None


@dataclass(slots=True)
class ReadResult:
    """The outcome of one read: values read, and the channels that could not be read.

    A channel in `failed` is unavailable until it is read again; the others keep their
    values.
    """

    values: dict[str, Value] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)


class PumpError(Exception):
    """Base class of every protocol-layer error."""


class PumpConnectionError(PumpError):
    """The link to the pump could not be opened or was lost."""


class PumpAuthError(PumpError):
    """The device refused the credentials it was given (e.g. an API encryption key).

    Not a lost link: asking again with the same key cannot help, so it is never retried.
    """


class PumpTimeoutError(PumpError):
    """The link is up but the pump did not answer in time."""


class PumpCorruptReplyError(PumpError):
    """Something answered, but not a well-formed reply (wrong length, header or checksum).

    The bytes on the wire are out of step: the session asks again on a fresh link, and
    the reply is never decoded into a value.
    """


class PumpNoAnswerError(PumpTimeoutError):
    """Nothing answered at the configured unit id on a shared (RTU) line."""


class PumpRejectedError(PumpError):
    """The pump answered with an error (e.g. a Modbus exception)."""

    def __init__(self, message: str, code: int | None = None) -> None:
        """Keep the device's error code next to the message."""
        super().__init__(message)
        self.code = code


class PumpWriteMismatchError(PumpError):
    """A write was accepted but the value read back differs from the one asked."""

    def __init__(self, channel: Channel, asked: Value, read_back: Value) -> None:
        """Keep both values for the error message."""
        super().__init__(f"{channel.key}: wrote {asked!r}, read back {read_back!r}")
        self.channel = channel
        self.asked = asked
        self.read_back = read_back


class PumpClient(Protocol):
    """The contract every family's client implements."""

    @property
    def channels(self) -> Mapping[str, Channel]:
        """Every channel the configured model has, by key."""
        ...

    @property
    def climate_roles(self) -> ClimateRoles | None:
        """The channels of the heating climate entity, if the family has one."""
        ...

    @property
    def water_heater_roles(self) -> WaterHeaterRoles | None:
        """The channels of the tap water heater entity, if the family has one."""
        ...

    @property
    def error_log_roles(self) -> ErrorLogRoles | None:
        """The channels of the latest error-log entry, if the device keeps a log."""
        ...

    async def connect(self) -> None:
        """Open the link (idempotent)."""
        ...

    async def identify(self) -> DeviceIdentity:
        """Read what the pump says about itself."""
        ...

    async def read(self, channels: Iterable[Channel]) -> ReadResult:
        """Read the given channels; raise PumpError only if none could be read."""
        ...

    async def write(self, channel: Channel, value: float | str | bool) -> Value:
        """Write one channel, read it back and return the value read back."""
        ...

    async def close(self) -> None:
        """Close the link."""
        ...

    def diagnostics(self) -> dict[str, object]:
        """Link statistics and remembered failures, for a diagnostics dump."""
        ...


type ValuesReceived = Callable[[Mapping[str, Value]], None]
"""Called with the values a device sent by itself, by channel key."""
type LinkChanged = Callable[[PumpError | None], None]
"""Called when the link goes down (with the reason) or comes back (with None)."""


@runtime_checkable
class PushSource(Protocol):
    """A client whose device sends values by itself (in addition to `PumpClient`)."""

    def subscribe(self, on_values: ValuesReceived, on_link: LinkChanged) -> Callable[[], None]:
        """Start delivering pushed values and link changes; return the unsubscribe.

        The client owns the reader task: it starts here and stops on unsubscribe or
        `close()`. Callbacks run in the event loop.
        """
        ...
