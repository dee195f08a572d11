"""Progress of blocking computations.

While a ``with executor.remotely:`` block waits for the engine, a status
callback receives a dict every half second::

    {"status": "running", "elapsedSeconds": 2.5, "coresBusy": 1, "coresTotal": 2}

and once at the end with ``"status": "finished"``. The default callback
shows a one-line live status on a terminal (stderr) and a plain text line
every few seconds in Jupyter; it stays silent for computations shorter than
a second. ``withStatusCallback(cb)`` replaces it.
"""
from __future__ import annotations

import sys
import time
from typing import Any, Callable, Dict, Optional

StatusCallback = Callable[[Dict[str, Any]], Any]

#: Seconds between status updates.
INTERVAL = 0.5
#: Computations shorter than this show no default status.
QUIET_SECONDS = 1.0


def _inJupyter() -> bool:
    return "ipykernel" in sys.modules


class DefaultStatus:
    """The default status display (terminal line or Jupyter text)."""

    def __init__(self) -> None:
        self._shown = False
        self._lastJupyterLine = 0.0

    def __call__(self, status: Dict[str, Any]) -> None:
        elapsed = float(status.get("elapsedSeconds", 0.0))
        finished = status.get("status") != "running"
        if _inJupyter():
            if not finished and elapsed >= QUIET_SECONDS and elapsed - self._lastJupyterLine >= 5.0:
                self._lastJupyterLine = elapsed
                print(self._line(status), flush=True)
            return
        stream = sys.stderr
        if not getattr(stream, "isatty", lambda: False)():
            return
        if finished:
            if self._shown:
                stream.write("\r\033[K")
                stream.flush()
            return
        if elapsed >= QUIET_SECONDS:
            stream.write("\r\033[K" + self._line(status))
            stream.flush()
            self._shown = True

    @staticmethod
    def _line(status: Dict[str, Any]) -> str:
        line = "[pyfora] computing: %.1f s elapsed, %d of %d cores busy" % (
            float(status.get("elapsedSeconds", 0.0)),
            int(status.get("coresBusy", 0)),
            int(status.get("coresTotal", 0)),
        )
        if status.get("fractionDone") is not None:
            line += ", %d%% done" % int(100 * float(status["fractionDone"]))
        return line


def statusDict(state: str, started: float, busy: int, total: int, fractionDone: Optional[float] = None) -> Dict[str, Any]:
    """The dict handed to status callbacks; ``fractionDone`` (0..1) is
    present while a parallel reduction over a known length runs."""
    status = {
        "status": state,
        "elapsedSeconds": round(time.monotonic() - started, 3),
        "coresBusy": busy,
        "coresTotal": total,
    }
    if fractionDone is not None:
        status["fractionDone"] = round(fractionDone, 4)
    return status
