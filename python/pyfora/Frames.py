"""Frame manipulation for ``with executor.remotely:`` blocks.

* :func:`readVariables` reads the values of names as the block would see them.
* :func:`writeBack` assigns variables in the block's scope (module, class body
  or function, including Python <= 3.12's "fast locals").
* :class:`BlockSkipper` makes the interpreter skip the body of the block: it
  installs a trace function on the frame that raises :class:`SkipBlock` at
  the first instruction after ``__enter__`` returns (an opcode event: that
  instruction is already covered by the ``with`` statement's own handler
  and precedes everything of the body, so no ``try``/``finally`` of the body
  and no later context manager of the same ``with`` sees it), or failing
  that on the body's first line; ``__exit__`` swallows it. The user's own
  trace functions (debuggers, coverage) are restored afterwards.
"""
from __future__ import annotations

import ctypes
import dis
import functools
import inspect
import sys
import types
from typing import Any, Callable, Dict, Iterable, NoReturn, Optional

from pyfora import PyforaInspect
from pyfora.ObjectWalker import UNBOUND_LOCAL, isSameNamedBuiltin

__all__ = ["readVariables", "writeBack", "BlockSkipper", "SkipBlock"]

_HAS_PROXY_LOCALS = sys.version_info >= (3, 13)  # PEP 667: f_locals writes through
_INLINES_COMPREHENSIONS = sys.version_info >= (3, 12)  # PEP 709


def _isFunctionFrame(frame: types.FrameType) -> bool:
    return bool(frame.f_code.co_flags & inspect.CO_OPTIMIZED)


def readVariables(frame: types.FrameType, names: Iterable[str]) -> Dict[str, Any]:
    """Values of ``names`` in ``frame``: locals first, then globals.

    Names with no value are left out (they raise NameError remotely if
    reached), and so are names bound to the builtin of the same name (the
    engine has its own builtins); local variables of a function that are not
    bound yet are :data:`UNBOUND_LOCAL` (Python would raise
    UnboundLocalError, never read the global).
    """
    local = _namespace(frame)
    globals_ = frame.f_globals
    code = frame.f_code
    functionLocals = (
        set(code.co_varnames) | set(code.co_cellvars) | set(code.co_freevars)
        if _isFunctionFrame(frame)
        else set()
    )
    # A class body defined in a function reads the function's variables
    # through cells that its f_locals leaves out: they are the function's
    # own, one frame up (the class statement runs there).
    enclosing = frame.f_back if not _isFunctionFrame(frame) and code.co_freevars else None
    enclosingLocals = enclosing.f_locals if enclosing is not None and enclosing.f_code.co_cellvars else {}
    found: Dict[str, Any] = {}
    for name in names:
        if name in local:
            value = local[name]
        elif name in code.co_freevars and name in enclosingLocals:
            value = enclosingLocals[name]
        elif name in functionLocals and not _onlyComprehensionVariable(frame, name):
            if name not in code.co_freevars:
                # Read remotely, it raises UnboundLocalError as it would here.
                found[name] = UNBOUND_LOCAL
            continue
        elif name in globals_:
            value = globals_[name]
        else:
            continue
        if isSameNamedBuiltin(name, value):
            continue
        found[name] = value
    return found


def _namespace(frame: types.FrameType) -> Any:
    """The mapping of ``frame``'s variables: a module's globals themselves
    (on Python 3.12, ``f_locals`` of a module whose code inlines a
    comprehension can come back as a detached dict), else ``f_locals``."""
    if frame.f_code.co_name == "<module>" and not _isFunctionFrame(frame):
        return frame.f_globals
    if sys.version_info[:2] == (3, 12) and not _isFunctionFrame(frame):
        namespace = _classNamespace312(frame)
        if namespace is not None:
            return namespace
    return frame.f_locals


def _classNamespace312(frame: types.FrameType) -> Optional[Dict[str, Any]]:
    """The namespace dict of a class body's ``frame`` on Python 3.12, read
    from the frame itself: once a comprehension inlined into the body has
    left its variable live, ``f_locals`` is a copy (writes to it are lost).
    None when what is there does not look like this class's namespace."""
    try:
        # PyFrameObject: head (16 bytes), f_back, f_frame; the interpreter
        # frame: f_code, previous, f_funcobj, f_globals, f_builtins, f_locals.
        interpreterFrame = ctypes.c_void_p.from_address(id(frame) + 24).value
        if not interpreterFrame:
            return None
        if ctypes.c_void_p.from_address(interpreterFrame).value != id(frame.f_code):
            return None
        address = ctypes.c_void_p.from_address(interpreterFrame + 40).value
        if not address:
            return None
        namespace = ctypes.cast(address, ctypes.py_object).value
    except Exception:
        return None
    if type(namespace) is dict and str(namespace.get("__qualname__", "")).rpartition(".")[2] == frame.f_code.co_name:
        return namespace
    return None


def _onlyComprehensionVariable(frame: types.FrameType, name: str) -> bool:
    """Whether ``name``, among the function's variables of Python 3.12+,
    is there only as the variable of a comprehension inlined into it (PEP
    709): the block then reads the global of that name, as before 3.12."""
    if not _INLINES_COMPREHENSIONS or name not in frame.f_code.co_varnames:
        return False
    return not PyforaInspect.isVariableOfFunction(frame.f_code, frame.f_globals, name)


def _localsToFast(frame: types.FrameType) -> None:
    function = ctypes.pythonapi.PyFrame_LocalsToFast
    function.argtypes = [ctypes.py_object, ctypes.c_int]
    function.restype = None
    function(ctypes.py_object(frame), ctypes.c_int(0))


def writeBack(frame: types.FrameType, values: Dict[str, Any]) -> None:
    """Assign ``values`` to variables of the scope ``frame`` executes."""
    if not values:
        return
    if _isFunctionFrame(frame):
        # A name the function declares `global` is none of its variables:
        # the block's assignment rebinds the module's name.
        code = frame.f_code
        variables = set(code.co_varnames) | set(code.co_cellvars) | set(code.co_freevars)
        globalNames = [name for name in values if name not in variables]
        if globalNames:
            values = dict(values)
            for name in globalNames:
                frame.f_globals[name] = values.pop(name)
            if not values:
                return
    if not _isFunctionFrame(frame) or _HAS_PROXY_LOCALS:
        # Module and class bodies: f_locals is the real namespace dict.
        # Python 3.13+: f_locals of a function is a write-through proxy.
        namespace = _namespace(frame)
        for name, value in values.items():
            namespace[name] = value
        return
    # Python <= 3.12: f_locals is a snapshot dict; each access re-syncs it from
    # the fast locals, so read it once, update it, then copy it back.
    snapshot = frame.f_locals
    snapshot.update(values)
    _localsToFast(frame)


class SkipBlock(BaseException):
    """Raised by the trace function to leave a with-block before its body runs.

    A ``BaseException``, so that an ``except Exception:`` of a ``try`` the
    body starts with does not catch it.
    """


def _quietTrace(frame: types.FrameType, event: str, arg: Any) -> None:
    return None


_NAME_STORES = frozenset(("STORE_FAST", "STORE_NAME", "STORE_GLOBAL", "STORE_DEREF"))


def _storedName(frame: types.FrameType) -> Optional[str]:
    """The variable the instruction ``frame`` is about to run stores, when
    it is a plain store of a name (a ``with`` statement's ``as`` target)."""
    return _nameStores(frame.f_code).get(frame.f_lasti)


@functools.lru_cache(maxsize=256)
def _nameStores(code: types.CodeType) -> Dict[int, str]:
    """The offsets of ``code``'s plain name stores, with the names (read once
    per code object: a module's code may be long)."""
    return {i.offset: i.argval for i in dis.get_instructions(code) if i.opname in _NAME_STORES and isinstance(i.argval, str)}


class BlockSkipper:
    """Skips the body of the with-block that ``frame`` is entering.

    Args:
        frame: the frame executing the ``with`` statement.
        firstLine, lastLine: the lines of the body's code (from its first
            statement that compiles to code); the first line event in that
            range raises :class:`SkipBlock`. Without them, the first line
            event does.
        assigned: the names the block assigned.
        failure: what the block raised remotely, raised instead of
            :class:`SkipBlock` (so that it leaves from the user's frame).
    """

    def __init__(
        self,
        frame: types.FrameType,
        firstLine: Optional[int] = None,
        lastLine: Optional[int] = None,
        assigned: Iterable[str] = (),
        failure: Optional[BaseException] = None,
    ) -> None:
        self._frame: Optional[types.FrameType] = frame
        self._failure = failure
        self._firstLine = firstLine
        self._lastLine = lastLine
        # `with ... as name:` stores what `__enter__` returned before the
        # body: that store runs (unless the block assigned the name itself).
        self._assigned = frozenset(assigned)
        self._targetStored = False
        self._storing = False
        self._skipped = False
        self._previousGlobal: Optional[Callable[..., Any]] = sys.gettrace()
        self._previousLocal = frame.f_trace
        self._previousLines = frame.f_trace_lines
        self._previousOpcodes = frame.f_trace_opcodes

    def install(self) -> None:
        """Arm the skip: the frame's next instruction raises SkipBlock."""
        frame = self._frame
        assert frame is not None
        traceFunction = self._previousGlobal if self._previousGlobal is not None else _quietTrace
        # Frame-level trace functions only run while some global trace
        # function is set.
        sys.settrace(traceFunction)
        frame.f_trace_lines = True
        frame.f_trace_opcodes = True
        frame.f_trace = self._trace
        if sys.version_info[:2] == (3, 12):
            # Python 3.12 turns on opcode events for the frames that ask for
            # them only when a global trace function is set.
            sys.settrace(traceFunction)

    def _trace(self, frame: types.FrameType, event: str, arg: Any) -> Any:
        if self._skipped:
            # (Python 3.9 may call a trace function again after it raised.)
            return None
        if event == "opcode":
            if not self._targetStored:
                self._targetStored = True
                target = _storedName(frame)
                if target is not None and target not in self._assigned:
                    # The body's first instruction raises (on Python 3.9 a
                    # trace function raising at its line event leaves the
                    # with-statement's cleanup confused).
                    self._storing = True
                    return self._trace
            self._skip()
        if event == "line" and not self._storing:
            line = frame.f_lineno
            if self._firstLine is None or self._lastLine is None or self._firstLine <= line <= self._lastLine:
                self._skip()
        return self._trace

    def _skip(self) -> NoReturn:
        self._skipped = True
        failure = self._failure
        if failure is not None:
            raise failure.with_traceback(failure.__traceback__)
        raise SkipBlock()

    def raised(self, exc: Any) -> bool:
        """Whether ``exc`` is the block's failure this skipper raised."""
        return self._skipped and exc is not None and exc is self._failure

    def restore(self) -> None:
        """Put back the trace functions that were active before :meth:`install`."""
        frame, self._frame = self._frame, None
        if frame is not None:
            frame.f_trace = self._previousLocal
            frame.f_trace_lines = self._previousLines
            frame.f_trace_opcodes = self._previousOpcodes
        sys.settrace(self._previousGlobal)
