"""Helpers shared by the conformance tests.

``canonical(value)`` turns a result into an exact, comparable, hashable form:

* every scalar carries its type name, so ``True`` != ``1`` != ``1.0``;
* floats go through ``repr`` so ``-0.0`` != ``0.0`` and ``nan`` == ``nan``;
* tuples, lists and dicts keep their order (dicts as ordered (key, value)
  pairs); sets and frozensets are sorted by the ``repr`` of the canonical form
  of their elements, so their iteration order never matters;
* instances of user classes become ``("instance", class name, canonical of
  __dict__)``; exception instances ``("exception", type name, canonical args)``;
* numpy arrays become ``("ndarray", dtype, shape, canonical items)``, and
  numpy scalars the Python scalar of the same value (pyfora's documented
  difference: items read out of arrays are Python scalars).

``run_cpython(fn, args)`` / ``run_pyfora(executor, fn, args)`` return either
``("ok", canonical(value))`` or ``("raise", exception type name)``.

``case_module_names`` / ``import_case_module`` / ``iter_cases`` collect the
corpus; ``refused_line`` finds the ``# REFUSED-LINE`` marker of a refused case.
Only the standard library is used; ``pyfora`` is imported lazily so the corpus
can be collected and checked under plain CPython.
"""

import os
import sys

__all__ = [
    "canonical",
    "run_cpython",
    "run_pyfora",
    "pyfora_chain",
    "unwrap_pyfora_exception",
    "refused_line",
    "REFUSED_MARKER",
    "case_module_names",
    "import_case_module",
    "iter_cases",
]

REFUSED_MARKER = "# REFUSED-LINE"


def canonical(value):
    """Exact comparable form of ``value`` (see module docstring)."""
    # bool before int: bool is a subclass of int.
    t = type(value)
    if value is None:
        return ("NoneType", None)
    if t is bool:
        return ("bool", value)
    if t is int:
        return ("int", value)
    if t is float:
        return ("float", repr(value))
    if t is complex:
        return ("complex", repr(value))
    if t is str:
        return ("str", value)
    if t is bytes:
        return ("bytes", value)
    if t is tuple:
        return ("tuple", tuple(canonical(v) for v in value))
    if t is list:
        return ("list", tuple(canonical(v) for v in value))
    if t is dict:
        return ("dict", tuple((canonical(k), canonical(v)) for k, v in value.items()))
    if t is set or t is frozenset:
        items = sorted((canonical(v) for v in value), key=repr)
        return (t.__name__, tuple(items))
    if t is range:
        return ("range", (value.start, value.stop, value.step))
    if t is slice:
        return ("slice", (canonical(value.start), canonical(value.stop), canonical(value.step)))
    if value is Ellipsis:
        return ("ellipsis", None)
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray):
        flat = tuple(canonical(v) for v in value.ravel().tolist())
        return ("ndarray", value.dtype.name, tuple(value.shape), flat)
    if numpy is not None and isinstance(value, numpy.generic):
        # Documented: pyfora gives numpy's scalars as Python scalars.
        return canonical(value.item())
    if isinstance(value, BaseException):
        return ("exception", t.__name__, canonical(tuple(value.args)))
    if isinstance(value, type):
        return ("type", value.__name__)
    d = getattr(value, "__dict__", None)
    if t.__module__ != "builtins" and type(d) is dict:
        # an instance of a user class (functions, generators, modules, ... all
        # have types living in ``builtins`` and are rejected below)
        return ("instance", t.__name__, canonical(d))
    raise TypeError(
        "canonical(): unsupported result type %s (%r)" % (t.__name__, value)
    )


def run_cpython(fn, args=()):
    """Run ``fn(*args)`` in CPython; ``("ok", canonical)`` or ``("raise", name)``."""
    try:
        value = fn(*args)
    except Exception as exc:  # noqa: BLE001 - any exception is an outcome
        return ("raise", type(exc).__name__)
    return ("ok", canonical(value))


def pyfora_chain(executor, fn, args=()):
    """The full remote round trip; whatever it raises propagates."""
    return executor.submit(fn, *args).result().toLocal().result()


def unwrap_pyfora_exception(exc):
    """``ComputationError`` -> its ``remoteException``; anything else unchanged."""
    import pyfora

    if isinstance(exc, pyfora.ComputationError):
        remote = getattr(exc, "remoteException", None)
        if isinstance(remote, BaseException):
            return remote
    return exc


def run_pyfora(executor, fn, args=()):
    """Run ``fn(*args)`` through pyfora; ``("ok", canonical)`` or ``("raise", name)``.

    Only an exception raised *by the remote code* (``ComputationError``) is an
    outcome; any other error (conversion refusal, engine crash, ...) propagates
    so the test fails with pyfora's own message.
    """
    import pyfora

    try:
        value = pyfora_chain(executor, fn, args)
    except pyfora.ComputationError as exc:
        remote = getattr(exc, "remoteException", None)
        return ("raise", type(remote).__name__)
    return ("ok", canonical(value))


def refused_line(fn):
    """(path, line) of the ``# REFUSED-LINE`` marker that belongs to case ``fn``.

    A marker written ``# REFUSED-LINE: <case name>`` anywhere in the file belongs
    to that case (used when the refused construct sits in a helper); otherwise the
    single bare marker inside the case's own source lines is used.
    """
    import inspect

    path = os.path.realpath(inspect.getsourcefile(fn))
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    named = "%s: %s" % (REFUSED_MARKER, fn.__name__)
    hits = [i + 1 for i, text in enumerate(lines) if text.rstrip().endswith(named)]
    if not hits:
        src, start = inspect.getsourcelines(fn)
        hits = [
            start + i
            for i, text in enumerate(src)
            if REFUSED_MARKER in text and (REFUSED_MARKER + ":") not in text
        ]
    if len(hits) != 1:
        raise AssertionError(
            "case %s must have exactly one %s marker, found lines %r"
            % (fn.__name__, REFUSED_MARKER, hits)
        )
    return path, hits[0]


# --- corpus collection ------------------------------------------------------

HERE = os.path.dirname(os.path.abspath(__file__))

#: modules whose ``case_*`` functions are *not* plain CPython-equality cases
SPECIAL_MODULES = ("cases_refused", "cases_mutation")


def case_module_names(include_special=False):
    """Names of the ``cases_*.py`` modules next to this file, sorted."""
    names = sorted(
        f[:-3]
        for f in os.listdir(HERE)
        if f.startswith("cases_") and f.endswith(".py")
    )
    if not include_special:
        names = [n for n in names if n not in SPECIAL_MODULES]
    return names


def import_case_module(name):
    import importlib
    import sys

    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    return importlib.import_module(name)


def iter_cases(module, prefix="case_"):
    """``(name, fn, args)`` for every top-level ``<prefix>*`` function of
    ``module``, in definition order. ``args`` comes from the module's optional
    ``ARGS`` mapping (case name -> tuple of positional arguments)."""
    import types

    args_map = getattr(module, "ARGS", {})
    for name, obj in list(vars(module).items()):
        if (
            name.startswith(prefix)
            and isinstance(obj, types.FunctionType)
            and obj.__module__ == module.__name__
        ):
            yield name, obj, tuple(args_map.get(name, ()))
    unknown = set(args_map) - set(vars(module))
    if unknown:
        raise AssertionError("%s.ARGS names unknown cases %r" % (module.__name__, sorted(unknown)))
