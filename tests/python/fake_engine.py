"""A pure-Python stand-in for ``pyfora._core.Engine`` used by the client's unit tests.

It follows the interface of ``python/pyfora/_core.pyi`` closely enough to
exercise the client: it checks the descriptors it is given (grammar, ids,
back-references, registered sources) and then simply runs the user's code in
CPython, mapping function and class descriptors back to the client's objects
through ``lookup`` (the client ids the walker assigned).
"""
from __future__ import annotations

import ast
import builtins
import importlib
import threading
import traceback
from typing import Any, Callable, Dict, List, Optional

from pyfora import _core

FUNCTION_KEYS = {"id", "kind", "name", "path", "line", "params", "globals", "closure", "defaults", "kwdefaults"}
CLASS_KEYS = {"id", "name", "path", "line", "bases", "globals", "closure"}


class SimulatedInvalidOperation(Exception):
    """Raised by test code to make the fake engine report InvalidOperation."""


class FakeEngine:
    def __init__(self, threads: Optional[int] = None) -> None:
        self.threads = threads
        self.lookup: Optional[Callable[[int], Any]] = None
        self.sources: Dict[str, str] = {}
        self.source_calls: List[str] = []
        self.values: Dict[int, Any] = {}
        self.released: List[int] = []
        self.descs: List[Any] = []
        self.class_ids: Dict[type, int] = {}
        self.function_specs: Dict[int, dict] = {}
        self.calls = 0
        self._next = 1
        self._lock = threading.Lock()

    # ----------------------------------------------------------- helpers
    def _store(self, value: Any) -> int:
        with self._lock:
            handle = self._next
            self._next += 1
            self.values[handle] = value
            return handle

    def _check_spec(self, spec: dict, keys: set, seen: Dict[int, Any]) -> None:
        assert isinstance(spec, dict) and set(spec) == keys, spec
        assert spec["path"] in self.sources, "source of %s not registered" % spec["path"]
        lines = self.sources[spec["path"]].splitlines()
        assert 1 <= spec["line"] <= len(lines)
        seen[spec["id"]] = spec

    def _value(self, desc: Any, seen: Dict[int, Any]) -> Any:
        if desc is None or isinstance(desc, (bool, int, float, str)):
            return desc
        assert isinstance(desc, tuple), desc
        tag = desc[0]
        if tag in ("list", "tuple", "set", "frozenset"):
            items = [self._value(x, seen) for x in desc[1]]
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        if tag == "dict":
            return {self._value(k, seen): self._value(v, seen) for k, v in desc[1]}
        if tag == "module":
            return importlib.import_module(desc[1])
        if tag == "builtin":
            return getattr(builtins, desc[1])
        if tag == "handle":
            return self.values[desc[1]]
        if tag == "ref":
            assert desc[1] in seen, "ref to %r before its spec" % (desc[1],)
            return self.lookup(desc[1])
        if tag == "function":
            spec = desc[1]
            self._check_spec(spec, FUNCTION_KEYS, seen)
            assert spec["kind"] in ("def", "lambda")
            self.function_specs[spec["id"]] = spec
            for value in list(spec["globals"].values()) + list(spec["closure"].values()):
                self._value(value, seen)
            for value in spec["defaults"] + list(spec["kwdefaults"].values()):
                self._value(value, seen)
            return self.lookup(spec["id"])
        if tag == "class":
            spec = desc[1]
            self._check_spec(spec, CLASS_KEYS, seen)
            cls = self.lookup(spec["id"])
            self.class_ids[cls] = spec["id"]
            # The client emits specs depth-first in key order (bases, globals,
            # closure), so every ("ref", id) comes after the spec it names.
            for value in spec["bases"] + list(spec["globals"].values()) + list(spec["closure"].values()):
                self._value(value, seen)
            return cls
        if tag == "instance":
            slot = desc[1]
            cls = self._value(slot if isinstance(slot, tuple) else ("class", slot), seen)
            obj = cls.__new__(cls)
            obj.__dict__.update({k: self._value(v, seen) for k, v in desc[2].items()})
            return obj
        raise AssertionError("bad descriptor %r" % (desc,))

    def _desc(self, value: Any) -> Any:
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        for kind in (list, tuple, set, frozenset):
            if type(value) is kind:
                return (kind.__name__, [self._desc(x) for x in value])
        if type(value) is dict:
            return ("dict", [(self._desc(k), self._desc(v)) for k, v in value.items()])
        if type(value) in self.class_ids:
            return ("instance", self.class_ids[type(value)], {k: self._desc(v) for k, v in vars(value).items()})
        raise _core.ConversionError("cannot convert %s back to Python" % type(value).__name__, [])

    def _trace(self, tb: Any) -> List[dict]:
        frames = traceback.extract_tb(tb)
        return [
            {"path": f.filename, "line": f.lineno, "function": f.name}
            for f in frames
            if f.filename != __file__
        ]

    def _remote(self, error: BaseException, assigned: Optional[dict] = None) -> BaseException:
        if isinstance(error, SimulatedInvalidOperation):
            return _core.InvalidOperation(str(error), self._trace(error.__traceback__))
        cls = type(error)
        class_id = None if getattr(builtins, cls.__name__, None) is cls else self.class_ids.get(cls)
        args = [self._desc(a) for a in error.args]
        parts = [cls.__name__, args, class_id, self._trace(error.__traceback__)]
        if assigned is not None:
            parts.append(assigned)
        return _core.RemoteException(*parts)

    # -------------------------------------------------------- Engine API
    def worker_count(self) -> int:
        return self.threads or 2

    def set_source(self, path: str, text: str) -> None:
        self.source_calls.append(path)
        self.sources[path] = text

    def define(self, desc: Any) -> int:
        self.descs.append(desc)
        return self._store(self._value(desc, {}))

    def call(self, fn: int, args: List[int]) -> int:
        self.calls += 1
        function = self.values[fn]
        try:
            result = function(*[self.values[a] for a in args])
        except Exception as error:
            raise self._remote(error) from None
        return self._store(result)

    def _with_node(self, path: str, line: int) -> ast.With:
        tree = ast.parse(self.sources[path])
        for node in ast.walk(tree):
            if isinstance(node, ast.With) and node.lineno == line:
                return node
        raise _core.ConversionError("no with statement at %s:%d" % (path, line), [{"path": path, "line": line}])

    def block_free_names(self, path: str, line: int) -> List[str]:
        node = self._with_node(path, line)
        names = []
        for statement in node.body:
            for sub in ast.walk(statement):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id not in names:
                    names.append(sub.id)
                if isinstance(sub, (ast.Return, ast.Yield)) and statement is sub:
                    raise _core.ConversionError("'return' outside function", [{"path": path, "line": sub.lineno}])
        return names

    def block_assigned_names(self, path: str, line: int) -> List[str]:
        node = self._with_node(path, line)
        names: List[str] = []
        for statement in node.body:
            if isinstance(statement, (ast.FunctionDef, ast.ClassDef)):
                names.append(statement.name)
            for sub in ast.walk(statement):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store) and sub.id not in names:
                    names.append(sub.id)
        return names

    def run_block(self, path: str, line: int, env: Dict[str, Any]) -> Dict[str, int]:
        node = self._with_node(path, line)
        self.block_free_names(path, line)
        self.descs.append(env)
        seen: Dict[int, Any] = {}
        scope = {name: self._value(desc, seen) for name, desc in env.items()}
        scope["__builtins__"] = builtins
        module = ast.Module(body=node.body, type_ignores=[])
        code = compile(module, path, "exec")
        assigned = self.block_assigned_names(path, line)
        try:
            exec(code, scope)
        except Exception as error:
            partial = {n: self._store(scope[n]) for n in assigned if n in scope}
            raise self._remote(error, partial) from None
        return {n: self._store(scope[n]) for n in assigned if n in scope}

    def to_python(self, handle: int) -> Any:
        return self._desc(self.values[handle])

    def byte_size(self, handle: int) -> int:
        return len(repr(self.values[handle]))

    def release(self, handle: int) -> None:
        self.released.append(handle)
        self.values.pop(handle, None)
