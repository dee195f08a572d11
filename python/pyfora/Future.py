"""``pyfora.Future``: a :class:`concurrent.futures.Future` that can cancel running work."""
from __future__ import annotations

import concurrent.futures
from concurrent.futures import _base
from typing import Callable, Optional

__all__ = ["Future"]


class Future(concurrent.futures.Future):
    """The result of an asynchronous pyfora operation.

    Subclasses the standard :class:`concurrent.futures.Future`; ``result()``
    blocks until the operation finishes. Unlike the standard class, a pyfora
    Future can be cancelled while it is running: ``onCancel`` is called and, if
    it returns a true value, the future is marked cancelled (a result that
    arrives later is discarded).

    Args:
        onCancel (Optional[Callable[[], bool]]): called by :meth:`cancel` for a
            pending or running future; returns whether the running operation
            could be cancelled (or abandoned).
    """

    def __init__(self, onCancel: Optional[Callable[[], bool]] = None) -> None:
        super().__init__()
        self._onCancel = onCancel

    def cancel(self) -> bool:
        """Cancel the computation.

        Returns:
            bool: True if the future is now cancelled, False if it had already
            finished or the running operation cannot be cancelled.
        """
        with self._condition:
            state = self._state
        if state == _base.FINISHED:
            return False
        if state in (_base.CANCELLED, _base.CANCELLED_AND_NOTIFIED):
            return True
        if state == _base.PENDING:
            if self._onCancel is not None:
                try:
                    self._onCancel()
                except Exception:  # best effort: cancelling pending work needs no help
                    pass
            if super().cancel():
                return True
            with self._condition:
                state = self._state
            if state != _base.RUNNING:
                return state in (_base.CANCELLED, _base.CANCELLED_AND_NOTIFIED)
        # RUNNING: only the owner of the work can stop (or abandon) it.
        if self._onCancel is None:
            return False
        try:
            cancelled = bool(self._onCancel())
        except Exception:
            cancelled = False
        if not cancelled:
            return False
        with self._condition:
            if self._state == _base.FINISHED:
                return False
            if self._state == _base.RUNNING:
                # Waiters registered by concurrent.futures.wait() were told about
                # RUNNING already; tell them about the cancellation as
                # set_running_or_notify_cancel() would have.
                self._state = _base.CANCELLED_AND_NOTIFIED
                for waiter in self._waiters:
                    waiter.add_cancelled(self)
                self._condition.notify_all()
        self._invoke_callbacks()  # type: ignore[attr-defined]
        return True
