"""Turn Python objects into engine *descriptors* (see ``pyfora/_core.pyi``).

The walker never talks to the engine directly: it is given a ``setSource``
callback (called once per user file, before a spec naming that file is
returned) and an optional ``proxyHandle`` callback that recognises values
already living in the engine (``RemotePythonObject``). That keeps it testable
without the compiled engine.

Functions and classes get a *client id*, assigned once per Python object and
kept for the life of the walker (the walker keeps the object alive so the id
is never reused). The engine uses these ids to tell the client which class an
instance or exception coming back belongs to; :meth:`ObjectWalker.objectForId`
maps them back. Within one descriptor (one engine call) a function or class is
spelled out once; later occurrences are ``("ref", id)``. A list, dict, set or
instance reached more than once is spelled out once as
``("shared", key, desc)`` (a negative key local to the descriptor) and
referred to as ``("ref", key)`` afterwards, so it stays one object remotely.
"""
from __future__ import annotations

import ast
import builtins
import functools
import inspect
import io
import operator
import os
import socket
import sys
import sysconfig
import threading
import types
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, NoReturn, Optional, Set, Tuple

from pyfora import NumpyProbe, PyforaInspect, Recursion
from pyfora.Exceptions import PythonToForaConversionError

__all__ = ["ObjectWalker", "Walked", "CannotShip", "isSameNamedBuiltin"]

Desc = Any
Location = Dict[str, Any]

_CONSTANT_TYPES = frozenset([type(None), bool, int, float, str])
# Methods of builtin types, taken from the type (`str.lower`).
_METHOD_DESCRIPTORS = frozenset([types.MethodDescriptorType, types.ClassMethodDescriptorType, types.WrapperDescriptorType])
# Values whose bound builtin methods ship as `("attr", value, name)` (`",".join`).
_METHOD_RECEIVERS = frozenset([bool, int, float, str, list, tuple, dict, set, frozenset])
_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: classes created by a class statement

# Modules that exist to talk to the outside world (or to the interpreter):
# pure code can never use them, so refuse them when they are captured.
_UNSHIPPABLE_MODULES = frozenset(
    """os posix nt posixpath ntpath genericpath sys io _io socket ssl select selectors
    signal threading _thread multiprocessing concurrent asyncio subprocess time random
    secrets uuid tempfile shutil glob pathlib fileinput logging ctypes gc inspect
    traceback atexit faulthandler resource mmap fcntl termios tty pty pdb importlib
    pkgutil runpy site sysconfig platform getpass webbrowser urllib http email smtplib
    ftplib socketserver xmlrpc sqlite3 dbm shelve queue sched tkinter curses readline
    """.split()
)


def _builtinNames() -> Dict[int, str]:
    names: Dict[int, str] = {}
    table = vars(builtins)
    for name, value in table.items():
        if name.startswith("_") or type(value) in _CONSTANT_TYPES:
            continue
        names.setdefault(id(value), name)
    for name, value in table.items():  # prefer the canonical name (OSError over IOError)
        canonical = getattr(value, "__name__", None)
        if isinstance(canonical, str) and table.get(canonical) is value:
            names[id(value)] = canonical
    return names


_BUILTIN_NAMES = _builtinNames()


def isSameNamedBuiltin(name: str, value: Any) -> bool:
    """True when ``name`` is bound to the builtin of the same name (the engine
    has its own builtins, so such bindings need not be shipped)."""
    return type(value) not in _CONSTANT_TYPES and getattr(builtins, name, _MISSING) is value


_MISSING = object()


class _UnboundLocal:
    """The value of a function's local variable not bound yet (a with-block
    reading it raises UnboundLocalError remotely)."""

    def __repr__(self) -> str:
        return "<unbound local>"


UNBOUND_LOCAL = _UnboundLocal()


class CannotShip(Exception):
    """Raised by a ``proxyHandle`` callback with the reason a proxy can't be used."""


class Walked:
    """A descriptor plus the proxies it refers to (keep them alive until the
    engine call that uses the descriptor has finished)."""

    __slots__ = ("desc", "proxies")

    def __init__(self, desc: Desc, proxies: List[Any]) -> None:
        self.desc = desc
        self.proxies = proxies


class _Context:
    """State of one walk: one descriptor sent in one engine call."""

    __slots__ = (
        "emitted",
        "active",
        "proxies",
        "names",
        "trace",
        "seen",
        "repeated",
        "shareKeys",
        "shared",
        "moduleChains",
        "moduleSpecs",
    )

    def __init__(self, trace: Optional[List[Location]] = None, shareKeys: Optional[Dict[int, int]] = None) -> None:
        self.emitted: Set[int] = set()  # client ids spelled out in this call
        self.seen: Set[int] = set()  # id() of mutable values walked so far
        self.repeated: Set[int] = set()  # id() of mutable values reached twice
        self.shareKeys: Dict[int, int] = shareKeys or {}  # id() -> key of a shared value
        self.shared: Set[int] = set()  # keys of shared values spelled out
        self.active: Set[int] = set()  # id() of containers being walked (cycles)
        self.proxies: List[Any] = []
        self.names: List[str] = []  # how we got here, for error messages
        self.trace: List[Location] = list(trace or [])
        # The user's own modules: the attribute chains read on each (by id())
        # and the descriptor spelled out for it, filled in as code is walked.
        self.moduleChains: Dict[int, Set[Tuple[str, ...]]] = {}
        self.moduleSpecs: Dict[int, Dict[str, Any]] = {}


def importedUserModule(name: str) -> Optional[types.ModuleType]:
    """The module ``name`` that remote code importing it gets shipped: one of
    the user's own this process has imported (pyfora provides the modules
    it supports; other modules are not shipped, and importing one raises
    remotely)."""
    module = sys.modules.get(name)
    if not isinstance(module, types.ModuleType) or _isStdlibModule(module) or _unshippableModule(name) is not None:
        return None
    if name.partition(".")[0] == "numpy":
        return None
    return module


def importChains(module: types.ModuleType, attributes: Iterable[str], depth: int = 0) -> FrozenSet[Tuple[str, ...]]:
    """The attribute chains code that imports ``module`` and reads
    ``attributes`` may read on it: each attribute it has, and through the
    submodules of the user's own among them, theirs (a few levels)."""
    attributes = frozenset(attributes)
    chains: Set[Tuple[str, ...]] = set()
    for a in attributes:
        value = module.__dict__.get(a, _MISSING)
        if value is _MISSING:
            continue
        chains.add((a,))
        if depth < 4 and isinstance(value, types.ModuleType) and not _isStdlibModule(value):
            chains.update((a,) + rest for rest in importChains(value, attributes, depth + 1))
    return frozenset(chains)


def _noteModuleChains(ctx: _Context, values: Dict[str, Any], chains: Dict[str, Iterable[Tuple[str, ...]]]) -> None:
    """Records, for each of ``values`` that is a module, the attribute chains
    code reads on it under its name (what of it :meth:`_walkUserModule` ships)."""
    for name, more in chains.items():
        value = values.get(name)
        if isinstance(value, types.ModuleType):
            ctx.moduleChains.setdefault(id(value), set()).update(more)


_MISSING = object()


def _typeName(obj: Any) -> str:
    cls = type(obj)
    module = getattr(cls, "__module__", None)
    qualname = getattr(cls, "__qualname__", cls.__name__)
    return qualname if module in (None, "builtins") else "%s.%s" % (module, qualname)


_PLAIN_CONTAINERS = (tuple, list, dict, set, frozenset)
_ROW_TYPES = frozenset([list, tuple])


def _isPlainData(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is a number, string, None or a (small-depth)
    container of those: a class attribute shipped as it is now rather than
    as its class body computed it (the class may have been changed since,
    or defined in a loop)."""
    if type(value) in _CONSTANT_TYPES:
        return True
    if depth > 20 or type(value) not in _PLAIN_CONTAINERS:
        return False
    items = value.items() if type(value) is dict else ((item, None) for item in value)
    return all(_isPlainData(k, depth + 1) and _isPlainData(v, depth + 1) for k, v in items)


def _isHeapType(cls: type) -> bool:
    return bool(getattr(cls, "__flags__", 0) & _HEAPTYPE)


def _stdlibPaths() -> Tuple[str, ...]:
    paths = set()
    for key in ("stdlib", "platstdlib"):
        try:
            paths.add(os.path.realpath(sysconfig.get_paths()[key]))
        except (KeyError, OSError):
            pass
    return tuple(paths)


# Standard-library modules the engine provides itself: their functions and
# classes are shipped by name (`from math import sqrt`).
_ENGINE_MODULES = frozenset({"math", "functools", "operator", "itertools", "bisect", "string"})


# The dtypes of numpy arrays pyfora holds.
_NUMPY_DTYPES = frozenset({"float64", "int64", "bool"})


# pyfora's classes whose objects exist in this process only (remote values'
# proxies are shipped as handles instead).
_CLIENT_ONLY_CLASSES = frozenset({"Executor", "WithBlockExecutor", "Future"})


def _isClientObject(value: Any) -> bool:
    """pyfora's own client-side objects (the package, its modules, an
    Executor, a with-block configuration, a Future): they live in this
    process only. A global, closure variable or attribute holding one is left
    out of what is shipped (remote code that reaches it gets a NameError or
    AttributeError), so that classes and functions that also drive pyfora
    locally can still be shipped."""
    if isinstance(value, types.ModuleType):
        name = value.__name__
        return name == "pyfora" or name.startswith("pyfora.")
    kind = type(value)
    module = getattr(kind, "__module__", None) or ""
    return module.startswith("pyfora.") and kind.__name__ in _CLIENT_ONLY_CLASSES


def _engineModuleMember(obj: Any) -> Optional[Tuple[str, str]]:
    """``(module, name)`` when ``obj`` is a function or class of a module the
    engine provides, reachable under that name (``math.sqrt``,
    ``functools.reduce``); None otherwise."""
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, types.ModuleType):
        module = owner.__name__.lstrip("_")
    elif isinstance(obj, (type, types.FunctionType)):
        # Classes, and functions written in Python (`functools.total_ordering`).
        module = getattr(obj, "__module__", "") or ""
    else:
        return None
    name = getattr(obj, "__name__", None)
    if module not in _ENGINE_MODULES or not isinstance(name, str):
        return None
    if getattr(sys.modules.get(module), name, None) is not obj:
        return None
    return module, name


def _unshippableModule(name: str) -> Optional[str]:
    """Why pyfora code can never use the module ``name`` (it talks to the
    machine or the outside world); None for the others."""
    if name in _UNSHIPPABLE_MODULES or name.partition(".")[0] in _UNSHIPPABLE_MODULES:
        return "module '%s' talks to the machine or the outside world; pyfora code cannot use it" % name
    return None


def _generatedClassKind(cls: type) -> Optional[str]:
    """What made ``cls`` when Python generated its methods (a dataclass, a
    named tuple); None for a class written out."""
    if "__dataclass_fields__" in cls.__dict__:
        return "a dataclass"
    if issubclass(cls, tuple) and isinstance(cls.__dict__.get("_fields"), tuple):
        return "a named tuple"
    return None


def _unprovidedModule(module: types.ModuleType) -> Optional[str]:
    """Why pyfora code cannot use ``module`` of the standard library (the
    engine does not provide it); None for the modules it provides, numpy's
    and the user's own."""
    from pyfora import _core

    name = module.__name__
    if name in _core.PROVIDED_MODULES or name.partition(".")[0] == "numpy" or not _isStdlibModule(module):
        return None
    provided = ["`%s`" % m for m in _core.PROVIDED_MODULES]
    return "module `%s` cannot be used inside pyfora code; pyfora provides %s and %s" % (name, ", ".join(provided[:-1]), provided[-1])


def _isStdlibModule(module: types.ModuleType) -> bool:
    top = module.__name__.partition(".")[0]
    known = getattr(sys, "stdlib_module_names", None)
    if known is not None:
        return top in known
    if top in sys.builtin_module_names:
        return True
    topModule = sys.modules.get(top, module)
    spec = getattr(topModule, "__spec__", None)
    origin = getattr(spec, "origin", None) or getattr(topModule, "__file__", None)
    if origin in ("built-in", "frozen"):
        return True
    if not isinstance(origin, str):
        return False
    origin = os.path.realpath(origin)
    if "site-packages" in origin or "dist-packages" in origin:
        return False
    return any(origin.startswith(path + os.sep) for path in _stdlibPaths())


def _unwrapMember(value: Any) -> Iterable[Any]:
    """Function objects hiding behind a class attribute."""
    if isinstance(value, (staticmethod, classmethod)):
        return (value.__func__,)
    if isinstance(value, property):
        return tuple(f for f in (value.fget, value.fset, value.fdel) if f is not None)
    inner = getattr(value, "func", None)  # functools.cached_property / partialmethod
    if isinstance(inner, types.FunctionType):
        return (inner,)
    return (value,)


def _classFunctions(cls: type) -> List[types.FunctionType]:
    """Functions defined by the body of ``cls`` (and of classes nested in it)."""
    prefix = cls.__qualname__ + "."
    found: List[types.FunctionType] = []
    for value in list(cls.__dict__.values()):
        for member in _unwrapMember(value):
            if isinstance(member, types.FunctionType) and member.__qualname__.startswith(prefix):
                found.append(member)
        if isinstance(value, type) and value is not cls and value.__qualname__.startswith(prefix):
            found.extend(_classFunctions(value))
    return found


def _specialReason(obj: Any) -> Optional[str]:
    """Why ``obj`` belongs to a category that can never be shipped, or None."""
    if isinstance(obj, io.IOBase):
        return "open files cannot be used by pyfora code (read the data locally, or use executor.importRemoteFile())"
    if isinstance(obj, socket.socket):
        return "sockets cannot be used by pyfora code"
    if isinstance(obj, (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)):
        return "generator and coroutine objects cannot be shipped (ship the function that creates them instead)"
    if isinstance(obj, (threading.Thread,) + _lockTypes()):
        return "threads and locks cannot be used by pyfora code"
    if isinstance(obj, (types.FrameType, types.TracebackType, types.CodeType)):
        return "frames, tracebacks and code objects cannot be shipped"
    return None


def _unshippableReason(obj: Any) -> str:
    """Why an object of an unsupported type can't be shipped, with a hint."""
    special = _specialReason(obj)
    if special is not None:
        return special
    if isinstance(obj, BaseException):
        return "instances of built-in exception classes cannot be shipped as values"
    if isinstance(obj, (bytes, bytearray, memoryview, complex, range, slice)):
        return "values of type %s are not supported by pyfora yet" % type(obj).__name__
    return "objects of type %s cannot be shipped to pyfora" % _typeName(obj)


_LOCK_TYPES: Optional[Tuple[type, ...]] = None


def _lockTypes() -> Tuple[type, ...]:
    global _LOCK_TYPES
    if _LOCK_TYPES is None:
        _LOCK_TYPES = (
            type(threading.Lock()),
            type(threading.RLock()),
            threading.Condition,
            threading.Event,
            threading.Semaphore,
        )
    return _LOCK_TYPES


# Deepest nesting walked: the walk recurses (with room on the recursion
# limit for this many levels, `Recursion.roomFor`), and before Python 3.11
# each level also takes C stack, which deeper nesting could overflow.
_MAX_NESTING = 2000


def _tooDeep(description: str, trace: Optional[List[Location]]) -> PythonToForaConversionError:
    return PythonToForaConversionError(
        "pyfora cannot convert %s: it is nested too deeply" % description, list(trace or []) or None
    )


class ObjectWalker:
    """Converts Python objects to descriptors for one engine.

    Args:
        setSource: ``setSource(path, text)`` registers a user file with the engine.
        proxyHandle: returns the engine handle of a proxy object (a
            ``RemotePythonObject``), None for any other object, or raises
            :class:`CannotShip`.
    """

    def __init__(
        self,
        setSource: Callable[[str, str], None],
        proxyHandle: Optional[Callable[[Any], Optional[int]]] = None,
    ) -> None:
        self._setSource = setSource
        self._proxyHandle = proxyHandle
        self._lock = threading.RLock()
        self._idsByPyId: Dict[int, int] = {}
        self._objectsById: Dict[int, Any] = {}
        self._nextId = 1
        self._sources: Dict[str, str] = {}

    # ----------------------------------------------------------------- ids
    def clientId(self, obj: Any) -> int:
        """The client id of a function or class (assigned on first use)."""
        with self._lock:
            found = self._idsByPyId.get(id(obj))
            if found is not None:
                return found
            clientId = self._nextId
            self._nextId += 1
            self._idsByPyId[id(obj)] = clientId
            self._objectsById[clientId] = obj  # keeps id(obj) from being reused
            return clientId

    def objectForId(self, clientId: int) -> Any:
        """The function or class shipped with ``clientId``; KeyError if unknown."""
        with self._lock:
            return self._objectsById[clientId]

    # -------------------------------------------------------------- source
    def registerSource(self, path: str, text: str) -> None:
        """Give the engine the text of ``path`` (again only if it changed)."""
        with self._lock:
            known = self._sources.get(path)
            if known is text or known == text:
                return
            self._setSource(path, text)
            self._sources[path] = text

    # ---------------------------------------------------------- public walks
    def walk(self, obj: Any, description: str = "the value", trace: Optional[List[Location]] = None) -> Walked:
        """Descriptor of ``obj``; ``description`` names it in error messages."""
        descs, proxies = self._walkAll([obj], [description], trace)
        return Walked(descs[0], proxies)

    def walkEnvironment(
        self, values: Dict[str, Any], path: str, line: int, chains: Optional[Dict[str, Iterable[Tuple[str, ...]]]] = None
    ) -> Walked:
        """Descriptors of the variables a with-block at ``path:line`` reads,
        as one descriptor dict (one engine call, so refs are shared).
        ``chains``: the attributes the block reads on each variable (see
        :func:`PyforaInspect.attributeChainsInLines`), which decide what of
        the user's own modules is shipped."""
        # pyfora's own client-side objects (the executor itself) stay out,
        # as they do from globals: remote code reaching one gets a NameError,
        # and a nested with-block is refused as such.
        names = [name for name in values if not _isClientObject(values[name])]
        descriptions = ["variable '%s' used in the with-block at %s:%d" % (name, path, line) for name in names]
        descs, proxies = self._walkAll([values[name] for name in names], descriptions, [{"path": path, "line": line}], values, chains)
        return Walked(dict(zip(names, descs)), proxies)

    def walkMany(self, values: List[Any], descriptions: List[str]) -> Walked:
        """Descriptors of several values as one tuple descriptor (one engine
        call, so an object passed twice stays one object remotely)."""
        descs, proxies = self._walkAll(values, descriptions, None)
        return Walked(("tuple", descs), proxies)

    def _walkAll(
        self,
        values: List[Any],
        descriptions: List[str],
        trace: Optional[List[Location]],
        named: Optional[Dict[str, Any]] = None,
        chains: Optional[Dict[str, Iterable[Tuple[str, ...]]]] = None,
    ) -> Tuple[List[Desc], List[Any]]:
        """Descriptors of ``values`` walked in one context. When a list, dict,
        set or instance is reached twice, walks again spelling each such value
        out once and referring to it afterwards. ``named`` and ``chains``:
        the attributes read on values by name (for the user's modules)."""
        with self._lock:
            descs, ctx = self._walkPass(values, descriptions, trace, None, named, chains)
            if ctx.repeated:
                keys = {pyId: -(index + 1) for index, pyId in enumerate(sorted(ctx.repeated))}
                descs, ctx = self._walkPass(values, descriptions, trace, keys, named, chains)
            return descs, ctx.proxies

    def _walkPass(
        self,
        values: List[Any],
        descriptions: List[str],
        trace: Optional[List[Location]],
        shareKeys: Optional[Dict[int, int]],
        named: Optional[Dict[str, Any]] = None,
        chains: Optional[Dict[str, Iterable[Tuple[str, ...]]]] = None,
    ) -> Tuple[List[Desc], _Context]:
        ctx = _Context(trace, shareKeys)
        _noteModuleChains(ctx, named or {}, chains or {})
        descs: List[Desc] = []
        with Recursion.roomFor(_MAX_NESTING):
            for value, description in zip(values, descriptions):
                try:
                    descs.append(self._child(value, ctx, description))
                except RecursionError:
                    raise _tooDeep(description, ctx.trace) from None
        return descs, ctx

    def _shareable(self, obj: Any, ctx: _Context, build: Callable[[], Desc]) -> Desc:
        """``build()``, or a shared/ref descriptor when ``obj`` is reached
        more than once in this walk."""
        key = id(obj)
        shareKey = ctx.shareKeys.get(key)
        if shareKey is not None:
            if shareKey in ctx.shared:
                return ("ref", shareKey)
            ctx.shared.add(shareKey)
            return ("shared", shareKey, build())
        if key in ctx.seen:
            ctx.repeated.add(key)
        else:
            ctx.seen.add(key)
        return build()

    # ------------------------------------------------------------- internals
    def _fail(self, ctx: _Context, reason: str, obj: Any = _MISSING) -> NoReturn:
        what = " -> ".join(ctx.names) or "the value"
        if obj is not _MISSING:
            what += " (an object of type %s)" % _typeName(obj)
        raise PythonToForaConversionError(
            "pyfora cannot convert %s: %s" % (what, reason), list(ctx.trace) or None
        )

    def _child(self, obj: Any, ctx: _Context, name: str) -> Desc:
        if type(obj) in _CONSTANT_TYPES:
            return obj
        if len(ctx.names) >= _MAX_NESTING:
            # Reported as "nested too deeply" like Python's own limit.
            raise RecursionError("nested deeper than %d levels" % _MAX_NESTING)
        ctx.names.append(name)
        try:
            return self._walk(obj, ctx)
        finally:
            ctx.names.pop()

    def _items(self, values: Iterable[Any], ctx: _Context, label: str) -> List[Desc]:
        # Items that are all numbers, strings, bools or None (the usual
        # data) are their own descriptors: one pass at C speed.
        if _CONSTANT_TYPES.issuperset(map(type, values)):
            return list(values)
        rows = self._plainRows(values, ctx)
        if rows is not None:
            return rows
        out: List[Desc] = []
        for index, value in enumerate(values):
            if type(value) in _CONSTANT_TYPES:
                out.append(value)
            else:
                out.append(self._child(value, ctx, "%s %d" % (label, index)))
        return out

    def _plainRows(self, values: Iterable[Any], ctx: _Context) -> Optional[List[Desc]]:
        """The descriptors of rows (a matrix: lists or tuples whose items
        are all plain scalars) without walking each row's items one by one;
        None when ``values`` are not all such rows. Lists still go through
        ``_shareable``, so aliasing between rows is kept."""
        if not _ROW_TYPES.issuperset(map(type, values)):
            return None
        if not all(_CONSTANT_TYPES.issuperset(map(type, row)) for row in values):
            return None
        return [
            self._shareable(row, ctx, lambda row=row: ("list", list(row))) if type(row) is list else ("tuple", list(row))
            for row in values
        ]

    def _walk(self, obj: Any, ctx: _Context) -> Desc:
        kind = type(obj)
        if kind in _CONSTANT_TYPES:
            return obj
        if kind is _UnboundLocal:
            return ("unbound",)
        if kind in (list, tuple, dict, set, frozenset):
            return self._walkContainer(obj, ctx)
        numpy = sys.modules.get("numpy")
        if numpy is not None:
            NumpyProbe.configure(numpy)
            desc = self._walkNumpy(obj, ctx, numpy)
            if desc is not None:
                return desc
        if self._proxyHandle is not None:
            try:
                handle = self._proxyHandle(obj)
            except CannotShip as problem:
                self._fail(ctx, str(problem))
            if handle is not None:
                ctx.proxies.append(obj)
                return ("handle", handle)
        builtinName = _BUILTIN_NAMES.get(id(obj))
        if builtinName is not None and getattr(builtins, builtinName, None) is obj:
            return ("builtin", builtinName)
        member = _engineModuleMember(obj)
        if member is not None:
            return ("member", member[0], member[1])
        if kind is types.FunctionType:
            return self._walkFunction(obj, ctx)
        if kind is types.MethodType:
            self._fail(
                ctx,
                "bound methods can only be passed directly to executor.submit(); "
                "pass the object and call the method inside a function instead",
                obj,
            )
        if kind in (staticmethod, classmethod):
            return self._child(obj.__func__, ctx, "its function")
        if kind is functools.partial:
            # The engine's `functools.partial` holds CPython's three parts.
            return (
                "instance",
                ("member", "functools", "partial"),
                {
                    "func": self._child(obj.func, ctx, "the function of a functools.partial"),
                    "args": self._child(obj.args, ctx, "the arguments of a functools.partial"),
                    "keywords": self._child(obj.keywords, ctx, "the keyword arguments of a functools.partial"),
                },
            )
        rebuilt = self._walkRebuiltBuiltin(obj, ctx)
        if rebuilt is not None:
            return rebuilt
        if isinstance(obj, types.ModuleType):
            return self._walkModule(obj, ctx)
        if isinstance(obj, type):
            return self._walkClass(obj, ctx)
        if kind is types.BuiltinFunctionType and isinstance(getattr(obj, "__self__", None), types.ModuleType):
            module = obj.__self__.__name__
            public = module.lstrip("_")
            self._fail(
                ctx,
                "'%s.%s' is a built-in function of module '%s'; pyfora can only use it through its "
                "module: write `import %s` and call `%s.%s(...)`"
                % (module, obj.__name__, module, public, public, obj.__name__),
            )
        if _isHeapType(kind) and _specialReason(obj) is None:
            return self._walkInstance(obj, ctx)
        self._fail(ctx, _unshippableReason(obj), obj)

    def _walkRebuiltBuiltin(self, obj: Any, ctx: _Context) -> Optional[Desc]:
        """Builtin values the engine rebuilds by calling a builtin or reading
        an attribute: ranges, instances of builtin exception classes,
        methods of builtin types (``str.lower``) and of builtin values
        (``",".join``), ``operator.itemgetter``/``attrgetter``/
        ``methodcaller`` objects; None for anything else."""
        kind = type(obj)
        if kind is range:
            return ("call", ("builtin", "range"), [obj.start, obj.stop, obj.step])
        if isinstance(obj, BaseException) and kind.__module__ == "builtins" and isSameNamedBuiltin(kind.__name__, kind):
            return ("call", ("builtin", kind.__name__), self._items(list(obj.args), ctx, "argument of the %s" % kind.__name__))
        if kind in _METHOD_DESCRIPTORS:
            owner = getattr(obj, "__objclass__", None)
            if isinstance(owner, type) and owner.__module__ == "builtins" and isSameNamedBuiltin(owner.__name__, owner):
                return ("attr", ("builtin", owner.__name__), obj.__name__)
            return None
        if kind is types.BuiltinMethodType:
            receiver = getattr(obj, "__self__", None)
            if receiver is not None and type(receiver) in _METHOD_RECEIVERS:
                return ("attr", self._child(receiver, ctx, "the object of method '%s'" % obj.__name__), obj.__name__)
            return None
        if kind is getattr(functools, "_lru_cache_wrapper", None):
            self._fail(
                ctx,
                "functions decorated with functools.lru_cache or functools.cache cannot be shipped yet: "
                "remove the decorator (the function's results do not change without it)",
                obj,
            )
        if kind in (operator.itemgetter, operator.attrgetter, operator.methodcaller):
            maker, args = obj.__reduce__()[:2]
            if maker is kind:
                return (
                    "call",
                    ("member", "operator", kind.__name__),
                    [self._child(arg, ctx, "an argument of the operator.%s" % kind.__name__) for arg in args],
                )
        return None

    def _walkNumpy(self, obj: Any, ctx: _Context, numpy: types.ModuleType) -> Optional[Desc]:
        """Arrays (packed), numpy scalars (as Python scalars) and the
        functions and types of the numpy module (by name); None for
        anything else. pyfora never imports numpy itself: only a process
        that has it can hold its objects."""
        if isinstance(obj, numpy.ndarray):
            if type(obj) is not numpy.ndarray:
                self._fail(
                    ctx,
                    "subclasses of numpy.ndarray (masked arrays, matrices, ...) cannot be shipped; "
                    "pass a plain array (numpy.asarray(x))",
                    obj,
                )
            if obj.dtype.name not in _NUMPY_DTYPES:
                self._fail(
                    ctx,
                    "numpy arrays of dtype %s cannot be shipped; pyfora's arrays hold float64, int64 or bool "
                    "(convert with a.astype(numpy.float64))" % obj.dtype.name,
                    obj,
                )
            if obj.ndim == 0:
                return obj.item()
            native = numpy.ascontiguousarray(obj, dtype=obj.dtype.newbyteorder("="))
            return ("ndarray", obj.dtype.name, tuple(int(n) for n in obj.shape), native.tobytes())
        if isinstance(obj, numpy.generic):
            if obj.dtype.name not in _NUMPY_DTYPES:
                self._fail(ctx, "numpy scalars of dtype %s cannot be shipped; pyfora has float64, int64 and bool" % obj.dtype.name, obj)
            return obj.item()
        name = getattr(obj, "__name__", None)
        if isinstance(name, str) and not isinstance(obj, types.ModuleType) and getattr(numpy, name, None) is obj:
            return ("member", "numpy", name)
        return None

    def _walkContainer(self, obj: Any, ctx: _Context) -> Desc:
        if type(obj) is tuple or type(obj) is frozenset:
            return self._walkContainerItems(obj, ctx)
        return self._shareable(obj, ctx, lambda: self._walkContainerItems(obj, ctx))

    def _walkContainerItems(self, obj: Any, ctx: _Context) -> Desc:
        key = id(obj)
        if key in ctx.active:
            self._fail(ctx, "it contains itself; self-referential data structures cannot be shipped", obj)
        ctx.active.add(key)
        try:
            kind = type(obj)
            if kind is list:
                return ("list", self._items(obj, ctx, "item"))
            if kind is tuple:
                return ("tuple", self._items(obj, ctx, "item"))
            if kind is dict:
                pairs = []
                for k, v in obj.items():
                    kd = k if type(k) in _CONSTANT_TYPES else self._child(k, ctx, "key %r" % (k,))
                    vd = v if type(v) in _CONSTANT_TYPES else self._child(v, ctx, "value for key %r" % (k,))
                    pairs.append((kd, vd))
                return ("dict", pairs)
            label = "set" if kind is set else "frozenset"
            return (label, self._items(obj, ctx, "element"))
        finally:
            ctx.active.discard(key)

    def _source(self, code: types.CodeType, moduleGlobals: Optional[Dict[str, Any]], what: str, ctx: _Context) -> Tuple[str, str]:
        path, text = PyforaInspect.getSourceOfCode(code, moduleGlobals)
        if text is None:
            self._fail(
                ctx,
                "the source code of %s is not available (it was defined in %r); pyfora needs the "
                "source of every function and class it runs, so define it in a file" % (what, path),
            )
        self.registerSource(path, text)
        return path, text

    def _walkFunction(self, fn: types.FunctionType, ctx: _Context) -> Desc:
        clientId = self.clientId(fn)
        if clientId in ctx.emitted:
            return ("ref", clientId)
        code = fn.__code__
        isLambda = code.co_name == "<lambda>"
        what = "the lambda" if isLambda else "function '%s'" % fn.__qualname__
        path, text = self._source(code, fn.__globals__, what, ctx)
        line = code.co_firstlineno
        ctx.emitted.add(clientId)
        count = code.co_argcount + code.co_kwonlyargcount
        count += bool(code.co_flags & inspect.CO_VARARGS) + bool(code.co_flags & inspect.CO_VARKEYWORDS)
        params = list(code.co_varnames[:count])
        spec: Dict[str, Any] = {
            "id": clientId,
            "kind": "lambda" if isLambda else "def",
            "name": code.co_name,
            "path": path,
            "line": line,
            "params": params,
            "index": PyforaInspect.lambdaIndex(code, params, path, text) if isLambda else 0,
            "globals": {},
            "closure": {},
            "defaults": [],
            "kwdefaults": {},
        }
        where = "%s (%s:%d)" % (what, path, line)
        ctx.trace.append({"path": path, "line": line})
        try:
            # The engine converts defaults, then globals and closure: the
            # same order, so a shared value is spelled out before its refs.
            spec["defaults"] = [
                self._child(value, ctx, "default value %d of %s" % (index, where))
                for index, value in enumerate(fn.__defaults__ or ())
            ]
            spec["kwdefaults"] = {
                name: self._child(value, ctx, "default value of '%s' of %s" % (name, where))
                for name, value in (fn.__kwdefaults__ or {}).items()
            }
            _noteModuleChains(ctx, fn.__globals__, PyforaInspect.attributeChainsOfCode(code))
            spec["globals"] = self._globals(
                fn.__globals__, PyforaInspect.globalNamesOfCode(code), ctx, where, readLines=PyforaInspect.globalReadLines(code)
            )
            spec["globals"].update(self._imports([code], ctx, where))
            spec["closure"] = self._closure([fn], ctx, where, skipClassCell=False)
            # Attributes set on the function (`f.tag = ...`), converted last
            # by the engine too.
            attrs = {name: value for name, value in fn.__dict__.items() if not (name.startswith("__") and name.endswith("__"))}
            if attrs:
                spec["attrs"] = {
                    name: self._child(value, ctx, "attribute '%s' of %s" % (name, where)) for name, value in attrs.items()
                }
        finally:
            ctx.trace.pop()
        return ("function", spec)

    def _imports(self, codes: Iterable[types.CodeType], ctx: _Context, where: str) -> Dict[str, Desc]:
        """The user's own modules that ``codes`` import (``import util`` in a
        function body), under the global names the engine reads them by
        (:data:`PyforaInspect.IMPORT_PREFIX`), with the attributes the code
        reads. Modules pyfora provides resolve in the engine; other
        modules are not shipped (importing one raises there)."""
        modules: Set[str] = set()
        attributes: Set[str] = set()
        for code in codes:
            more_modules, more_attributes = PyforaInspect.importsOfCode(code)
            modules |= more_modules
            attributes |= more_attributes
        out: Dict[str, Desc] = {}
        for name in sorted(modules):
            module = importedUserModule(name)
            if module is None:
                continue
            ctx.moduleChains.setdefault(id(module), set()).update(importChains(module, attributes))
            out[PyforaInspect.IMPORT_PREFIX + name] = self._child(module, ctx, "module '%s' imported by %s" % (name, where))
        return out

    def _globals(
        self,
        moduleGlobals: Dict[str, Any],
        names: Iterable[str],
        ctx: _Context,
        where: str,
        deferModules: bool = False,
        readLines: Optional[Dict[str, int]] = None,
    ) -> Dict[str, Desc]:
        """Descriptors of the globals ``names``. ``deferModules`` (a class,
        whose methods may never run): a module pyfora cannot use ships as
        one that raises the refusal when a method reads it. ``readLines``:
        the line that first reads each name, where an error about it
        points."""
        out: Dict[str, Desc] = {}
        # The module's name: a class's `__module__`, and `__name__` itself.
        moduleName = moduleGlobals.get("__name__")
        if isinstance(moduleName, str):
            out["__name__"] = moduleName
        for name in sorted(names):
            if name == "__name__":
                continue
            if name not in moduleGlobals:
                continue  # a builtin, or a NameError if the engine ever reaches it
            value = moduleGlobals[name]
            if isSameNamedBuiltin(name, value) or _isClientObject(value):
                continue
            if deferModules and isinstance(value, types.ModuleType):
                refusal = _unshippableModule(value.__name__) or _unprovidedModule(value)
                if refusal is not None:
                    out[name] = ("refusedmodule", value.__name__, refusal)
                    continue
            # An error in the global points at the line that reads it.
            line = (readLines or {}).get(name)
            outer = ctx.trace[-1] if ctx.trace else None
            if line is not None and outer is not None:
                ctx.trace[-1] = dict(outer, line=line)
            try:
                out[name] = self._child(value, ctx, "global '%s' of %s" % (name, where))
            finally:
                if line is not None and outer is not None:
                    ctx.trace[-1] = outer
        return out

    def _closure(self, functions: List[types.FunctionType], ctx: _Context, where: str, skipClassCell: bool) -> Dict[str, Desc]:
        out: Dict[str, Desc] = {}
        for fn in functions:
            for name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or ()):
                if name in out or (skipClassCell and name == "__class__"):
                    continue
                try:
                    value = cell.cell_contents
                except ValueError:  # empty cell: the variable is not bound yet
                    continue
                if _isClientObject(value):
                    continue
                out[name] = self._child(value, ctx, "closure variable '%s' of %s" % (name, where))
        return out

    def _walkModule(self, module: types.ModuleType, ctx: _Context) -> Desc:
        name = module.__name__
        top = name.partition(".")[0]
        refusal = _unshippableModule(name)
        if refusal is not None:
            self._fail(ctx, refusal)
        if name == "numpy":
            return ("module", name)
        if top == "numpy":
            self._fail(
                ctx,
                "pyfora provides numpy's own functions (numpy.array, numpy.sum, numpy.dot, ...), "
                "not module '%s'" % name,
            )
        if not _isStdlibModule(module):
            return self._walkUserModule(module, ctx)
        refusal = _unprovidedModule(module)
        if refusal is not None:
            self._fail(ctx, refusal)
        return ("module", name)

    def _walkUserModule(self, module: types.ModuleType, ctx: _Context) -> Desc:
        """One of the user's own modules: the attributes that the code
        walked reads on it (``util.scale``, ``pkg.util.scale``), each shipped
        as any value is. The same descriptor is returned each time the
        module is reached in a walk, with the attributes found since added."""
        spec = ctx.moduleSpecs.get(id(module))
        if spec is None:
            # `names`: what the module has, so that reaching one not
            # shipped (getattr with a computed name) is an error, not absence.
            names = sorted(name for name in module.__dict__ if not (name.startswith("__") and name.endswith("__")))
            spec = {"id": self.clientId(module), "name": module.__name__, "attrs": {}, "names": names}
            ctx.moduleSpecs[id(module)] = spec
        attrs = spec["attrs"]
        for chain in sorted(ctx.moduleChains.get(id(module), ())):
            name, rest = chain[0], chain[1:]
            value = module.__dict__.get(name, _MISSING)
            if value is _MISSING or _isClientObject(value):
                continue  # an AttributeError remotely, if reached
            if isinstance(value, types.ModuleType) and rest:
                ctx.moduleChains.setdefault(id(value), set()).add(rest)
            elif name in attrs:
                continue
            attrs[name] = self._child(value, ctx, "attribute '%s' of module '%s'" % (name, module.__name__))
        return ("usermodule", spec)

    def _classSource(self, cls: type, methods: List[types.FunctionType], ctx: _Context) -> Tuple[str, str, Dict[str, Any]]:
        """``(path, text, module_globals)`` of the file that defines ``cls``."""
        for method in methods:
            methodPath, methodText = PyforaInspect.getSourceOfCode(method.__code__, method.__globals__)
            if methodText is not None:
                return methodPath, methodText, method.__globals__
        module = sys.modules.get(cls.__module__)
        moduleGlobals = getattr(module, "__dict__", None)
        path: Optional[str] = None
        try:
            path = inspect.getsourcefile(cls)
        except (TypeError, OSError):
            path = None
        text = PyforaInspect.getSourceOfPath(path, moduleGlobals) if path else None
        if path is None or text is None:
            self._fail(
                ctx,
                "the source code of class '%s' is not available; pyfora needs the source of every "
                "function and class it runs, so define it in a file" % cls.__qualname__,
            )
        return path, text, moduleGlobals or {}

    def _walkClass(self, cls: type, ctx: _Context) -> Desc:
        if type(cls) is not type:
            self._fail(
                ctx,
                "class '%s' uses the metaclass %s; pyfora supports plain classes only"
                % (cls.__qualname__, _typeName(cls)),
            )
        if not _isHeapType(cls):
            self._fail(ctx, "class '%s.%s' is implemented in C and cannot be shipped" % (cls.__module__, cls.__qualname__))
        clientId = self.clientId(cls)
        if clientId in ctx.emitted:
            return ("ref", clientId)
        module = sys.modules.get(cls.__module__)
        refusal = _unprovidedModule(module) if isinstance(module, types.ModuleType) else None
        if refusal is not None:
            self._fail(ctx, "class '%s.%s' comes from the standard library: %s" % (cls.__module__, cls.__qualname__, refusal))
        generated = _generatedClassKind(cls)
        if generated is not None:
            self._fail(
                ctx,
                "class '%s' is %s: the methods Python generates for it have no source code, which pyfora "
                "needs; write it as a plain class with its own __init__ (and the other methods the code uses)"
                % (cls.__qualname__, generated),
            )
        methods = _classFunctions(cls)
        path, text, moduleGlobals = self._classSource(cls, methods, ctx)
        methods = [m for m in methods if PyforaInspect.getSourceOfCode(m.__code__, m.__globals__)[0] == path]
        node = PyforaInspect.findClassDefinition(cls, path, text, [m.__code__.co_firstlineno for m in methods])
        if node is None:
            self._fail(ctx, "cannot find the definition of class '%s' in %s" % (cls.__qualname__, path))
        firstLine = cls.__dict__.get("__firstlineno__")
        line = firstLine if isinstance(firstLine, int) else PyforaInspect.firstLineOf(node)
        self.registerSource(path, text)
        ctx.emitted.add(clientId)
        spec: Dict[str, Any] = {
            "id": clientId,
            "name": cls.__name__,
            "path": path,
            "line": line,
            "bases": [],
            "globals": {},
            "closure": {},
        }
        where = "class '%s' (%s:%d)" % (cls.__qualname__, path, line)
        ctx.trace.append({"path": path, "line": line})
        try:
            spec["bases"] = [
                self._child(base, ctx, "base class '%s' of %s" % (base.__qualname__, where))
                for base in cls.__bases__
                if base is not object
            ]
            names = set(PyforaInspect.classBodyLoadedNames(node))
            for method in methods:
                names |= PyforaInspect.globalNamesOfCode(method.__code__)
                _noteModuleChains(ctx, moduleGlobals, PyforaInspect.attributeChainsOfCode(method.__code__))
            spec["globals"] = self._globals(moduleGlobals, names, ctx, where, deferModules=True)
            spec["globals"].update(self._imports([method.__code__ for method in methods], ctx, where))
            spec["closure"] = self._closure(methods, ctx, where, skipClassCell=True)
            # Data as it is now, and functions set on the class from outside
            # its body (`C.method = f` after the class statement): the class
            # may have been changed since its body ran.
            prefix = cls.__qualname__ + "."
            spec["attrs"] = {
                name: self._child(value, ctx, "class attribute '%s' of %s" % (name, where))
                for name, value in cls.__dict__.items()
                if not (name.startswith("__") and name.endswith("__"))
                and (_isPlainData(value) or (isinstance(value, types.FunctionType) and not value.__qualname__.startswith(prefix)))
            }
            spec["decorators"] = [
                self._child(self._decorator(expr, moduleGlobals, cls, ctx), ctx, "decorator of %s" % where)
                for expr in node.decorator_list
            ]
        finally:
            ctx.trace.pop()
        return ("class", spec)

    def _decorator(self, expr: ast.expr, moduleGlobals: Dict[str, Any], cls: type, ctx: _Context) -> Any:
        """The object a class decorator written as a name or dotted name
        (``total_ordering``, ``functools.total_ordering``) refers to; the
        engine applies it to the class again, as the class statement did."""
        line = expr.lineno
        parts: List[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if isinstance(expr, ast.Name):
            missing = object()
            value = moduleGlobals.get(expr.id, getattr(builtins, expr.id, missing))
            for attr in reversed(parts):
                value = getattr(value, attr, missing) if value is not missing else missing
            if value is not missing:
                return value
        self._fail(
            ctx,
            "a decorator of class '%s' (line %d) is not a name defined in its module; pyfora applies "
            "class decorators written as names or dotted names (such as functools.total_ordering)"
            % (cls.__qualname__, line),
        )

    def _instanceProblem(self, cls: type) -> Optional[str]:
        if type(cls) is not type:
            return "its class '%s' uses a metaclass; pyfora supports plain classes only" % cls.__qualname__
        for base in cls.__mro__[1:]:
            if base is object or _isHeapType(base) or issubclass(base, BaseException):
                continue
            return "it is an instance of a subclass of the built-in type '%s', which pyfora cannot ship" % base.__name__
        for klass in cls.__mro__:
            if klass is not object and "__slots__" in klass.__dict__:
                return "its class '%s' uses __slots__, which pyfora does not support" % klass.__qualname__
        return None

    def _walkInstance(self, obj: Any, ctx: _Context) -> Desc:
        return self._shareable(obj, ctx, lambda: self._walkInstanceFields(obj, ctx))

    def _walkInstanceFields(self, obj: Any, ctx: _Context) -> Desc:
        cls = type(obj)
        problem = self._instanceProblem(cls)
        if problem is not None:
            self._fail(ctx, problem, obj)
        try:
            attributes = vars(obj)
        except TypeError:
            self._fail(ctx, _unshippableReason(obj), obj)
        key = id(obj)
        if key in ctx.active:
            self._fail(ctx, "it refers to itself; self-referential data structures cannot be shipped", obj)
        ctx.active.add(key)
        try:
            classDesc = self._child(cls, ctx, "its class '%s'" % cls.__qualname__)
            classSlot = classDesc[1] if classDesc[0] == "class" else classDesc
            fields: Dict[str, Desc] = {}
            for name, value in list(attributes.items()):
                if _isClientObject(value):
                    continue
                fields[name] = value if type(value) in _CONSTANT_TYPES else self._child(value, ctx, "attribute '%s'" % name)
            return ("instance", classSlot, fields)
        finally:
            ctx.active.discard(key)
