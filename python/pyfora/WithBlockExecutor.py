"""``with executor.remotely:`` — run a block of code in the engine."""
from __future__ import annotations

import sys
import threading
import types
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Optional, Tuple

from pyfora import Frames, ObjectWalker, PyforaInspect, _core
from pyfora.Exceptions import (
    ForaToPythonConversionError,
    InvalidPyforaOperation,
    PyforaError,
    PythonToForaConversionError,
    blockFramesNamed,
    formatTrace,
    remoteTraceback,
)
from pyfora.RemotePythonObject import ComputedRemotePythonObject

if TYPE_CHECKING:  # pragma: no cover
    from pyfora.Executor import Executor

__all__ = ["WithBlockExecutor"]

_REMOTE_ALL = "remoteAll"
_DOWNLOAD_ALL = "downloadAll"
_DOWNLOAD_SMALL = "downloadSmall"


class WithBlockExecutor:
    """A helper object used to synchronously run blocks of code in pyfora.

    When a ``with`` block is entered with a WithBlockExecutor, the body of the
    block is run by the engine, along with everything it refers to, and never
    runs locally. The variables it assigns are then reassigned in the
    enclosing scope, as :class:`~pyfora.RemotePythonObject.RemotePythonObject`
    proxies by default.

    Use :meth:`downloadAll`, :meth:`remoteAll` and :meth:`downloadSmall` to
    choose which values are downloaded and which stay in the engine as proxies.

    If the body raises, the variables it assigned before the exception are
    still written back, and the exception is re-raised locally with the same
    class, from the with statement: its traceback goes on with the remote
    frames (the block's own under the enclosing function's name), as if the
    block had run there, and the trace is also in ``exc.__pyfora_trace__``.

    Note:
        Instances are created by :attr:`pyfora.Executor.Executor.remotely`.
    """

    def __init__(self, executor: "Executor") -> None:
        self.executor = executor
        self._policy = _REMOTE_ALL
        self._bytecount = 10000
        self._statusCallback: Optional[Callable[[Any], Any]] = None
        self._active = threading.local()

    # ------------------------------------------------------------ policies
    def downloadAll(self) -> "WithBlockExecutor":
        """Modify the executor to download all results into the local namespace.

        Returns:
            ``self`` to support chaining.
        """
        self._policy = _DOWNLOAD_ALL
        return self

    def remoteAll(self) -> "WithBlockExecutor":
        """Modify the executor to leave all results in the engine and only return
        proxies (default).

        Returns:
            ``self`` to support chaining.
        """
        self._policy = _REMOTE_ALL
        return self

    def downloadSmall(self, bytecount: int = 10000) -> "WithBlockExecutor":
        """Modify the executor to download small results into the local namespace
        and return proxies for everything else (values larger than ``bytecount``
        bytes).

        Returns:
            ``self`` to support chaining.
        """
        if isinstance(bytecount, bool) or not isinstance(bytecount, int):
            raise TypeError("bytecount must be an int, not %s" % type(bytecount).__name__)
        if bytecount < 0:
            raise ValueError("bytecount must be non-negative, not %r" % (bytecount,))
        self._policy = _DOWNLOAD_SMALL
        self._bytecount = bytecount
        return self

    def withStatusCallback(self, callback: Callable[[Any], Any]) -> "WithBlockExecutor":
        """Modify the executor to call ``callback`` with status updates while
        computations are blocked.

        Returns:
            ``self`` to support chaining.
        """
        if callback is not None and not callable(callback):
            raise TypeError("the status callback must be callable, not %r" % (callback,))
        self._statusCallback = callback
        return self

    # ---------------------------------------------------------- with protocol
    def _skippers(self) -> List[Optional[Frames.BlockSkipper]]:
        stack = getattr(self._active, "stack", None)
        if stack is None:
            stack = self._active.stack = []
        return stack

    def __enter__(self) -> None:
        frame = sys._getframe(1)
        try:
            statement, assigned, failure = self._run(frame)
            skipper: Optional[Frames.BlockSkipper] = None
            if statement is None:
                skipper = Frames.BlockSkipper(frame, assigned=assigned, failure=failure)
            elif statement.firstCodeLine is not None:
                skipper = Frames.BlockSkipper(frame, statement.firstCodeLine, statement.lastLine, assigned, failure)
            # else: the body is only `pass`/constants: nothing runs locally.
            if skipper is None and failure is not None:
                raise failure.with_traceback(failure.__traceback__)
            if skipper is not None:
                # (A failure is raised in place of the skip, from the
                # user's frame: no frame of pyfora's in its traceback.)
                skipper.install()
            self._skippers().append(skipper)
        except PythonToForaConversionError as error:
            # What could not be converted is the user's code, at the place
            # the error names; pyfora's own frames would only hide it.
            raise error.with_traceback(None) from None
        finally:
            del frame

    def __exit__(self, excType: Any, excValue: Any, traceback: Any) -> bool:
        stack = self._skippers()
        skipper = stack.pop() if stack else None
        if skipper is None:
            return False
        skipper.restore()
        if excType is not None and issubclass(excType, Frames.SkipBlock):
            return True
        if excType is None:
            raise PyforaError(
                "the body of the with-block ran locally: pyfora could not skip it "
                "(is a debugger or another trace function interfering?)"
            )
        if skipper.raised(excValue):
            _dropSkipperFrames(traceback)
        return False

    # ------------------------------------------------------------- the block
    def _locate(self, frame: types.FrameType) -> Tuple[str, str, int, Optional[PyforaInspect.WithStatement]]:
        """``(path, text, with_line, statement)`` of the block ``frame`` is entering."""
        path, text = PyforaInspect.getSourceOfCode(frame.f_code, frame.f_globals)
        line = _currentLine(frame)
        if text is None:
            raise PythonToForaConversionError(
                "the source code of this with-block is not available (it is in %r); "
                "pyfora needs the source, so put the code in a file" % (path,),
                [{"path": path, "line": line}],
            )
        try:
            statement = PyforaInspect.findWithStatement(path, text, line)
        except SyntaxError:
            statement = None
        if statement is not None:
            line = statement.line
            if statement.bodyOnHeaderLine:
                raise PythonToForaConversionError(
                    "the body of a `with executor.remotely:` block must start on its own line",
                    [{"path": path, "line": line}],
                )
        return path, text, line, statement

    def _run(self, frame: types.FrameType) -> Tuple[Optional[PyforaInspect.WithStatement], Iterable[str], Optional[BaseException]]:
        """Run the block in the engine and write its variables back; the
        block's statement, the names it assigned, and the exception it
        raised (None if it ran to its end)."""
        executor = self.executor
        executor._raiseIfClosed()
        path, text, line, statement = self._locate(frame)
        executor._walker.registerSource(path, text)
        engine = executor._engine
        names = executor._mapErrors(lambda: engine.block_free_names(path, line))
        values = Frames.readVariables(frame, names)
        chains = PyforaInspect.attributeChainsInLines(path, text, statement.line, statement.lastLine) if statement is not None else {}
        imported = [name for name in names if name.startswith(PyforaInspect.IMPORT_PREFIX)]
        if imported and statement is not None:
            # `import util` in the block: the user's own modules ship with
            # the attributes the block reads.
            _, attributes = PyforaInspect.importsInLines(path, text, statement.line, statement.lastLine)
            chains = dict(chains)
            for name in imported:
                module = ObjectWalker.importedUserModule(name[len(PyforaInspect.IMPORT_PREFIX) :])
                if module is not None:
                    values[name] = module
                    chains[name] = ObjectWalker.importChains(module, attributes)
        try:
            walked = executor._walker.walkEnvironment(values, path, line, chains)
        except PythonToForaConversionError:
            walked = None
        if walked is None:
            # A variable the block assigns may hold an old value that cannot
            # be shipped; the block only needs it if it reads the variable
            # before assigning it (then it raises NameError remotely). (Out
            # of the `except` clause: an error now is not "during handling"
            # of the first.)
            assigned = set(executor._mapErrors(lambda: engine.block_assigned_names(path, line)))
            for name in [n for n in values if n in assigned]:
                try:
                    executor._walker.walk(values[name], "variable '%s'" % name)
                except PythonToForaConversionError:
                    del values[name]
            walked = executor._walker.walkEnvironment(values, path, line, chains)
        token = executor._newToken()

        def work() -> Dict[str, int]:
            # `walked` (and the proxies it lists) lives as long as this closure.
            return executor._mapErrors(lambda: engine.run_block(path, line, walked.desc, token))

        failure: Optional[BaseException] = None
        try:
            handles = executor._runAndWait(work, token, self._statusCallback)
        except InvalidPyforaOperation as error:
            # Raised from the user's frame with the remote frames in its
            # traceback, as a Python exception of the block is.
            self._assign(frame, getattr(error, "_pyforaAssigned", {}))
            trace = error.trace
            if trace:
                trace = blockFramesNamed(trace, frame.f_code.co_name)
                error.trace = trace
                error.args = (error.message, trace)
            failure = error.with_traceback(remoteTraceback(trace))
            failure.__cause__ = None
            failure.__suppress_context__ = True
        except PythonToForaConversionError as error:
            self._assign(frame, getattr(error, "_pyforaAssigned", {}))
            raise
        except _core.RemoteException as error:
            args = error.args
            assigned = args[4] if len(args) > 4 and isinstance(args[4], dict) else {}
            exc, trace = executor._remoteException(error, frame.f_code.co_name)
            self._assign(frame, assigned)
            rendered = formatTrace(trace, "Remote traceback (most recent call last):")
            if rendered and exc.__traceback__ is None and hasattr(exc, "add_note"):
                try:
                    exc.add_note(rendered)
                except Exception:
                    pass
            failure = exc
        if failure is not None:
            # Raised later, out of the `except` clause here, so that the
            # exceptions the remote code chained to it (`__cause__`,
            # `__context__`) stay its own.
            return statement, (), failure
        self._assign(frame, handles)
        return statement, list(handles), None

    def _assign(self, frame: types.FrameType, handles: Dict[str, int]) -> None:
        """Writes the block's variables back: a module as the client's own,
        what the download policy brings back as local values, the rest as
        proxies."""
        executor = self.executor
        values: Dict[str, Any] = {}
        wanted: Dict[str, int] = {}
        for name, handle in handles.items():
            module = executor._localModule(handle)
            if module is not None:
                executor._release(handle)
                values[name] = module
            elif self._shouldDownload(handle):
                wanted[name] = handle
            else:
                values[name] = ComputedRemotePythonObject(handle, executor)
        values.update(self._download(wanted))
        Frames.writeBack(frame, values)

    def _shouldDownload(self, handle: int) -> bool:
        """Whether the download policy brings the value of ``handle`` back."""
        if self._policy == _DOWNLOAD_SMALL:
            return self.executor._byteSize(handle) <= self._bytecount
        return self._policy == _DOWNLOAD_ALL

    def _download(self, handles: Dict[str, int]) -> Dict[str, Any]:
        """The local values of ``handles``, downloaded in one go so that
        variables holding one object (`y = x`) hold one object locally too;
        when they cannot all come back, each on its own (one that cannot,
        e.g. a function defined in the block, stays a proxy)."""
        executor = self.executor
        if len(handles) > 1:
            try:
                local = executor._downloadManyNow(list(handles.values()))
            except ForaToPythonConversionError:
                pass
            else:
                for handle in handles.values():
                    executor._release(handle)
                return dict(zip(handles, local))
        values: Dict[str, Any] = {}
        for name, handle in handles.items():
            try:
                values[name] = executor._downloadNow(handle)
            except ForaToPythonConversionError:
                values[name] = ComputedRemotePythonObject(handle, executor)
            else:
                executor._release(handle)
        return values


def _dropSkipperFrames(traceback: Optional[types.TracebackType]) -> None:
    """Unlinks from ``traceback`` (in place) the frames of the trace
    function that raised a block's remote exception, and an entry repeating
    the one before it (the same frame at the same line), so that it reads
    as the with statement followed by the remote frames."""
    node = traceback
    while node is not None and node.tb_next is not None:
        following = node.tb_next
        ours = following.tb_frame.f_code.co_filename == Frames.__file__
        repeated = following.tb_frame is node.tb_frame and following.tb_lineno == node.tb_lineno
        if ours or repeated:
            node.tb_next = following.tb_next
        else:
            node = following


def _currentLine(frame: types.FrameType) -> int:
    """The line ``frame`` is running: its instruction's (Python 3.9 can
    leave ``f_lineno`` stale after a debugger stopped tracing the frame,
    `pdb`'s `continue`)."""
    if sys.version_info >= (3, 10):
        return frame.f_lineno
    return PyforaInspect.lineOfInstruction(frame.f_code, frame.f_lasti) or frame.f_lineno
