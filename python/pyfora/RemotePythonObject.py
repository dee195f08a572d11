"""Local proxies for Python objects that live in the pyfora engine."""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Callable, Optional

from pyfora.Exceptions import PyforaError
from pyfora.Future import Future

if TYPE_CHECKING:  # pragma: no cover
    from pyfora.Executor import Executor

__all__ = ["RemotePythonObject", "DefinedRemotePythonObject", "ComputedRemotePythonObject"]


def _releaser(release: Callable[[int], None], handle: int) -> Callable[[], None]:
    def run() -> None:
        try:
            release(handle)
        except Exception:  # the engine may already be gone (interpreter exit)
            pass

    return run


class RemotePythonObject:
    """A local proxy for a python object that lives in memory on a pyfora cluster.

    This is an abstract class: use it through its two subclasses,
    :class:`DefinedRemotePythonObject` and :class:`ComputedRemotePythonObject`.
    A proxy can be downloaded with :meth:`toLocal`, passed as an argument to
    :meth:`Executor.submit`, or used as a variable inside a later
    ``with executor.remotely:`` block; it never leaves the engine otherwise.

    Args:
        executor: The :class:`~pyfora.Executor.Executor` that holds the object.
    """

    def __init__(self, executor: "Executor") -> None:
        self.executor = executor
        self._handle: Optional[int] = None

    def _attachHandle(self, handle: int) -> None:
        """Own ``handle``: the engine releases it when this proxy is collected."""
        self._handle = handle
        release = self.executor._releaseFunction()
        if release is not None:
            weakref.finalize(self, _releaser(release, handle))

    def _pyforaHandle(self) -> int:
        """The engine handle of the value (used when shipping the proxy)."""
        if self._handle is None:
            raise PyforaError("this RemotePythonObject does not refer to a value")
        return self._handle

    def toLocal(self, maxBytecount: Optional[int] = None) -> Future:
        """Downloads the remote object.

        Args:
            maxBytecount: when given, a value whose size in the engine exceeds
                this many bytes is not downloaded: the future raises
                :class:`~pyfora.Exceptions.ResultExceededBytecountThreshold`.

        Returns:
            Future: A :class:`~pyfora.Future.Future` that resolves to the python
            object that this :class:`RemotePythonObject` represents.
        """
        return self.executor._downloadHandle(self._pyforaHandle(), self, maxBytecount)

    def __repr__(self) -> str:
        return "<%s handle=%r>" % (type(self).__name__, self._handle)

    # A proxy stands for a value that never changes: a copy is the proxy
    # itself (a separate object would share the handle but not keep it
    # alive).
    def __copy__(self) -> "RemotePythonObject":
        return self

    def __deepcopy__(self, memo: Any) -> "RemotePythonObject":
        return self


class DefinedRemotePythonObject(RemotePythonObject):
    """A proxy that represents a local object which has been uploaded to the engine.

    Only :class:`~pyfora.Executor.Executor` creates these, through
    :meth:`~pyfora.Executor.Executor.define`.

    Args:
        objectId (int): the engine handle of the object.
        executor: the :class:`~pyfora.Executor.Executor` that created it.
    """

    def __init__(self, objectId: int, executor: "Executor") -> None:
        super().__init__(executor)
        self.objectId = objectId
        self._attachHandle(objectId)


class ComputedRemotePythonObject(RemotePythonObject):
    """A proxy for a value created by a computation in the engine.

    Only :class:`~pyfora.Executor.Executor` creates these, through
    :meth:`~pyfora.Executor.Executor.submit` and with-blocks.

    Args:
        computedValue: the engine handle of the value, or, when ``isException``
            is true, the :class:`~pyfora.Exceptions.PyforaError` (usually a
            :class:`~pyfora.Exceptions.ComputationError`) the computation ended with.
        executor: the :class:`~pyfora.Executor.Executor` that created it.
        isException (bool): whether the computation raised.
    """

    def __init__(self, computedValue: Any, executor: "Executor", isException: bool = False) -> None:
        super().__init__(executor)
        self.computedValue = computedValue
        self.isException = bool(isException)
        if not self.isException:
            self._attachHandle(computedValue)

    def toLocal(self, maxBytecount: Optional[int] = None) -> Future:
        """Downloads the remote object.

        Args:
            maxBytecount: as for :meth:`RemotePythonObject.toLocal`.

        Returns:
            Future: resolves to the python object; if the computation raised,
            ``result()`` raises :class:`~pyfora.Exceptions.ComputationError`
            (whose ``remoteException`` is the exception the remote code raised)
            or :class:`~pyfora.Exceptions.InvalidPyforaOperation`.
        """
        if self.isException:
            self.executor._raiseIfClosed()
            future = Future()
            future.set_exception(self.computedValue)
            return future
        return super().toLocal(maxBytecount)

    def __repr__(self) -> str:
        if self.isException:
            return "<ComputedRemotePythonObject exception=%r>" % (self.computedValue,)
        return super().__repr__()
