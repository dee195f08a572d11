"""pyfora: compiled, automatically parallel Python.

Typical use::

    import pyfora
    executor = pyfora.connect()          # the embedded engine, all local cores
    with executor.remotely.downloadAll():
        x = sum(i * i for i in range(10**8))
"""
from __future__ import annotations

import sys

from typing import Optional

from pyfora import _core
from pyfora.Exceptions import (
    ComputationError,
    ConnectionError,
    ForaToPythonConversionError,
    InvalidPyforaOperation,
    NotCallableError,
    PyforaError,
    PyforaNotImplementedError,
    PythonToForaConversionError,
    ResultExceededBytecountThreshold,
)

# The documented class paths are module.Class (pyfora.Executor.Executor,
# pyfora.Future.Future, ...), so the submodules stay bound under their names.
from pyfora import Executor, Future, RemotePythonObject, WithBlockExecutor  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "connect",
    "Executor",
    "WithBlockExecutor",
    "Future",
    "RemotePythonObject",
    "PyforaError",
    "ConnectionError",
    "NotCallableError",
    "ComputationError",
    "PythonToForaConversionError",
    "ForaToPythonConversionError",
    "PyforaNotImplementedError",
    "InvalidPyforaOperation",
    "ResultExceededBytecountThreshold",
]


def connect(
    url: Optional[str] = None, timeout: Optional[float] = 30.0, threads: Optional[int] = None
) -> "Executor.Executor":
    """Opens a connection to pyfora and returns an :class:`~pyfora.Executor.Executor`.

    Args:
        url (Optional[str]): The HTTP URL of a pyfora service's manager (e.g.
            ``http://192.168.1.200:30000``). When None (the default) the
            embedded engine runs inside this process on all local cores.
        timeout (Optional[float]): A timeout for the operation in seconds, or
            None to wait indefinitely.
        threads (Optional[int]): worker threads for the embedded engine
            (default: one per core).

    Returns:
        Executor: An Executor that can be used to submit work.

    Raises:
        ConnectionError: for a URL: the remote service is not available in
            this build.
        ValueError: ``threads`` is not a positive int or ``timeout`` not a
            non-negative number.
        TypeError: ``url`` is neither a str nor None.
    """
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int) or threads < 1):
        raise ValueError("threads must be a positive int or None, not %r" % (threads,))
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout >= 0
    ):
        raise ValueError("timeout must be a non-negative number of seconds or None, not %r" % (timeout,))
    if url is not None and not isinstance(url, str):
        raise TypeError("url must be a str or None, not %s" % type(url).__name__)
    if url is not None:
        raise ConnectionError(
            "cannot connect to %r: connecting to a remote pyfora service is not available in "
            "this build of pyfora; call pyfora.connect() without a URL to use the embedded engine"
            % (url,)
        )
    # The engine follows this interpreter's version where CPython versions
    # differ (for example `sum()` of floats is compensated from 3.12 on).
    return Executor.Executor(_core.Engine(threads, sys.version_info[1]))
