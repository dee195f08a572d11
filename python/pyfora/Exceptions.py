"""The exceptions of the pyfora public API.

Every exception pyfora raises on purpose derives from :class:`PyforaError`.
Exceptions raised by *user code* running in the engine come back as
:class:`ComputationError` (from ``toLocal().result()``) or, from a
``with executor.remotely:`` block, as the rebuilt exception itself.

A *trace* is a list of dicts ``{"path": str, "line": int}`` (remote stack
frames may also carry ``"function": str``), outermost first.
"""
from __future__ import annotations

import builtins
import dis
import linecache
import sys
import types
from typing import Any, Dict, List, Optional

Trace = List[Dict[str, Any]]

__all__ = [
    "PyforaError",
    "ConnectionError",
    "NotCallableError",
    "ComputationError",
    "PythonToForaConversionError",
    "ForaToPythonConversionError",
    "PyforaNotImplementedError",
    "InvalidPyforaOperation",
    "ResultExceededBytecountThreshold",
    "formatTrace",
]


_RECURSIVE_CUTOFF = 3


def formatTrace(trace: Optional[Trace], header: str = "Traceback (most recent call last):") -> str:
    """Render a pyfora trace the way Python renders a traceback.

    Each frame becomes ``  File "path", line N, in function`` followed by the
    stripped source line when :mod:`linecache` can find it. Returns ``""`` for
    an empty or missing trace.
    """
    if not trace:
        return ""
    lines = [header]
    previous: Any = None
    repeats = 0

    def repeated() -> None:
        # As Python's traceback: a frame shown three times running, then a
        # count of the rest (a runaway recursion is a few lines, not
        # thousands).
        if repeats > _RECURSIVE_CUTOFF:
            more = repeats - _RECURSIVE_CUTOFF
            lines.append("  [Previous line repeated %d more time%s]" % (more, "s" if more > 1 else ""))

    for frame in trace:
        if frame == previous:
            repeats += 1
            if repeats > _RECURSIVE_CUTOFF:
                continue
        else:
            repeated()
            previous, repeats = frame, 1
        if not isinstance(frame, dict):
            lines.append("  %s" % (frame,))
            continue
        path = frame.get("path", "<unknown>")
        line = frame.get("line")
        entry = '  File "%s", line %s' % (path, line if line is not None else "?")
        function = frame.get("function")
        if function:
            entry += ", in %s" % function
        lines.append(entry)
        if isinstance(path, str) and isinstance(line, int) and line > 0:
            source = linecache.getline(path, line).strip()
            if source:
                lines.append("    " + source)
    repeated()
    return "\n".join(lines)


def _frameSource(path: str, line: int) -> str:
    """Code whose frame stands for ``path:line``: a call of ``_getframe`` on
    that line, spanning the source line's text (so that tracebacks underline
    nothing in it, as for a whole-line statement)."""
    text = linecache.getline(path, line).rstrip()
    indent = len(text) - len(text.lstrip())
    if line < 2 or not text.strip():
        return "\n" * (line - 1) + "frame = _getframe()"
    width = max(len(text) - indent - len("_getframe()"), 0)
    return "\n" * (line - 2) + "frame = (\n" + " " * indent + "_getframe(" + " " * width + ")\n)"


def blockFramesNamed(trace: Trace, function: str) -> Trace:
    """``trace`` with the frames of a with-block (``<with block>``) named
    after the function the block is in, as a traceback of the code run in
    place names them."""
    return [dict(entry, function=function) if isinstance(entry, dict) and entry.get("function") == "<with block>" else entry for entry in trace]


def remoteTraceback(trace: Optional[Trace]) -> Optional[types.TracebackType]:
    """A traceback whose entries are the frames of a pyfora trace (outermost
    first), so that Python's own traceback printing, debuggers and
    ``traceback.extract_tb`` show where remote code was: each entry is a
    frame of a small code object carrying the remote file, line and function
    name. None when the trace is empty or no frame can be made."""
    frames = []
    for entry in trace or ():
        if not isinstance(entry, dict):
            continue
        path, line, function = entry.get("path"), entry.get("line"), entry.get("function") or "<remote>"
        if not isinstance(path, str) or not isinstance(line, int) or line < 1:
            continue
        try:
            code = compile(_frameSource(path, line), path, "exec")
            names = {"co_name": str(function)}
            if sys.version_info >= (3, 11):
                names["co_qualname"] = str(function)
            code = code.replace(**names)
            namespace: Dict[str, Any] = {"_getframe": sys._getframe, "__name__": "pyfora.remote"}
            exec(code, namespace)
            frame = namespace["frame"]
            # The instruction on the remote line (Python 3.11+ reads the
            # line and columns a traceback shows from it).
            lasti = frame.f_lasti
            for instruction in dis.get_instructions(code):
                positions = getattr(instruction, "positions", None)
                if positions is not None and positions.lineno == line:
                    lasti = instruction.offset
            frames.append((frame, lasti, line))
        except Exception:
            continue
    tb: Optional[types.TracebackType] = None
    for frame, lasti, line in reversed(frames):
        tb = types.TracebackType(tb, frame, lasti, line)
    return tb


class PyforaError(Exception):
    """Base class for all pyfora exceptions."""


class ConnectionError(PyforaError, builtins.ConnectionError):  # noqa: A001 - documented name shadows the builtin
    """Raised when a connection to the pyfora backend cannot be established.

    Also the builtin ``ConnectionError`` (an ``OSError``), so that
    ``except ConnectionError:`` written against Python's own name catches it.
    """


class NotCallableError(PyforaError):
    """Raised when an attempt is made to call a non-callable object."""


class ComputationError(PyforaError):
    """Raised when a remote computation results in an exception.

    Args:
        remoteException (Exception): The exception raised by the remote computation,
            rebuilt locally with the same class as in the remote code.
        trace (Optional[List]): The remote stack, ``[{'path': str, 'line': int}, ...]``,
            outermost first.
    """

    def __init__(self, remoteException: Any, trace: Optional[Trace] = None) -> None:
        super().__init__(remoteException, trace)
        self.remoteException = remoteException
        self.trace = trace

    def __str__(self) -> str:
        exc = self.remoteException
        if isinstance(exc, BaseException):
            text = str(exc)
            summary = type(exc).__name__ + (": " + text if text else "")
        else:
            summary = str(exc)
        rendered = formatTrace(self.trace, "Remote traceback (most recent call last):")
        return summary + ("\n" + rendered if rendered else "")


class PythonToForaConversionError(PyforaError):
    """Raised when an attempt is made to use a Python object that cannot be remoted by pyfora.

    This happens when code is not purely functional (it mutates state or has
    side effects), calls an unsupported builtin such as ``open()``, or refers to
    an object that cannot be shipped (a file, a socket, a lock...).

    Args:
        message (str): Error message.
        trace (Optional[List]): Where the problem is, ``[{'path': str, 'line': int}, ...]``.
    """

    def __init__(self, message: str, trace: Optional[Trace] = None) -> None:
        super().__init__(message, trace)
        self.message = message
        self.trace = trace

    def __str__(self) -> str:
        rendered = formatTrace(self.trace, "Location (outermost first):")
        return str(self.message) + ("\n" + rendered if rendered else "")


class ForaToPythonConversionError(PyforaError):
    """Raised when attempting to download a remote object that cannot be converted to Python."""


class PyforaNotImplementedError(PyforaError):
    """Feature not yet implemented in pyfora."""


class InvalidPyforaOperation(PyforaError):
    """Raised when a running computation performs an operation that cannot be
    faithfully executed with pyfora (for example mutating a value that something
    else references). It cannot be caught by the remote code itself.

    Args:
        message (str): Error message.
        trace (Optional[List]): Where it happened, ``[{'path': str, 'line': int}, ...]``.
    """

    def __init__(self, message: str = "", trace: Optional[Trace] = None) -> None:
        super().__init__(message, trace)
        self.message = message
        self.trace = trace

    def __str__(self) -> str:
        rendered = formatTrace(self.trace)
        return str(self.message) + ("\n" + rendered if rendered else "")


class ResultExceededBytecountThreshold(PyforaError):
    """Raised when attempting to download a remote object whose size exceeds the specified maximum."""
