"""Turn descriptors returned by the engine (``Engine.to_python``) back into
Python objects, and rebuild exceptions raised by remote code.

Instances come back as ``("instance", class_id, {attr: value})`` where
``class_id`` is the client id the :class:`~pyfora.ObjectWalker.ObjectWalker`
gave the class when it was shipped; ``lookup`` maps it back to the class.
"""
from __future__ import annotations

import builtins
import importlib
import threading
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from pyfora import Recursion
from pyfora.Exceptions import ForaToPythonConversionError

# The deepest nesting the engine converts a value to descriptors for (it
# refuses deeper values itself).
MAX_DOWNLOAD_NESTING = 3000

__all__ = ["ObjectRebuilder"]

_CONSTANT_TYPES = frozenset([type(None), bool, int, float, str])


_STAND_INS: Dict[Tuple[str, type], type] = {}


def _standIn(typeName: str, base: type = Exception) -> type:
    """A subclass of ``base`` named ``typeName`` (module ``pyfora.remote``):
    the local face of an exception class that remote code created."""
    name = typeName if typeName.isidentifier() else "RemoteException"
    cls = _STAND_INS.get((name, base))
    if cls is None:
        cls = _STAND_INS[(name, base)] = type(name, (base,), {"__module__": "pyfora.remote"})
    return cls


class ObjectRebuilder:
    """Rebuilds values for one executor.

    Args:
        lookup: maps a client id to the function or class shipped with it
            (raises KeyError for unknown ids).
    """

    def __init__(self, lookup: Callable[[int], Any]) -> None:
        self._lookup = lookup
        # Per thread: the objects of the download in progress that the
        # engine described as reached more than once, by key.
        self._local = threading.local()

    # ------------------------------------------------------------ values
    def rebuild(self, desc: Any) -> Any:
        """The Python value described by ``desc``."""
        if type(desc) in _CONSTANT_TYPES:
            return desc
        if not isinstance(desc, (tuple, list)) or not desc or not isinstance(desc[0], str):
            raise ForaToPythonConversionError("unexpected value description from the engine: %r" % (desc,))
        tag = desc[0]
        if tag == "list":
            return self._items(desc[1])
        if tag == "tuple":
            return tuple(self._items(desc[1]))
        if tag == "dict":
            return {self.rebuild(k): self.rebuild(v) for k, v in desc[1]}
        if tag == "set":
            return set(self._items(desc[1]))
        if tag == "frozenset":
            return frozenset(self._items(desc[1]))
        if tag in ("dict_keys", "dict_values", "dict_items"):
            # a view of the (rebuilt) dict it was taken from
            return getattr(self.rebuild(desc[1]), tag[len("dict_"):])()
        if tag == "range":
            return range(desc[1], desc[2], desc[3])
        if tag == "slice":
            return slice(self.rebuild(desc[1]), self.rebuild(desc[2]), self.rebuild(desc[3]))
        if tag == "ellipsis":
            return Ellipsis
        if tag == "instance":
            return self._instance(desc[1], desc[2])
        if tag == "ndarray":
            return _array(desc[1], desc[2], desc[3])
        if tag == "builtin":
            return self._builtin(desc[1])
        if tag == "member":
            # A function of a module pyfora provides (`math.floor`).
            try:
                return getattr(importlib.import_module(desc[1]), desc[2])
            except (ImportError, AttributeError) as error:
                raise ForaToPythonConversionError("cannot find %s.%s: %s" % (desc[1], desc[2], error)) from None
        if tag == "module":
            try:
                return importlib.import_module(desc[1])
            except ImportError as error:
                raise ForaToPythonConversionError("cannot import module %r: %s" % (desc[1], error)) from None
        if tag in ("function", "class", "ref"):
            return self._shipped(desc[1])
        if tag == "alias":
            return self._alias(desc[1], desc[2])
        if tag == "same":
            try:
                return self._aliases()[desc[1]]
            except KeyError:
                raise ForaToPythonConversionError("a downloaded value refers to one the download does not hold") from None
        raise ForaToPythonConversionError("cannot convert a remote %r value to Python" % (tag,))

    def _aliases(self) -> Dict[int, Any]:
        aliases = getattr(self._local, "aliases", None)
        if aliases is None:
            aliases = self._local.aliases = {}
        return aliases

    def _alias(self, key: int, desc: Any) -> Any:
        """A list, dict, set or instance the remote value holds in more than
        one place: rebuilt once, and registered before its contents so that
        it may contain itself."""
        aliases = self._aliases()
        tag = desc[0] if isinstance(desc, (tuple, list)) and desc else None
        if tag == "list":
            out: Any = []
            aliases[key] = out
            out.extend(self._items(desc[1]))
            return out
        if tag == "dict":
            out = {}
            aliases[key] = out
            for k, v in desc[1]:
                out[self.rebuild(k)] = self.rebuild(v)
            return out
        if tag == "instance":
            return self._instance(desc[1], desc[2], lambda obj: aliases.__setitem__(key, obj))
        value = self.rebuild(desc)
        aliases[key] = value
        return value

    def _items(self, items: Sequence[Any]) -> List[Any]:
        rebuild = self.rebuild
        return [item if type(item) in _CONSTANT_TYPES else rebuild(item) for item in items]

    def _builtin(self, name: Any) -> Any:
        value = getattr(builtins, name, None) if isinstance(name, str) else None
        if value is None:
            raise ForaToPythonConversionError("unknown builtin %r" % (name,))
        return value

    def _shipped(self, ref: Any) -> Any:
        """A function or class the client shipped, by id or by spec."""
        clientId = ref.get("id") if isinstance(ref, dict) else ref
        if isinstance(clientId, int):
            try:
                return self._lookup(clientId)
            except KeyError:
                pass
        raise ForaToPythonConversionError(
            "a function or class created by the remote computation cannot be downloaded"
        )

    def _class(self, ref: Any) -> Any:
        if isinstance(ref, (tuple, list)) and ref and ref[0] == "builtin":
            cls = self._builtin(ref[1])
        elif isinstance(ref, (tuple, list)) and ref and ref[0] in ("class", "ref"):
            cls = self._shipped(ref[1])
        else:
            cls = self._shipped(ref)
        if not isinstance(cls, type):
            raise ForaToPythonConversionError("instance of %r, which is not a class" % (cls,))
        return cls

    def _instance(self, classRef: Any, fields: Dict[str, Any], created: Optional[Callable[[Any], None]] = None) -> Any:
        cls = self._class(classRef)
        try:
            obj = cls.__new__(cls)
        except Exception as error:
            raise ForaToPythonConversionError(
                "cannot create an instance of %s locally: %s" % (cls.__qualname__, error)
            ) from None
        if created is not None:
            created(obj)
        values = {name: self.rebuild(value) for name, value in fields.items()}
        if isinstance(obj, BaseException):
            if "args" in values:
                obj.args = tuple(values.pop("args"))
            # The chain lives in the exception's own slots, not its __dict__.
            for name in ("__cause__", "__context__", "__suppress_context__"):
                if name in values:
                    setattr(obj, name, values.pop(name))
        try:
            obj.__dict__.update(values)
        except AttributeError:
            for name, value in values.items():
                object.__setattr__(obj, name, value)
        return obj

    # -------------------------------------------------------- exceptions
    def rebuildException(
        self,
        typeName: str,
        excArgs: Sequence[Any],
        classId: Optional[int],
        base: Any = None,
        attributes: Optional[Dict[str, Any]] = None,
        lost: Sequence[Tuple[str, str]] = (),
    ) -> BaseException:
        """The exception raised remotely: a builtin exception class looked up by
        ``typeName``, the user's class shipped with ``classId``, or — for a
        class the remote code created — a stand-in of that name under
        ``base`` (its nearest ancestor known here: a builtin name or a
        shipped class id). ``attributes`` (descriptors) are set on it;
        ``lost`` names the attributes the engine could not send, with why:
        they are left unset, and a note on the exception says so."""
        exc = self._exceptionOfClass(typeName, excArgs, classId, base)
        problems = [(str(name), str(why)) for name, why in lost]
        for name, desc in (attributes or {}).items():
            try:
                value = self.rebuildDeep(desc)
                object.__setattr__(exc, name, value)
            except Exception as error:
                problems.append((name, str(error)))
        for name, why in problems:
            _addNote(exc, "pyfora: attribute %r of this exception could not be brought back: %s" % (name, why))
        return exc

    def rebuildDeep(self, desc: Any) -> Any:
        """:meth:`rebuild` of one downloaded value, with room on the
        recursion limit for the deepest nesting the engine hands out."""
        previous = getattr(self._local, "aliases", None)
        self._local.aliases = {}
        try:
            with Recursion.roomFor(MAX_DOWNLOAD_NESTING):
                return self.rebuild(desc)
        finally:
            self._local.aliases = previous

    def _exceptionArg(self, desc: Any) -> Any:
        """An argument of a remote exception; one nested too deeply to
        rebuild here is replaced by a note saying so (the exception itself
        still comes back)."""
        try:
            return self.rebuildDeep(desc)
        except RecursionError:
            return "<an argument nested too deeply to download>"

    def _exceptionClass(self, ref: Any) -> Optional[type]:
        """The exception class ``ref`` names here: a builtin's name or a
        shipped class id; None when there is none."""
        cls: Any = None
        if isinstance(ref, str):
            cls = getattr(builtins, ref, None)
        elif isinstance(ref, int):
            try:
                cls = self._lookup(ref)
            except KeyError:
                cls = None
        return cls if isinstance(cls, type) and issubclass(cls, BaseException) else None

    def _exceptionOfClass(self, typeName: str, excArgs: Sequence[Any], classId: Optional[int], base: Any) -> BaseException:
        args = tuple(self._exceptionArg(arg) for arg in (excArgs or ()))
        if classId is not None:
            cls = self._exceptionClass(classId)
        elif base is None:
            cls = self._exceptionClass(typeName)
        else:
            cls = None
        if cls is None:
            # A class the client never shipped (created by the remote code):
            # stand in with a subclass of the same name under its base.
            cls = _standIn(typeName, self._exceptionClass(base) or Exception)
        if classId is None and base is None:
            # A builtin class: its own initialiser sets what its arguments
            # mean (`StopIteration.value`).
            try:
                return cls(*args)
            except Exception:
                pass
        # A user's class (or a stand-in under one): its instance attributes
        # all come back from the engine, so its __init__ (which may not
        # take the final args) does not run again.
        exc = cls.__new__(cls, *args)
        exc.args = args
        return exc


def _addNote(exc: BaseException, note: str) -> None:
    """``exc.add_note(note)``, also where Python (before 3.11) has no notes."""
    try:
        notes = exc.__dict__.setdefault("__notes__", [])
        if isinstance(notes, list):
            notes.append(note)
    except Exception:
        pass


def _array(dtype: str, shape: Tuple[int, ...], data: bytes) -> Any:
    """A numpy array from its dtype name, shape and items (C order)."""
    try:
        import numpy
    except ImportError:
        raise ForaToPythonConversionError("the result is a numpy array, but numpy cannot be imported here") from None
    return numpy.frombuffer(data, dtype=numpy.dtype(dtype)).reshape(shape).copy()
