"""What a pump family says about itself, as plain data: the set-up flow is built from it.

A family gives its models, its transports each with the fields of its connection form,
its options, the title of an entry, how to build its client, how to name the endpoint
it talks to (to refuse a second entry for the same pump), and how often to poll.
Nothing here knows Home Assistant; the config flow turns fields into selectors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from .model import DeviceIdentity, PumpClient
from .plausibility import ScaleDispute

FAMILY: Final = "family"
MODEL: Final = "model"
TRANSPORT: Final = "transport"
"""The entry data every family has: which family, which model, which transport.
The fields of the chosen transport's form are stored beside them, under their keys."""

type FieldValue = str | int


class FieldKind(StrEnum):
    """What a form field holds, which decides how it is asked for."""

    HOST = "host"
    """A host name or IP address (surrounding spaces are dropped)."""
    PORT = "port"
    """A TCP port, 1-65535."""
    SERIAL_PORT = "serial_port"
    """A local serial port, picked from those the system sees."""
    CHOICE = "choice"
    """One of `choices`; the stored value keeps the choice's type."""
    INTEGER = "integer"
    """A whole number from `minimum` to `maximum`."""
    NAME = "name"
    """A free text that names something on the device (e.g. a serial proxy's port)."""
    SECRET = "secret"  # noqa: S105  # the name of a kind, not a password
    """A password or key: typed hidden, never shown in diagnostics, asked again when refused."""


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a connection form or of the options.

    `translation_key` names the translated options of a choice (default: the field key),
    so several fields can share one set of option names.
    """

    key: str
    kind: FieldKind
    default: FieldValue | None = None
    choices: tuple[FieldValue, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    unit: str | None = None
    translation_key: str | None = None

    def __post_init__(self) -> None:
        """A choice needs its choices, a number its range."""
        if self.kind is FieldKind.CHOICE and not self.choices:
            msg = f"{self.key}: a choice without choices"
            raise ValueError(msg)
        if self.kind is FieldKind.INTEGER and (self.minimum is None or self.maximum is None):
            msg = f"{self.key}: a number without its range"
            raise ValueError(msg)

    @property
    def is_address(self) -> bool:
        """Whether the field says where the pump is (kept out of diagnostics)."""
        return self.kind in {FieldKind.HOST, FieldKind.SERIAL_PORT}

    @property
    def is_secret(self) -> bool:
        """Whether the field holds a credential."""
        return self.kind is FieldKind.SECRET


@dataclass(frozen=True, slots=True)
class TransportForm:
    """One way of wiring the pump, and the fields its connection form asks for.

    The key is also the id of the form's step and of its translations, so two families
    share a key only when the same texts fit both.
    """

    key: str
    fields: tuple[Field, ...]


def _no_options(data: Mapping[str, Any]) -> tuple[Field, ...]:
    return ()


def _no_placeholders(client: PumpClient | None) -> Mapping[str, str]:
    return {}


def _no_disputes(config: Mapping[str, Any]) -> tuple[ScaleDispute, ...]:
    return ()


@dataclass(frozen=True, slots=True)
class FamilyDescriptor:
    """Everything the integration needs to know about one pump family.

    `order` places the family in the menu. `endpoint` names what an entry's data talks to,
    normalised so that two spellings of one endpoint compare equal. `options` gives the
    option fields for an entry's data (defaults may depend on the transport), and
    `option_placeholders` what the options form's texts show of a running client (e.g. the
    last raw value of a channel whose scale the user may pick; the client is None when the
    entry is not loaded). `scale_disputes` gives, for an entry's data and options, the
    channels whose scale an option picks and what their values may plausibly be (to
    suggest the other scale when only it fits). `poll_interval` is in seconds; None for a
    family whose device pushes its values.
    """

    key: str
    order: int
    models: tuple[str, ...]
    transports: tuple[TransportForm, ...]
    title: Callable[[str], str]
    client: Callable[[Mapping[str, Any]], PumpClient]
    endpoint: Callable[[Mapping[str, Any]], str]
    options: Callable[[Mapping[str, Any]], tuple[Field, ...]] = _no_options
    option_placeholders: Callable[[PumpClient | None], Mapping[str, str]] = _no_placeholders
    scale_disputes: Callable[[Mapping[str, Any]], tuple[ScaleDispute, ...]] = _no_disputes
    poll_interval: float | None = None

    def secret_fields(self, transport: str) -> tuple[Field, ...]:
        """The credentials a transport's form asks for (asked again when refused)."""
        form = self.transport(transport)
        return tuple(field for field in form.fields if field.is_secret) if form else ()

    def transport(self, key: str) -> TransportForm | None:
        """One of the family's transports, by key."""
        return next((form for form in self.transports if form.key == key), None)

    async def probe(self, config: Mapping[str, Any]) -> DeviceIdentity:
        """Talk to the pump once, as set-up does, and close the link again."""
        client = self.client(config)
        try:
            return await client.identify()
        finally:
            await client.close()
