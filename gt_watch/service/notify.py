"""The sd_notify protocol: telling systemd (or a test) that gt-watch is ready, alive, busy
with what, reloading or stopping. Speaks the protocol only; decides nothing.

The protocol is one datagram of `KEY=value` lines sent to the AF_UNIX socket named by
$NOTIFY_SOCKET (a path, or `@name` for the abstract namespace). That is the whole of it, so
it is implemented here instead of pulling in `systemd-python` (a C extension that needs
libsystemd headers to build) or `sdnotify` (unmaintained since 2019, no watchdog interval).
Outside systemd, with no $NOTIFY_SOCKET, every call does nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Mapping

log = logging.getLogger("gt_watch.service")

MAX_STATUS = 200  # systemctl status shows one line; keep it short and single-line


class Notifier:
    """Sends state changes to the service manager, if there is one."""

    def __init__(self, address: str | None, watchdog_usec: int | None = None) -> None:
        """Given the socket address ($NOTIFY_SOCKET, or None outside systemd) and the
        watchdog interval in microseconds ($WATCHDOG_USEC, or None when there is none)."""
        self._address = _socket_address(address) if address else None
        self._socket: socket.socket | None = None
        self.watchdog_interval = watchdog_usec / 1_000_000 if watchdog_usec else None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Notifier:
        """Given the environment, return the notifier systemd asked for. $WATCHDOG_PID, when
        set, must be this process (systemd sets it so a child does not ping for a parent)."""
        usec = environ.get("WATCHDOG_USEC", "")
        pid = environ.get("WATCHDOG_PID", "")
        wanted = usec.isdigit() and int(usec) > 0 and (not pid or pid == str(os.getpid()))
        return cls(environ.get("NOTIFY_SOCKET") or None, int(usec) if wanted else None)

    @property
    def enabled(self) -> bool:
        return self._address is not None

    def ready(self, status: str) -> None:
        """Startup is complete: the service manager may consider the service started."""
        self.send({"READY": "1", "STATUS": status, "MAINPID": str(os.getpid())})

    def reloading(self) -> None:
        """A configuration reload starts (answered by `ready` when it is done)."""
        monotonic_usec = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        self.send({"RELOADING": "1", "MONOTONIC_USEC": str(monotonic_usec)})

    def stopping(self, status: str) -> None:
        self.send({"STOPPING": "1", "STATUS": status})

    def status(self, text: str) -> None:
        self.send({"STATUS": text})

    def watchdog(self) -> None:
        """Ping the watchdog: every check of liveness passed."""
        self.send({"WATCHDOG": "1"})

    def send(self, fields: Mapping[str, str]) -> None:
        """Send one notification. A failure is logged, never raised: telling systemd must
        not be what stops gt-watch."""
        if self._address is None:
            return
        message = "\n".join(f"{key}={_one_line(value)}" for key, value in fields.items())
        try:
            if self._socket is None:
                self._socket = socket.socket(
                    socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC
                )
            self._socket.sendto(message.encode("utf-8"), self._address)
        except OSError as error:
            log.warning("cannot notify the service manager: %s", error.strerror or error)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def _socket_address(address: str) -> str | bytes:
    """Given $NOTIFY_SOCKET, return the address for sendto: `@name` is abstract (NUL)."""
    if address.startswith("@"):
        return b"\0" + address[1:].encode("utf-8")
    return address


def _one_line(value: str) -> str:
    """A value on one line and of bounded length (a newline would start another field)."""
    flat = " ".join(value.split())
    return flat if len(flat) <= MAX_STATUS else flat[: MAX_STATUS - 3] + "..."
