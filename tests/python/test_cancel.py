"""Cancelling a running computation frees the engine and leaves the executor usable."""
import time

import pyfora
from support import assert_cpu_idle


def assert_engine_idle():
    """After a cancel the engine thread stops."""
    assert_cpu_idle(0.1, "the cancelled computation is still running")


def spin(n):
    total = 0
    i = 0
    while i < n:
        total += i % 7
        i += 1
    return total


def test_cancel_stops_a_running_computation_and_the_executor_stays_usable(executor):
    future = executor.submit(spin, 10**12)
    time.sleep(0.2)
    assert future.running()
    started = time.monotonic()
    assert future.cancel() is True
    assert future.cancelled()
    assert_engine_idle()
    # The engine thread stops promptly: a new computation runs right away.
    result = executor.submit(spin, 1000).result().toLocal().result()
    assert result == spin(1000)
    assert time.monotonic() - started < 5.0


def test_a_remote_exception_keeps_its_type(executor):
    def fails(d):
        return d["missing"]

    remote = executor.submit(fails, {"a": 1}).result()
    try:
        remote.toLocal().result()
    except pyfora.ComputationError as error:
        assert isinstance(error.remoteException, KeyError)
        assert error.trace[-1]["line"] > 0
    else:
        raise AssertionError("expected a ComputationError")


def big_sum(n):
    return sum(range(n))


def test_cancel_stops_a_long_builtin_call(executor):
    future = executor.submit(big_sum, 10**15)
    time.sleep(0.2)
    assert future.running()
    assert future.cancel() is True
    assert_engine_idle()
    assert executor.submit(big_sum, 10).result().toLocal().result() == 45
