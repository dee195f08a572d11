"""numpy through the client: arrays ship packed and come back as numpy
arrays, the numpy module ships by name, and what pyfora's arrays do not hold
is refused with the variable named."""
import numpy as np
import pytest

import pyfora
from pyfora.Exceptions import PythonToForaConversionError


def scaled_sum(values, factor):
    return np.sum(values * factor)


def first_rows(matrix, n):
    return matrix[:n]


def test_arrays_ship_and_come_back_as_numpy_arrays(executor):
    matrix = np.arange(12, dtype=np.int64).reshape(3, 4)
    back = executor.submit(first_rows, matrix, 2).result().toLocal().result()
    assert isinstance(back, np.ndarray) and back.dtype == np.int64 and back.shape == (2, 4)
    assert back.tolist() == matrix[:2].tolist()
    # The local copy is an ordinary, writable array.
    back[0, 0] = 99


def test_arrays_count_their_items_against_byte_limits(executor):
    with executor.remotely.downloadSmall(bytecount=10000):
        big = np.ones(10**5)
        small = np.ones(10)
        nested = (1, [np.ones(10**4)])
    assert isinstance(small, np.ndarray) and small.tolist() == [1.0] * 10
    assert isinstance(big, pyfora.RemotePythonObject.RemotePythonObject)
    assert isinstance(nested, pyfora.RemotePythonObject.RemotePythonObject)
    assert big.toLocal(maxBytecount=10**6).result().shape == (10**5,)
    with pytest.raises(pyfora.ResultExceededBytecountThreshold):
        big.toLocal(maxBytecount=10**5).result()


def test_sum_is_bit_identical_to_numpy(executor):
    values = np.random.default_rng(7).normal(size=10_001)
    got = executor.submit(scaled_sum, values, 3.5).result().toLocal().result()
    assert repr(float(got)) == repr(float(np.sum(values * 3.5)))


def test_non_contiguous_and_big_endian_arrays_ship_as_their_values(executor):
    base = np.arange(20, dtype=np.float64).reshape(4, 5)
    strided = base[:, ::2]
    swapped = np.arange(5, dtype=">f8")
    got = executor.submit(lambda a, b: (a.tolist(), b.tolist()), strided, swapped).result().toLocal().result()
    assert got == (strided.tolist(), swapped.tolist())


def test_numpy_scalars_ship_as_python_scalars(executor):
    got = executor.submit(lambda x, n, b: (x * 2, n + 1, not b), np.float64(1.25), np.int64(41), np.bool_(True)).result().toLocal().result()
    assert got == (2.5, 42, False)
    assert [type(v) for v in got] == [float, int, bool]


def test_with_block_uses_numpy_and_writes_arrays_back(executor):
    weights = np.linspace(0.0, 1.0, 5)
    with executor.remotely.downloadAll():
        grid = np.full((2, 3), 1.5)
        weighted = weights * 2
        total = float(np.dot(weights, weights))
    assert isinstance(grid, np.ndarray) and grid.tolist() == [[1.5] * 3] * 2
    assert weighted.tolist() == (weights * 2).tolist()
    assert total == float(np.dot(weights, weights))


def test_unsupported_dtype_is_refused_naming_the_variable(executor):
    halves = np.ones(3, dtype=np.float32)
    with pytest.raises(PythonToForaConversionError) as info:
        with executor.remotely:
            doubled = halves * 2  # noqa: F841
    message = str(info.value)
    assert "'halves'" in message and "float32" in message and "astype" in message


def test_numpy_submodules_are_refused_with_what_is_provided(executor):
    def solve(a, b):
        return np.linalg.solve(a, b)

    linalg = np.linalg

    def uses_linalg():
        return linalg.norm(np.ones(2))

    with pytest.raises(PythonToForaConversionError) as info:
        executor.submit(uses_linalg).result()
    assert "numpy.linalg" in str(info.value)
    # Through the module: an AttributeError only when the code reaches it.
    with pytest.raises(pyfora.ComputationError) as raised:
        executor.submit(solve, np.ones((2, 2)), np.ones(2)).result().toLocal().result()
    assert isinstance(raised.value.remoteException, AttributeError)


def test_formatting_an_array_inside_remote_code_is_not_implemented(executor):
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(lambda a: str(a), np.ones(2)).result().toLocal().result()
    assert isinstance(info.value.remoteException, NotImplementedError)
    assert "tolist" in str(info.value.remoteException)


def test_shared_array_mutation_is_an_invalid_operation(executor):
    def mutate(a):
        b = a
        b[0] = 5.0
        return a

    with pytest.raises(pyfora.InvalidPyforaOperation):
        executor.submit(mutate, np.zeros(2)).result().toLocal().result()


LIBM_CASES = {
    "exp": [-3.5, 0.0, 0.25, 1.0, 2.5, 10.0, 700.0, 710.0],
    "log": [0.25, 1.0, 2.5, 10.0, 100.0, 0.0, -1.0],
    "log10": [0.25, 1.0, 2.5, 10.0, 1e300, 0.0],
    "log2": [0.25, 1.0, 2.5, 10.0, 3e-300],
    "log1p": [-0.5, 0.0, 0.25, 1.0, 2.5, 1e-20, -1.0],
    "expm1": [-1.0, 0.0, 0.025, 0.1, 1.0, 10.0, 1e-20],
    "sin": [0.0, 0.25, 1.0, 2.5, 10.0, 100.0, 1e22],
    "cos": [0.0, 0.25, 1.0, 2.5, 10.0, 100.0, 1e22],
    "tan": [0.0, 0.25, 1.0, 2.5, 10.0, 100.0],
    "arcsin": [-1.0, -0.5, 0.0, 0.0025, 0.1, 1.0, 2.0],
    "arccos": [-1.0, -0.5, 0.0, 0.0025, 0.1, 1.0, 2.0],
    "arctan": [-1e10, -1.0, 0.0, 0.25, 1.0, 100.0],
}


def apply_by_name(name, values):
    return getattr(np, name)(values)


@pytest.mark.parametrize("name", sorted(LIBM_CASES))
def test_c_library_math_gives_numpys_answers_or_refuses(executor, name):
    """pyfora computes these with the C library, as ``math`` does: where this
    machine's numpy agrees with it (``NumpyProbe.unlikeLibm``), the results
    are numpy's bit for bit; where numpy's own vector code differs, pyfora
    refuses with NotImplementedError rather than answer differently."""
    from pyfora import NumpyProbe

    values = np.array(LIBM_CASES[name])
    with np.errstate(all="ignore"):
        expected = getattr(np, name)(values)
        unlike = name in NumpyProbe.unlikeLibm(np)
    future = executor.submit(apply_by_name, name, values)
    if unlike:
        with pytest.raises(pyfora.ComputationError) as info:
            future.result().toLocal().result()
        assert isinstance(info.value.remoteException, NotImplementedError)
        assert "numpy.%s()" % name in str(info.value.remoteException)
    else:
        got = future.result().toLocal().result()
        assert [repr(x) for x in got.tolist()] == [repr(x) for x in expected.tolist()]


def add_an_axis(a):
    return a[:, None] * a


def test_indexing_with_newaxis_is_refused_clearly(executor):
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(add_an_axis, np.arange(3.0)).result().toLocal().result()
    assert isinstance(info.value.remoteException, NotImplementedError)
    assert "newaxis" in str(info.value.remoteException)


def array_pair(n):
    z = np.zeros(n)
    return (z, z)


def test_one_array_held_twice_comes_back_as_one_array(executor):
    first, second = executor.submit(array_pair, 3).result().toLocal().result()
    assert first is second
