"""Code spread across the user's own modules, reached through module
objects (`util.scale`, `userpkg.util.scale`), ships with what it reads."""
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
