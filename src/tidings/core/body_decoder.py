"""Content-Encoding (gzip, deflate) decoding with a bound on the output of each call,
so a compression bomb is stopped at the size cap instead of filling memory."""

from __future__ import annotations

import zlib

from tidings.core.fetch_errors import FetchFailure


class BodyDecoder:
    """Content-Encoding decoder whose output is bounded per call (gzip bombs stop early)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._raw_deflate = False
        self._obj = self._new()
        self._first = True

    def _new(self):
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.encoding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)
        return None

    def decode(self, data: bytes, room: int) -> bytes:
        """Decode `data`, returning at most `room` bytes (more means: too large)."""
        if self._obj is None:
            return data
        out = bytearray()
        original = data
        try:
            while data and len(out) < room:
                if self._obj.eof:  # another gzip member follows, or trailing junk
                    if self.encoding == "deflate" or not data.startswith(b"\x1f\x8b"):
                        break
                    self._obj = self._new()
                chunk = self._obj.decompress(data, room - len(out))
                self._first = False
                out += chunk
                data = self._obj.unused_data if self._obj.eof else self._obj.unconsumed_tail
        except zlib.error:
            if self.encoding == "deflate" and self._first and not self._raw_deflate:
                self._raw_deflate = True  # some servers send raw deflate without the zlib header
                self._obj = self._new()
                return self.decode(original, room)
            raise FetchFailure(f"corrupt {self.encoding} response") from None
        return bytes(out)
