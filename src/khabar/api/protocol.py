"""The HTTP protocol ``khabar serve`` runs uvicorn with: uvicorn's h11 protocol plus a time
limit on reading a request's head (a slow client that sends its headers a byte at a time
holds a connection for at most ``HEAD_TIMEOUT`` seconds). Imported by ``khabar serve`` only,
so uvicorn stays an optional dependency (the ``api`` extra)."""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HEAD_TIMEOUT", "HeadTimeoutProtocol"]

#: seconds a client has to send a request's head, from the connection or the last response
HEAD_TIMEOUT = 10.0


class HeadTimeoutProtocol(H11Protocol):
    """h11 with a head-read timeout: the timer starts when the connection opens and again
    after each response; a request whose head has arrived (a request cycle started) stops
    it. When it fires with no request under way, the connection is closed."""

    head_timeout: float = HEAD_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_cycle = None
        self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
        self._head_timer = None

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and self.cycle is not self._head_cycle:
            self._head_cycle = self.cycle  # a request's head arrived: it is being answered
            self._cancel_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()  # the next request's head, on a kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _head_timed_out(self) -> None:
        self._head_timer = None
        busy = self.cycle is not None and not self.cycle.response_complete
        if not busy and not self.transport.is_closing():
            self.transport.close()
