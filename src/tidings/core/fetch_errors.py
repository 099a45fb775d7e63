"""Why a fetch failed, in a few words a user can act on ("DNS lookup failed for x",
"timed out after 10 s waiting for data"), for the status line, `tidings list` and the
fetch summary."""

from __future__ import annotations

import errno
import socket
import ssl

import httpx

from tidings.core.models import Settings


class FetchFailure(Exception):
    """An error with its user-facing reason, raised and caught inside the fetcher."""

    def __init__(self, reason: str, http_status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.http_status = http_status


def human_size(n: int) -> str:
    """10_000_000 -> '10 MB', 65_536 -> '65.5 KB'."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.3g} MB"
    if n >= 1_000:
        return f"{n / 1_000:.3g} KB"
    return f"{n} bytes"


def secs(x: float) -> str:
    return f"{x:g} s"


def _cause_chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(seen) < 20:
        cur = todo.pop(0)
        if cur in seen:
            continue
        seen.append(cur)
        if isinstance(cur, BaseExceptionGroup):
            todo.extend(cur.exceptions)
        todo.extend(e for e in (cur.__cause__, cur.__context__) if e is not None)
    return seen


def network_reason(exc: Exception, host: str, settings: Settings) -> str:
    """A short human reason for an httpx / OS error."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection timed out after {secs(settings.connect_timeout)}"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out after {secs(settings.read_timeout)} waiting for data"
    if isinstance(exc, httpx.WriteTimeout):
        return f"timed out after {secs(settings.connect_timeout)} sending the request"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL | httpx.LocalProtocolError):
        return f"invalid URL: {str(exc)[:100]}"
    chain = _cause_chain(exc)
    text = " ".join(str(e) for e in chain).lower()
    for e in chain:
        if isinstance(e, socket.gaierror):
            return f"DNS lookup failed for {host}"
        if isinstance(e, ssl.SSLCertVerificationError):
            return f"TLS certificate problem: {e.verify_message or e.reason}"
        if isinstance(e, ssl.SSLError):
            said = str(e.reason or e).replace("_", " ").lower()
            if said == "wrong version number":  # an https URL at a plain http port
                said += " (the server may speak plain http: try http:// instead of https://)"
            return f"TLS error: {said}"
        if isinstance(e, ConnectionRefusedError):
            return "connection refused"
        if isinstance(e, ConnectionResetError):
            return "connection reset by the server"
        if isinstance(e, OSError) and e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "network unreachable"
        if isinstance(e, OverflowError | ValueError) and "port" in str(e):
            return "invalid URL: bad port"
    if "name or service not known" in text or "name resolution" in text or "nodename" in text:
        return f"DNS lookup failed for {host}"
    if "connection refused" in text or "errno 111" in text:
        return "connection refused"
    if "certificate" in text:
        return "TLS certificate problem"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server closed the connection or broke the HTTP protocol"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect to {host}"
    if isinstance(exc, httpx.InvalidURL):
        return "invalid URL"
    msg = str(exc).strip() or type(exc).__name__
    return msg[:200]
