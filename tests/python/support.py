"""Helpers shared by the client tests."""
import time


def assert_cpu_idle(settle, what):
    """After a cancel the engine stops working: once `settle` seconds have
    passed, the process burns (almost) no CPU."""
    time.sleep(settle)
    cpu_before, wall_before = time.process_time(), time.monotonic()
    time.sleep(0.5)
    cpu = time.process_time() - cpu_before
    wall = time.monotonic() - wall_before
    assert cpu < 0.5 * wall, f"{what} ({cpu:.2f} s CPU in {wall:.2f} s)"
