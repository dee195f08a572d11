"""The Executor: submits computations to the engine and marshals data to and
from the local Python."""
from __future__ import annotations

import concurrent.futures
import importlib
import os
import queue
import sys
import threading
import time
import types
import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple

from pyfora import _core
from pyfora.Exceptions import (
    ComputationError,
    ForaToPythonConversionError,
    InvalidPyforaOperation,
    NotCallableError,
    PyforaError,
    PyforaNotImplementedError,
    PythonToForaConversionError,
    ResultExceededBytecountThreshold,
    blockFramesNamed,
    remoteTraceback,
)
from pyfora import Status
from pyfora.Future import Future
from pyfora.ObjectRebuilder import ObjectRebuilder
from pyfora.ObjectWalker import CannotShip, ObjectWalker, Walked
from pyfora.RemotePythonObject import (
    ComputedRemotePythonObject,
    DefinedRemotePythonObject,
    RemotePythonObject,
)
from pyfora.WithBlockExecutor import WithBlockExecutor

__all__ = ["Executor"]


# Client threads that wait on engine calls at once, at most.
_MAX_CLIENT_THREADS = 256


class _WorkerPool:
    """A small pool of *daemon* threads for engine calls.

    Unlike :class:`concurrent.futures.ThreadPoolExecutor`, whose threads are
    joined at interpreter exit, a computation abandoned with Ctrl+C does not
    keep the process alive.
    """

    def __init__(self, maxWorkers: int) -> None:
        self._maxWorkers = maxWorkers
        self._queue: "queue.SimpleQueue[Optional[Callable[[], None]]]" = queue.SimpleQueue()
        self._idle = threading.Semaphore(0)
        self._threads: List[threading.Thread] = []
        self._lock = threading.Lock()

    def submit(self, work: Callable[[], None]) -> None:
        with self._lock:
            self._queue.put(work)
            if self._idle.acquire(blocking=False):
                return
            if len(self._threads) < self._maxWorkers:
                thread = threading.Thread(
                    target=self._worker, name="pyfora-%d" % len(self._threads), daemon=True
                )
                thread.start()
                self._threads.append(thread)

    def _worker(self) -> None:
        while True:
            work = self._queue.get()
            if work is None:
                return
            work()
            del work
            self._idle.release()

    def shutdown(self) -> None:
        """Let the threads exit once the queued work is done."""
        with self._lock:
            for _ in self._threads:
                self._queue.put(None)


def _intMaxStrDigits() -> int:
    """This interpreter's limit on the digits of int <-> str conversions
    (0: none, as before the limit existed)."""
    get = getattr(sys, "get_int_max_str_digits", None)
    return get() if get is not None else 0


# The digit limit the engine was last told. The engine follows one limit
# for the whole process, as the interpreter has one (4300 is CPython's
# default and the engine's).
_engineDigitsLimit = 4300


def _trace(value: Any) -> Optional[List[Dict[str, Any]]]:
    return list(value) if isinstance(value, (list, tuple)) else None


def _arg(error: BaseException, index: int, default: Any = None) -> Any:
    args = getattr(error, "args", ())
    return args[index] if len(args) > index else default


# Values up to this estimated size are downloaded by `toLocal()` itself.
_DOWNLOAD_IN_PLACE_BYTES = 64 * 1024


def _finished(work: Callable[[], Any]) -> Future:
    """A finished Future holding what ``work()`` returns or raises."""
    future = Future()
    future.set_running_or_notify_cancel()
    try:
        result = work()
    except Exception as error:  # delivered through the future (Ctrl+C is not)
        future.set_exception(error)
    else:
        future.set_result(result)
    return future


class Executor:
    """Submits computations to a pyfora engine and marshals data to/from the local Python.

    The Executor is the main point of interaction with pyfora. It is modeled
    after the executors of :mod:`concurrent.futures`: every interaction is
    asynchronous and returns a :class:`~pyfora.Future.Future`.

    Python objects are sent with :meth:`define`, which returns a Future that
    resolves to a :class:`~pyfora.RemotePythonObject.RemotePythonObject`.
    Functions and their arguments are sent with :meth:`submit`, which returns a
    Future that resolves to a RemotePythonObject of the result (or of the
    exception it raised).

    Note:
        Instances are created by :func:`pyfora.connect`, not directly.

    Args:
        connection: the engine (a ``pyfora._core.Engine``).
        pureImplementationMappings (optional): reserved; mappings between Python
            libraries and their pure pyfora implementations.
    """

    def __init__(self, connection: Any, pureImplementationMappings: Any = None) -> None:
        self.connection = connection
        self.pureImplementationMappings = pureImplementationMappings
        self.stayOpenOnExit = False
        self._engine = connection
        self._closed = False
        self._lock = threading.Lock()
        # A thread per computation in flight (they wait on the engine, which
        # has its own workers): long computations must not hold up a quick
        # block or a download behind them. Threads are made only when every
        # one is busy.
        self._pool = _WorkerPool(_MAX_CLIENT_THREADS)
        weakref.finalize(self, self._pool.shutdown)  # idle threads exit with the executor
        self._outstanding: "weakref.WeakSet[Future]" = weakref.WeakSet()
        self._walker = ObjectWalker(connection.set_source, self._proxyHandle)
        self._rebuilder = ObjectRebuilder(self._walker.objectForId)

    # ------------------------------------------------------------ public API
    def define(self, obj: Any) -> Future:
        """Create a remote representation of an object.

        Sends the object to the engine and returns a Future that resolves to a
        :class:`~pyfora.RemotePythonObject.DefinedRemotePythonObject`. The
        object is captured now (later changes to it are not seen); objects that
        cannot be shipped make the Future raise
        :class:`~pyfora.Exceptions.PythonToForaConversionError`.

        Args:
            obj: A python object to send.

        Returns:
            Future: resolves to a RemotePythonObject representing the object.
        """
        self._raiseIfClosed()
        if isinstance(obj, RemotePythonObject) and obj.executor is self:
            return self._resolved(obj)
        try:
            walked = self._walker.walk(obj, "the object passed to define()")
        except PyforaError as error:
            return self._failed(error)

        def work() -> DefinedRemotePythonObject:
            # `walked` (and the proxies it lists) lives as long as this closure.
            return DefinedRemotePythonObject(self._define(walked.desc), self)

        return self._startWork(work)

    def submit(self, fn: Any, *args: Any) -> Future:
        """Submits a callable to be executed with the provided arguments.

        Shorthand for :meth:`define` on the callable and every argument followed
        by a remote call. Arguments may be RemotePythonObjects.

        Returns:
            Future: resolves to a
            :class:`~pyfora.RemotePythonObject.ComputedRemotePythonObject`. If
            the remote code raises, the future still resolves, and ``toLocal()``
            on the result raises :class:`~pyfora.Exceptions.ComputationError`.
        """
        self._raiseIfClosed()
        try:
            pieces = self._walkCall(fn, args)
        except PyforaError as error:
            return self._failed(error)

        function, arguments = pieces

        def work() -> ComputedRemotePythonObject:
            temporaries: List[int] = []
            try:
                if isinstance(function, RemotePythonObject):
                    functionHandle = function._pyforaHandle()
                else:
                    functionHandle = self._define(function.desc)
                    temporaries.append(functionHandle)
                argumentsHandle = self._define(arguments.desc)
                temporaries.append(argumentsHandle)
                handles = self._engine.unpack(argumentsHandle)
                temporaries.extend(handles)
                return self._call(functionHandle, handles, token)
            finally:
                for handle in temporaries:
                    self._release(handle)

        token = self._newToken()
        return self._startWork(work, onCancel=lambda: self._cancel(token))

    def close(self) -> None:
        """Closes the connection to the engine. Pending work is cancelled;
        further calls raise :class:`~pyfora.Exceptions.PyforaError`."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            outstanding = list(self._outstanding)
        for future in outstanding:
            future.cancel()
        self._pool.shutdown()
        self.connection = None

    def isClosed(self) -> bool:
        """Determine if the Executor is closed.

        Returns:
            bool: True if :meth:`close` has been called, False otherwise.
        """
        return self._closed

    def getWorkerCount(self) -> int:
        """Returns the number of workers (threads) the engine computes with.

        Returns:
            int: The number of workers currently available.
        """
        self._raiseIfClosed()
        return int(self._engine.worker_count())

    def importRemoteFile(self, path: str) -> Future:
        """Loads the content of a file as a string.

        The file must be UTF-8 text. With the embedded engine a file of up
        to 64 MiB is read at once: the string is a snapshot that later
        writes to the file do not change. A larger file is mapped into
        memory on this machine rather than read: the engine pages it in as
        remote code reads it, so a file larger than memory works; such a
        file must not be truncated while its content is in use.

        Args:
            path (str): Full path to the file.

        Returns:
            Future: resolves to a RemotePythonObject representing the content
            of the file as a string, or raises the OSError (such as
            FileNotFoundError) that opening the file raised, or the
            UnicodeDecodeError reading it as UTF-8 text would.
        """
        self._raiseIfClosed()

        filename = os.fsdecode(path)

        def work() -> DefinedRemotePythonObject:
            # A missing or unreadable file raises the OSError subclass that
            # says why (FileNotFoundError, PermissionError, ...).
            handle = self._engine.import_file(filename)
            return DefinedRemotePythonObject(handle, self)

        return self._startWork(work)

    def importS3Dataset(self, bucketname: str, keyname: str, verify: bool = True) -> Future:
        """Creates a RemotePythonObject with the content of an S3 key (not available yet)."""
        raise PyforaNotImplementedError("S3 datasets are not supported by the embedded engine yet")

    def exportS3Dataset(self, valueAsString: Any, bucketname: str, keyname: str) -> Future:
        """Writes a computed string to S3 (not available yet)."""
        raise PyforaNotImplementedError("S3 datasets are not supported by the embedded engine yet")

    @property
    def remotely(self) -> WithBlockExecutor:
        """A :class:`~pyfora.WithBlockExecutor.WithBlockExecutor` for
        ``with executor.remotely:`` blocks.

        The body of the block runs in the engine; the variables it assigns are
        written back to the enclosing scope as RemotePythonObjects (or local
        values, see ``downloadAll()`` / ``downloadSmall()``).
        """
        self._raiseIfClosed()
        return WithBlockExecutor(self)

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, excType: Any, excValue: Any, trace: Any) -> None:
        if not self.stayOpenOnExit:
            self.close()

    # ------------------------------------------------------- internals: work
    def _raiseIfClosed(self) -> None:
        if self._closed:
            raise PyforaError("Attempted operation on a closed executor")

    def _resolved(self, value: Any) -> Future:
        future = Future()
        future.set_result(value)
        return future

    def _failed(self, error: BaseException) -> Future:
        future = Future()
        future.set_exception(error)
        return future

    def _abandon(self) -> bool:
        """onCancel for work that needs no engine-side stop (defines): the
        future is cancelled and the result dropped on arrival."""
        return True

    def _newToken(self) -> int:
        """A fresh cancellation token for one engine computation."""
        with self._lock:
            self._nextToken = getattr(self, "_nextToken", 0) + 1
            return self._nextToken

    def _cancel(self, token: int) -> bool:
        """onCancel for running computations: asks the engine to stop the
        computation with this token (it frees its cores within milliseconds)."""
        engine = self._engine
        if engine is not None:
            engine.cancel(token)
        return True

    def _startWork(self, work: Callable[[], Any], onCancel: Optional[Callable[[], bool]] = None) -> Future:
        future = Future(onCancel)

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = work()
            except BaseException as error:  # delivered through the future
                try:
                    future.set_exception(error)
                except concurrent.futures.InvalidStateError:
                    pass
            else:
                try:
                    future.set_result(result)
                except concurrent.futures.InvalidStateError:
                    pass  # cancelled while running: the result is dropped

        with self._lock:
            self._raiseIfClosed()
            self._outstanding.add(future)
            self._pool.submit(run)
        return future

    def _runAndWait(self, work: Callable[[], Any], token: Optional[int] = None, statusCallback: Optional[Callable[[Dict[str, Any]], Any]] = None) -> Any:
        """Run ``work`` on a worker thread and wait for it, reporting progress
        to ``statusCallback`` (the default display when None) every half
        second; Ctrl+C cancels it (stopping the engine computation with
        ``token``) and re-raises KeyboardInterrupt."""
        onCancel = self._abandon if token is None else (lambda: self._cancel(token))
        future = self._startWork(work, onCancel=onCancel)
        callback = statusCallback if statusCallback is not None else Status.DefaultStatus()
        started = time.monotonic()
        total = self.getWorkerCount()
        try:
            while True:
                try:
                    return future.result(timeout=Status.INTERVAL)
                except concurrent.futures.TimeoutError:
                    self._report(callback, Status.statusDict("running", started, self._busyCores(), total, self._fractionDone()))
                except concurrent.futures.CancelledError:
                    if self.isClosed():
                        raise PyforaError("the executor was closed while the computation was running") from None
                    raise
        except BaseException:
            # Ctrl+C, or a status callback leaving with SystemExit and the
            # like: the computation stops too.
            if not future.done():
                future.cancel()
            raise
        finally:
            self._report(callback, Status.statusDict("finished", started, 0, total))

    def _busyCores(self) -> int:
        """Cores the embedded engine is using: one per running computation,
        or the engine's workers busy with parallel pieces when more."""
        with self._lock:
            running = sum(1 for f in self._outstanding if f.running())
        connection = self.connection
        if not running or connection is None:
            return 0
        return min(max(running, connection.workers_busy()), self.getWorkerCount())

    def _fractionDone(self) -> Optional[float]:
        """Fraction done of the engine's running parallel reductions, if any."""
        connection = self.connection
        return None if connection is None else connection.fraction_done()

    @staticmethod
    def _report(callback: Callable[[Dict[str, Any]], Any], status: Dict[str, Any]) -> None:
        """Calls a status callback; its failures never break the computation."""
        try:
            callback(status)
        except Exception:
            pass

    # ------------------------------------------------- internals: engine I/O
    def _mapErrors(self, call: Callable[[], Any]) -> Any:
        """Run an engine call, turning ConversionError into
        PythonToForaConversionError and InvalidOperation into
        InvalidPyforaOperation. RemoteException passes through. The engine
        follows this interpreter's limit on int <-> str digits."""
        global _engineDigitsLimit
        limit = _intMaxStrDigits()
        if limit != _engineDigitsLimit:
            self._engine.set_int_max_str_digits(limit)
            _engineDigitsLimit = limit
        try:
            return call()
        except _core.ConversionError as error:
            mapped: PyforaError = PythonToForaConversionError(str(_arg(error, 0, "")), _trace(_arg(error, 1)))
            assigned = _arg(error, 2)
        except _core.InvalidOperation as error:
            mapped = InvalidPyforaOperation(str(_arg(error, 0, "")), _trace(_arg(error, 1)))
            assigned = _arg(error, 2)
        # A with-block's variables assigned before the error, for the block
        # to write back (as it does for Python exceptions).
        mapped._pyforaAssigned = assigned if isinstance(assigned, dict) else {}
        raise mapped from None

    def _define(self, desc: Any) -> int:
        """``engine.define(desc)`` with errors mapped (code run while defining,
        such as a class body, may raise: that is a ComputationError)."""
        engine = self._engine
        try:
            return self._mapErrors(lambda: engine.define(desc))
        except _core.RemoteException as error:
            raise self._computationError(error) from None

    def _computationError(self, error: BaseException) -> ComputationError:
        """ComputationError for a ``_core.RemoteException``."""
        exc, trace = self._remoteException(error)
        return ComputationError(exc, trace)

    def _remoteException(
        self, error: BaseException, blockFunction: Optional[str] = None
    ) -> Tuple[BaseException, Optional[List[Dict[str, Any]]]]:
        """The rebuilt exception and trace of a ``_core.RemoteException``;
        ``blockFunction``: the function a with-block that raised it is in,
        whose name the block's own frames take (``<module>`` at module
        level), as a traceback of the code run in place names them."""
        typeName = str(_arg(error, 0, "Exception"))
        trace = _trace(_arg(error, 3))
        if trace and blockFunction is not None:
            trace = blockFramesNamed(trace, blockFunction)
        exc = self._rebuildParts(typeName, _arg(error, 1, ()), _arg(error, 2), _arg(error, 5) or {})
        try:
            exc.__pyfora_trace__ = trace  # type: ignore[attr-defined]
            exc.__traceback__ = remoteTraceback(trace)
        except Exception:
            pass
        return exc, trace

    def _rebuildParts(self, typeName: str, args: Any, classId: Any, details: Dict[str, Any]) -> BaseException:
        """An exception rebuilt from the engine's parts of it, with the
        exceptions chained to it (``raise ... from ...``, or raised while
        handling another) rebuilt and chained the same way."""
        try:
            exc = self._rebuilder.rebuildException(
                typeName, args or (), classId, details.get("base"), details.get("attributes") or {}, details.get("lost") or ()
            )
        except ForaToPythonConversionError as problem:
            exc = Exception("%s (its arguments could not be downloaded: %s)" % (typeName, problem))
        for key, attribute in (("cause", "__cause__"), ("context", "__context__")):
            parts = details.get(key)
            if parts is not None:
                chained = self._rebuildParts(str(parts[0]), parts[2], parts[1], parts[3] or {})
                try:
                    setattr(exc, attribute, chained)
                except Exception:
                    pass
        if "suppress_context" in details:
            exc.__suppress_context__ = bool(details["suppress_context"])
        return exc

    def _call(self, fn: int, args: List[int], token: Optional[int] = None) -> ComputedRemotePythonObject:
        engine = self._engine
        try:
            handle = self._mapErrors(lambda: engine.call(fn, args, token))
        except _core.RemoteException as error:
            return ComputedRemotePythonObject(self._computationError(error), self, True)
        except InvalidPyforaOperation as error:
            return ComputedRemotePythonObject(error, self, True)
        return ComputedRemotePythonObject(handle, self)

    def _walkCall(self, fn: Any, args: Tuple[Any, ...]) -> Tuple[Any, Walked]:
        """What ``submit(fn, *args)`` sends: the function (a proxy stays as it
        is, anything else becomes a :class:`Walked` descriptor) and the
        arguments as one tuple descriptor, so an object passed twice arrives
        as one object. A bound method becomes its function with ``self`` as
        the first argument."""
        values = list(args)
        labels = ["argument %d passed to submit()" % (index + 1) for index in range(len(args))]
        function, functionLabel = fn, "the function passed to submit()"
        if isinstance(fn, types.MethodType):
            function, functionLabel = fn.__func__, "the method passed to submit()"
            values.insert(0, fn.__self__)
            labels.insert(0, "the object whose method is submitted")
        elif not isinstance(fn, RemotePythonObject) and not callable(fn):
            raise NotCallableError("%r is not callable" % (fn,))
        if isinstance(function, RemotePythonObject):
            try:
                self._proxyHandle(function)  # same executor, not an exception
            except CannotShip as problem:
                raise PythonToForaConversionError("pyfora cannot use %s: %s" % (functionLabel, problem)) from None
        else:
            function = self._walker.walk(function, functionLabel)
        return function, self._walker.walkMany(values, labels)

    def _proxyHandle(self, obj: Any) -> Optional[int]:
        """Walker callback: the handle of one of our proxies."""
        if not isinstance(obj, RemotePythonObject):
            return None
        if obj.executor is not self:
            raise CannotShip("it is a RemotePythonObject of another executor")
        if isinstance(obj, ComputedRemotePythonObject) and obj.isException:
            raise CannotShip("it is the result of a computation that failed: %s" % (obj.computedValue,))
        return obj._pyforaHandle()

    def _releaseFunction(self) -> Optional[Callable[[int], None]]:
        engine = self._engine
        return engine.release if engine is not None else None

    def _release(self, handle: int) -> None:
        try:
            self._engine.release(handle)
        except Exception:
            pass

    def _downloadNow(self, handle: int) -> Any:
        """The value behind ``handle`` as a local object (on this thread)."""
        try:
            desc = self._engine.to_python(handle)
        except _core.ConversionError as error:
            raise ForaToPythonConversionError(str(_arg(error, 0, "cannot download the value"))) from None
        try:
            return self._rebuilder.rebuildDeep(desc)
        except RecursionError:
            raise ForaToPythonConversionError("the value is nested too deeply to download") from None

    def _downloadManyNow(self, handles: List[int]) -> List[Any]:
        """The values behind ``handles`` as local objects, downloaded
        together: an object several of them hold comes back as one."""
        try:
            desc = self._engine.to_python_many(list(handles))
        except _core.ConversionError as error:
            raise ForaToPythonConversionError(str(_arg(error, 0, "cannot download the value"))) from None
        try:
            return list(self._rebuilder.rebuildDeep(desc))
        except RecursionError:
            raise ForaToPythonConversionError("the value is nested too deeply to download") from None

    def _downloadHandle(self, handle: int, owner: RemotePythonObject, maxBytecount: Optional[int] = None) -> Future:
        """Future of the local value behind ``handle`` (``owner`` keeps it
        alive); ``ResultExceededBytecountThreshold`` when it is larger than
        ``maxBytecount`` bytes."""
        self._raiseIfClosed()
        if maxBytecount is not None and (isinstance(maxBytecount, bool) or not isinstance(maxBytecount, int)):
            raise TypeError("maxBytecount must be an int, not %s" % type(maxBytecount).__name__)
        if maxBytecount is not None and maxBytecount < 0:
            raise ValueError("maxBytecount must be a non-negative int or None, not %r" % (maxBytecount,))

        def work() -> Any:
            # Reading the handle through `owner` keeps the proxy (and so the
            # engine value) alive until the download is done.
            current = owner._handle if owner._handle is not None else handle
            if maxBytecount is not None:
                size = self._byteSize(current)
                if size > maxBytecount:
                    raise ResultExceededBytecountThreshold(
                        "the remote object is %d bytes, more than maxBytecount=%d" % (size, maxBytecount)
                    )
            return self._downloadNow(current)

        if maxBytecount is None and self._smallValue(owner._handle if owner._handle is not None else handle):
            # A small value comes back at once, on this thread: a trip to a
            # worker thread and back would cost more than the download.
            return _finished(work)
        return self._startWork(work)

    def _smallValue(self, handle: int) -> bool:
        """Whether the value behind ``handle`` is small enough to download
        on the calling thread (False when the engine cannot tell: the
        download then reports why, through its future)."""
        try:
            return bool(self._engine.size_at_most(handle, _DOWNLOAD_IN_PLACE_BYTES))
        except Exception:
            return False

    def _byteSize(self, handle: int) -> int:
        return int(self._engine.byte_size(handle))

    def _localModule(self, handle: int) -> Any:
        """The client's own module when ``handle`` holds a module (a module
        is code, not data: the client has it already); None otherwise."""
        name = self._engine.module_name(handle)
        if name is None:
            return None
        try:
            return importlib.import_module(name)
        except ImportError:
            return None
