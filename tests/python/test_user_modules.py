"""Code spread across the user's own modules, reached through module
objects (`util.scale`, `userpkg.util.scale`), ships with what it reads."""
import json

import pytest

import pyfora
import userpkg.util
from userpkg import core, util


def through_package(x):
    return userpkg.util.scale(x) + userpkg.util.OFFSET


def test_function_using_a_sibling_module(executor):
    assert executor.submit(core.compute, 20).result().toLocal().result() == core.compute(20)


def test_module_attributes_read_in_a_with_block(executor):
    with executor.remotely.downloadAll():
        a = util.scale(5)
        b = userpkg.util.norm([3.0, 4.0])
        c = core.Scaler(3).apply([1, 2])
    assert (a, b, c) == (util.scale(5), 5.0, core.Scaler(3).apply([1, 2]))


def test_dotted_package_path_in_a_function(executor):
    assert executor.submit(through_package, 2).result().toLocal().result() == through_package(2)


def test_attribute_never_read_is_not_shipped(executor):
    # `util.unused_here` opens a file; it is not part of what runs.
    with executor.remotely.downloadAll():
        d = util.scale(1)
    assert d == 2.5


def test_attribute_missing_from_the_module_is_an_attribute_error(executor):
    def missing():
        return util.not_there(1)

    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(missing).result().toLocal().result()
    assert isinstance(info.value.remoteException, AttributeError)


def test_module_function_named_like_a_refused_builtin(executor):
    import shadowing

    assert executor.submit(shadowing.run, "x+1").result().toLocal().result() == "X+1!"


def test_a_module_edited_and_reloaded_runs_its_new_code(executor, tmp_path, monkeypatch):
    import importlib
    import sys

    module = tmp_path / "edited_module.py"
    module.write_text("def f(x):\n    return x + 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import edited_module

    try:
        assert executor.submit(edited_module.f, 10).result().toLocal().result() == 11
        # Same line, different text (and size, so the change shows whatever
        # the file system's time resolution).
        module.write_text("def f(x):\n    return x * 100 + 0\n")
        importlib.invalidate_caches()
        importlib.reload(edited_module)
        assert edited_module.f(10) == 1000
        assert executor.submit(edited_module.f, 10).result().toLocal().result() == 1000
        with executor.remotely.downloadAll():
            r = edited_module.f(2)
        assert r == 200
    finally:
        sys.modules.pop("edited_module", None)


def test_equal_code_in_two_files_ships_each_files_source(executor, tmp_path, monkeypatch):
    import sys

    # Code objects of different files compare equal when their contents do.
    (tmp_path / "twin_a.py").write_text("class D:\n    def __init__(self):\n        self.__x = 1\n    def get(self):\n        return self.__x\n")
    (tmp_path / "twin_b.py").write_text(
        "class _D:\n    def __init__(self):\n        self.__x = 1\n    def other(self):\n        return self.__x + 1\n"
        "def f():\n    return _D().other()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import twin_a
    import twin_b

    try:
        assert twin_a.D.__init__.__code__ == twin_b._D.__init__.__code__
        assert executor.submit(twin_a.D.get, twin_a.D()).result().toLocal().result() == 1
        assert executor.submit(twin_b.f).result().toLocal().result() == 2
    finally:
        sys.modules.pop("twin_a", None)
        sys.modules.pop("twin_b", None)


def test_an_attribute_reached_by_a_computed_name_is_an_error_not_absence(executor):
    def present(name):
        return hasattr(util, name)

    def read(name):
        return getattr(util, name)(2)

    # `scale` is read by name here, so it ships; `norm` is not.
    def both():
        return util.scale(1), hasattr(util, "sc" + "ale")

    assert executor.submit(both).result().toLocal().result() == (util.scale(1), True)
    assert executor.submit(present, "missing_" + "name").result().toLocal().result() is False
    for f in (present, read):
        with pytest.raises(pyfora.ComputationError) as info:
            executor.submit(f, "no" + "rm").result().toLocal().result()
        assert isinstance(info.value.remoteException, NotImplementedError)
        assert "did not ship" in str(info.value.remoteException)


def test_a_module_name_is_readable(executor):
    def name():
        return util.__name__

    assert executor.submit(name).result().toLocal().result() == "userpkg.util"


def imports_inside(x):
    import userpkg.util as u
    from userpkg import core as c
    from userpkg.util import scale

    return u.scale(x) + scale(x), c.compute(x)


def test_modules_imported_inside_a_function_ship(executor):
    assert executor.submit(imports_inside, 4).result().toLocal().result() == imports_inside(4)


def test_modules_imported_inside_a_with_block_ship(executor):
    import math

    with executor.remotely.downloadAll():
        import userpkg.util as u
        from math import floor
        from userpkg.util import scale

        a = u.scale(2) + scale(2)
        b = floor(2.5)
    assert (a, b) == (util.scale(2) * 2, 2)
    assert u is userpkg.util and floor is math.floor


def test_a_star_import_is_refused(executor, tmp_path):
    import runpy

    script = tmp_path / "star.py"
    script.write_text("with EXECUTOR.remotely.downloadAll():\n    from math import *\n    v = floor(4.5)\n")
    with pytest.raises(pyfora.PythonToForaConversionError, match="import \\*"):
        runpy.run_path(str(script), init_globals={"EXECUTOR": executor})


def test_a_submodule_imported_from_its_package_in_a_with_block(executor):
    with executor.remotely.downloadAll():
        from userpkg import core as c

        v = c.compute(3)
    assert v == core.compute(3)


def import_with_a_fallback():
    try:
        import heapq  # noqa: F401

        return "heapq"
    except ImportError as e:
        return "fallback", type(e).__name__


def test_a_module_pyfora_cannot_provide_raises_import_error_where_imported(executor):
    # `except ImportError:` fallbacks then work as written.
    assert executor.submit(import_with_a_fallback).result().toLocal().result() == ("fallback", "ModuleNotFoundError")


def dumps_json(x):
    y = [x]
    return json.dumps(y)


class UsesJsonInOneMethod:
    def plain(self):
        return 1

    def encoded(self):
        return json.dumps([1])


def test_a_module_pyfora_does_not_provide_is_refused_at_the_line_that_uses_it(executor):
    with pytest.raises(pyfora.PythonToForaConversionError, match="module `json` cannot be used") as info:
        executor.submit(dumps_json, 1).result()
    assert info.value.trace == [{"path": __file__, "line": dumps_json.__code__.co_firstlineno + 2}]
    assert "global 'json'" in info.value.message


def test_a_method_using_a_module_pyfora_does_not_provide_fails_only_if_it_runs(executor):
    obj = UsesJsonInOneMethod()
    assert executor.submit(lambda o: o.plain(), obj).result().toLocal().result() == 1
    with pytest.raises(pyfora.PythonToForaConversionError, match="module `json` cannot be used") as info:
        executor.submit(lambda o: o.encoded(), obj).result().toLocal().result()
    assert info.value.trace[-1]["line"] == UsesJsonInOneMethod.encoded.__code__.co_firstlineno + 1
