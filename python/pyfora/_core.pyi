"""Type stub for ``pyfora._core``, the compiled engine (crate ``pyfora-python``).

The Python package walks user objects and hands the engine *descriptors*: plain
Python values that say what each object is. The engine never sees arbitrary
Python objects.

Descriptor grammar (``Desc``)::

    None | bool | int | float | str            constants, passed as themselves
    ("tuple", [Desc, ...])
    ("list", [Desc, ...])
    ("dict", [(Desc, Desc), ...])
    ("set", [Desc, ...]) | ("frozenset", [Desc, ...])
    ("module", "math")                          a module shipped by reference
    ("builtin", "len")                          a builtin object by name
    ("member", "numpy", "zeros")                a function or type of a provided module
    ("ndarray", dtype, shape, bytes)            a numpy array: "float64" | "int64" | "bool",
                                                a tuple of ints, the items in C order
    ("function", FunctionSpec)
    ("class", ClassSpec)
    ("instance", ClassSpec, {attr: Desc})       an instance of a user class
    ("handle", int)                             a value already in the engine
    ("shared", int, Desc)                       a list, dict, set or instance reached
                                                more than once; the key is negative
    ("ref", int)                                back-reference to a FunctionSpec/ClassSpec
                                                with that ``id``, or to a shared value
                                                with that key, shipped earlier in the
                                                same call (recursion, cycles, aliases)

``FunctionSpec`` is a dict::

    {"id": int,              # client-side id, unique per client object
     "kind": "def" | "lambda",
     "name": str,            # co_name
     "path": str,            # the user's file
     "line": int,            # 1-based line of the def (or first decorator) / lambda
     "params": [str],        # co_varnames[:argcount] (used to tell lambdas on one line apart)
     "index": int,           # which lambda of those alike on that line, in source order
     "globals": {name: Desc},   # module-level names the code reads (only those found)
     "closure": {name: Desc},   # free variables captured from enclosing functions
     "defaults": [Desc],        # __defaults__ values
     "kwdefaults": {name: Desc}}

``ClassSpec`` is a dict::

    {"id": int, "name": str, "path": str, "line": int,
     "bases": [Desc],            # ("class", ...) / ("ref", id) / ("builtin", "Exception") ...
     "globals": {name: Desc},    # module-level names the class body and its methods read
     "closure": {name: Desc}}

Values coming back (``Engine.to_python``) use the same grammar, with instances
as ``("instance", class_id: int, {attr: value})`` where ``class_id`` is the
``id`` of the ClassSpec the client shipped; functions and other values that
cannot come back raise ``ConversionError``.
"""
from typing import Any, Dict, List, Optional, Tuple

Desc = Any


def set_numpy_unlike_libm(names: List[str]) -> None:
    """The numpy functions (of ``numpy_libm_functions()``) the client's
    numpy computes unlike the C library; the engine refuses them."""


def numpy_libm_functions() -> List[str]:
    """The numpy functions the engine computes with the C library's math."""


def set_numpy_sum_block(block: int) -> None:
    """How float sums over numpy arrays group additions, to match the
    client's numpy: 0 pairwise over the whole array, 8192 pairwise within
    8192-item blocks added in order (numpy before 2.3)."""

PROVIDED_MODULES: List[str]
"""The standard-library modules remote code may use (``math``, ...)."""

class RemoteException(Exception):
    """An exception raised by user code running in the engine.

    ``args`` is ``(type_name: str, exc_args: list[Desc], class_id: Optional[int],
    trace: list[dict], assigned: Optional[dict], details: dict)`` where
    ``type_name`` is the exception's class name: a builtin exception
    (``"ZeroDivisionError"``) or a class remote code created when
    ``class_id`` is None, otherwise the user exception class shipped with
    that id; ``trace`` is ``[{"path": str, "line": int, "function": str},
    ...]`` outermost first; ``assigned`` is the ``run_block`` dict below;
    ``details`` holds ``"attributes"`` (the instance's attributes besides
    ``args``, as descriptors) and, for a class remote code created,
    ``"base"``: its nearest ancestor the client knows (a builtin name or a
    shipped class id).
    """

class ConversionError(Exception):
    """Source that pyfora refuses to run, or an object it cannot convert.

    ``args`` is ``(message: str, trace: list[{"path": str, "line": int}])``.
    """

class InvalidOperation(Exception):
    """Mutation of a shared value (pyfora.InvalidPyforaOperation).

    ``args`` is ``(message: str, trace: list[{"path", "line"}])``.
    """

class Cancelled(Exception):
    """The computation was stopped by ``Engine.cancel``."""

class Engine:
    """The embedded engine: a store of values addressed by integer handles."""

    def __init__(self, threads: Optional[int] = None, python_minor: Optional[int] = None) -> None:
        """``python_minor``: the client's Python 3 minor version; the engine
        follows it where CPython versions differ (process-wide)."""
    def set_int_max_str_digits(self, limit: int) -> None:
        """Follow the client's ``sys.set_int_max_str_digits`` (0: no limit;
        process-wide)."""
    def worker_count(self) -> int: ...
    def workers_busy(self) -> int: ...
    def fraction_done(self) -> Optional[float]: ...
    def native_code(self) -> bool: ...
    def set_source(self, path: str, text: str) -> None:
        """Register the text of a user file; must precede specs naming ``path``."""
    def import_file(self, path: str) -> int:
        """Map the UTF-8 file at ``path`` as a str value (paged in as it is
        read, never copied); returns its handle. Raises OSError."""
    def define(self, desc: Desc) -> int:
        """Convert a descriptor into an engine value; returns its handle."""
    def unpack(self, handle: int) -> List[int]:
        """Handles of the items of the tuple behind ``handle``."""
    def call(self, fn: int, args: List[int], token: Optional[int] = None) -> int:
        """Call the value ``fn`` with positional ``args``; returns the result's handle.

        Raises RemoteException, InvalidOperation, ConversionError, or
        Cancelled when ``cancel(token)`` stopped it."""
    def cancel(self, token: int) -> None:
        """Stops the computation started with ``token`` (within milliseconds)."""
    def handle_count(self) -> int:
        """Number of live handles."""
    def block_free_names(self, path: str, line: int) -> List[str]:
        """Names the body of the ``with`` statement at ``path:line`` reads before
        (or without) assigning them; the client supplies their values."""
    def block_assigned_names(self, path: str, line: int) -> List[str]:
        """Names the body of the ``with`` statement assigns."""
    def run_block(self, path: str, line: int, env: Dict[str, Desc], token: Optional[int] = None) -> Dict[str, int]:
        """Run the body of the ``with`` statement at ``path:line`` with ``env`` as its
        outer scope. Returns the handles of the names it assigned. When the body
        raises, the RemoteException carries a fifth arg: the dict of handles
        assigned before the exception."""
    def to_python(self, handle: int) -> Desc:
        """The value behind ``handle`` as a descriptor (raises ConversionError when
        it cannot come back, e.g. a generator or a function)."""
    def to_python_many(self, handles: List[int]) -> Desc:
        """The values behind ``handles`` as one tuple descriptor (objects they share come back shared)."""
    def byte_size(self, handle: int) -> int:
        """An estimate of the value's size when downloaded (for downloadSmall)."""
    def size_at_most(self, handle: int, limit: int) -> bool:
        """Whether that estimate is at most ``limit`` (stops counting past it)."""
    def module_name(self, handle: int) -> Optional[str]:
        """The name of the module behind ``handle``; None for any other value."""
    def release(self, handle: int) -> None: ...
