"""A test double of a push device's client: values and link changes fed by the test.

It keeps the contract a real push family keeps: `subscribe` starts a reader task that
the client owns, values arrive through that task (never straight from the test), and
`close()` or the unsubscribe stops it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping

from custom_components.nordic_heatpump.pumps.model import (
    Category,
    Channel,
    ClimateRoles,
    Codec,
    DeviceIdentity,
    ErrorLogRoles,
    Kind,
    Limits,
    LinkChanged,
    PumpError,
    ReadResult,
    Value,
    ValuesReceived,
    WaterHeaterRoles,
)

CHANNELS: dict[str, Channel] = {
    channel.key: channel
    for channel in (
        Channel(
            "outdoor",
            Kind.MEASUREMENT,
            where=0x0007,
            codec=Codec(scale=10),
            unit="°C",
            device_class="temperature",
            state_class="measurement",
            enabled_default=True,
        ),
        Channel(
            "supply",
            Kind.MEASUREMENT,
            where=0x0002,
            codec=Codec(scale=10),
            unit="°C",
            device_class="temperature",
            state_class="measurement",
            enabled_default=True,
        ),
        Channel("compressor", Kind.FLAG, where=0xA001, enabled_default=True),
        Channel(
            "indoor_setting",
            Kind.SETTING,
            where=0x0021,
            codec=Codec(scale=10),
            unit="°C",
            limits=Limits(minimum=10, maximum=30, step=0.1, source="test"),
            enabled_default=True,
        ),
        Channel(
            "last_error_type",
            Kind.STATUS,
            where=0x0040,
            codec=Codec(options={1: "outdoor_sensor", 11: "electrical_cassette"}),
            device_class="enum",
            enabled_default=True,
        ),
        Channel(
            "last_error_time",
            Kind.TIMESTAMP,
            where=0x0040,
            device_class="timestamp",
            enabled_default=True,
        ),
        Channel(
            "alarm",
            Kind.FLAG,
            where=0xA002,
            device_class="problem",
            enabled_default=True,
            category=Category.DIAGNOSTIC,
        ),
    )
}

ERROR_LOG = ErrorLogRoles(code="last_error_type", time="last_error_time")
CLIMATE = ClimateRoles(target="indoor_setting", current="outdoor", running="compressor")

type _Event = Mapping[str, Value] | PumpError | None


class PushDouble:
    """Reads return what the device has sent so far; pushes come from `send`."""

    def __init__(self, initial: Mapping[str, Value] | None = None) -> None:
        """Start with the values a first read (the device's answer to a request) gets."""
        self.known: dict[str, Value] = dict(initial or {})
        self.reads: list[list[str]] = []
        self.writes: list[tuple[str, Value]] = []
        self.subscriptions = 0
        self.closed = False
        self._queue: asyncio.Queue[_Event] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None

    @property
    def channels(self) -> Mapping[str, Channel]:
        """Every channel of the double."""
        return CHANNELS

    @property
    def climate_roles(self) -> ClimateRoles | None:
        """A circuit that always heats: no mode, a running flag, a room setpoint."""
        return CLIMATE

    @property
    def water_heater_roles(self) -> WaterHeaterRoles | None:
        """No water heater."""
        return None

    @property
    def error_log_roles(self) -> ErrorLogRoles | None:
        """The latest error-log entry: its code and its time."""
        return ERROR_LOG

    @property
    def reading(self) -> bool:
        """Whether the reader task runs."""
        return self._reader is not None and not self._reader.done()

    async def connect(self) -> None:
        """Nothing to open."""

    async def identify(self) -> DeviceIdentity:
        """A fixed identity."""
        return DeviceIdentity(manufacturer="Test", model="Push double", firmware="1.0")

    async def read(self, channels: Iterable[Channel]) -> ReadResult:
        """What the device has sent so far, for the channels asked."""
        keys = [channel.key for channel in channels]
        self.reads.append(keys)
        return ReadResult(values={key: self.known[key] for key in keys if key in self.known})

    async def write(self, channel: Channel, value: float | str | bool) -> Value:
        """Settings take the value (the device confirms it by a push too); nothing else."""
        if not channel.writable:
            msg = f"{channel.key} is not writable"
            raise PumpError(msg)
        self.writes.append((channel.key, value))
        self.known[channel.key] = value
        return value

    def subscribe(self, on_values: ValuesReceived, on_link: LinkChanged) -> Callable[[], None]:
        """Start the reader task that hands each queued event to the callbacks."""
        self.subscriptions += 1

        async def reader() -> None:
            while True:
                event = await self._queue.get()
                if isinstance(event, PumpError) or event is None:
                    on_link(event)
                else:
                    self.known.update(event)
                    on_values(event)
                self._queue.task_done()

        self._reader = asyncio.get_running_loop().create_task(reader())
        return self._stop

    def _stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            self._reader = None

    async def send(self, event: _Event) -> None:
        """The device sends values (a mapping), loses its link (an error) or regains it."""
        await self._queue.put(event)
        await self._queue.join()

    async def close(self) -> None:
        """Stop reading."""
        self._stop()
        self.closed = True

    def diagnostics(self) -> dict[str, object]:
        """Nothing to report."""
        return {"subscriptions": self.subscriptions}
