"""Status updates while a with-block's computation runs."""


def spin(n):
    """A loop that takes a while on purpose: the string keeps it in the
    interpreter (native code would finish before any status update)."""
    total, i, step = 0, 0, "+1"
    while i < n:
        total, i = total + i % 3, i + len(step) - 1
    return total


def spin_closed_form(n):
    """spin(n) without looping (CPython would take seconds)."""
    r = n % 3
    return (n // 3) * 3 + r * (r - 1) // 2


def test_the_closed_form_agrees_with_the_loop():
    assert all(spin(n) == spin_closed_form(n) for n in range(50))


def test_a_status_callback_receives_running_updates_and_a_final_one(executor):
    updates = []
    with executor.remotely.withStatusCallback(updates.append).downloadAll():
        result = spin(30_000_000)
    assert result == spin_closed_form(30_000_000)
    running = [u for u in updates if u["status"] == "running"]
    assert running, "a computation of over half a second reports progress"
    assert all(u["coresTotal"] == executor.getWorkerCount() for u in updates)
    assert all(1 <= u["coresBusy"] <= u["coresTotal"] for u in running)
    assert running == sorted(running, key=lambda u: u["elapsedSeconds"])
    assert updates[-1]["status"] == "finished"


def test_a_failing_callback_does_not_break_the_computation(executor):
    def broken(_status):
        raise ValueError("display failed")

    with executor.remotely.withStatusCallback(broken).downloadAll():
        result = spin(10_000_000)
    assert result == spin_closed_form(10_000_000)
