"""Cancelling a running computation frees the engine and leaves the executor usable."""
import signal
import subprocess
import sys
import threading
import time

import pytest

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


CTRL_C_SCRIPT = '''
import math, sys, time
import pyfora


def spin(n):
    return sum(math.sin(i) for i in range(n))


executor = pyfora.connect(threads=2)
print("ready", flush=True)
started = time.monotonic()
try:
    with executor.remotely:
        x = spin(10**13)
    print("finished?!", flush=True)
except KeyboardInterrupt:
    print("interrupted after %.2f s" % (time.monotonic() - started), flush=True)
cpu = time.process_time()
time.sleep(0.5)
print("cpu while idle %.3f" % (time.process_time() - cpu), flush=True)
with executor.remotely.downloadAll():
    y = spin(1000)
print("still usable", y == spin(1000), flush=True)
'''


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
def test_ctrl_c_inside_a_with_block_cancels_the_computation(tmp_path):
    script = tmp_path / "long_block.py"
    script.write_text(CTRL_C_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    lines = out.splitlines()
    assert lines[0].startswith("interrupted after"), (out, err)
    # Both workers stopped: the process sits idle after the interrupt.
    assert float(lines[1].split()[-1]) < 0.1, out
    assert lines[2] == "still usable True", (out, err)


class StopFromCallback(BaseException):
    """What a status callback may raise to leave a block (like SystemExit)."""


def test_a_status_callback_leaving_the_block_stops_the_computation(executor):
    def callback(status):
        if status["status"] == "running":
            raise StopFromCallback()

    with pytest.raises(StopFromCallback):
        with executor.remotely.withStatusCallback(callback).downloadAll():
            r = spin(10**12)  # noqa: F841
    assert_engine_idle()
    assert executor.submit(spin, 1000).result().toLocal().result() == spin(1000)


def test_closing_the_executor_during_a_block_is_a_pyfora_error():
    executor = pyfora.connect()
    closer = threading.Timer(0.5, executor.close)
    closer.start()
    try:
        with pytest.raises(pyfora.PyforaError, match="closed while the computation was running"):
            with executor.remotely.downloadAll():
                r = spin(10**12)  # noqa: F841
    finally:
        closer.cancel()
        executor.close()


def test_cancel_stops_an_interpreted_loop_without_calls(monkeypatch):
    # The interpreter checks for cancellation where a loop jumps back,
    # including a `while` whose test is repeated at the loop's end.
    monkeypatch.setenv("PYFORA_JIT", "0")
    interpreted = pyfora.connect()
    try:
        future = interpreted.submit(spin, 10**12)
        time.sleep(0.2)
        assert future.running()
        assert future.cancel() is True
        assert_engine_idle()
        assert interpreted.submit(spin, 100).result().toLocal().result() == spin(100)
    finally:
        interpreted.close()
