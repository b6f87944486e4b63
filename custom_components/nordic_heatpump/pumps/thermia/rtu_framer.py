"""Modbus RTU framing that finds a reply behind line noise in linear time.

pymodbus's RTU framer, for every place a frame might start, checks the CRC at every length
from the whole buffer down to the frame's own: a reply of 125 registers behind a few stray
bytes costs it hundreds of CRCs over the whole buffer, over 10 ms of Home Assistant's event
loop. A reply's length is fixed by its function code and byte count, so this one checks
the CRC once per candidate start, at that length only.
"""

from __future__ import annotations

from typing import Any

from pymodbus.framer import FramerRTU


class LinearFramerRTU(FramerRTU):
    """pymodbus's RTU framer with a decode that checks each candidate frame once."""

    def decode(self, data: bytes) -> tuple[int, int, int, bytes]:
        """(bytes used, device id, 0, PDU bytes) of the first frame whose CRC holds.

        As pymodbus's: bytes before the frame and after it are dropped with it; nothing is
        used while a frame that may still be valid waits for the rest of its bytes.
        """
        data_len = len(data)
        for start in range(data_len - self.MIN_SIZE + 1):
            dev_id = data[start]
            if self.device_ids and dev_id not in self.device_ids:
                return data_len, 0, 0, self.EMPTY
            pdu_class = self.decoder.lookupPduClass(data[start:])
            if pdu_class is None:
                continue
            size = pdu_class.calculateRtuFrameSize(data[start:])
            if not size or data_len < start + size:
                return 0, dev_id, 0, self.EMPTY  # the rest has not come yet
            end = start + size
            if self.check_CRC(data[start : end - 2], int.from_bytes(data[end - 2 : end], "big")):
                return data_len, dev_id, 0, data[start + 1 : end - 2]
        return 0, 0, 0, self.EMPTY


def use_linear_framer(modbus: Any) -> bool:
    """Give a pymodbus RTU client this framer; False (pymodbus's own kept) if it cannot.

    pymodbus keeps its framer at `client.ctx.framer` (3.13). Where a later pymodbus keeps
    it elsewhere, or a framer of its own making, the client keeps working with pymodbus's
    framer, only slower behind line noise: an upgrade must never break a pump's link.
    """
    ctx: Any = getattr(modbus, "ctx", None)
    framer = getattr(ctx, "framer", None)
    if type(framer) is not FramerRTU:
        return False
    ctx.framer = LinearFramerRTU(framer.decoder)
    return True
