"""Executor, Future, RemotePythonObject and exceptions on the embedded engine."""
import builtins
import concurrent.futures
import sys
import threading

import pytest

import pyfora
from pyfora.Future import Future


def square(x):
    return x * x


def divide(a, b):
    return a / b


class Box:
    def __init__(self, value):
        self.value = value

    def doubled(self):
        return Box(self.value * 2)


class CustomError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


class FormattedError(Exception):
    def __init__(self, code):
        super().__init__("failed with %d" % code)
        self.code = code


def raise_custom(code):
    raise CustomError(code)


def raise_formatted(code):
    raise FormattedError(code)


def mutate():
    shared = [1]
    alias = shared
    shared.append(2)
    return alias


def test_submit_and_to_local(executor):
    future = executor.submit(square, 7)
    assert isinstance(future, Future) and isinstance(future, concurrent.futures.Future)
    result = future.result()
    assert isinstance(result, pyfora.RemotePythonObject.ComputedRemotePythonObject)
    local = result.toLocal()
    assert isinstance(local, Future)
    assert local.result() == 49


def same_and_equal(a, b, c):
    return (a is b, a is c, a == c)


def test_submit_keeps_an_object_passed_twice_one_object(executor):
    box, other = Box(1), Box(1)
    assert executor.submit(same_and_equal, box, box, other).result().toLocal().result() == (True, False, False)
    items = [1, 2]
    assert executor.submit(same_and_equal, items, items, [1, 2]).result().toLocal().result() == (True, False, True)
    proxy = executor.define([3]).result()
    assert executor.submit(same_and_equal, proxy, proxy, [3]).result().toLocal().result() == (True, False, True)
    # Aliases inside one argument, and between a with-block's variables.
    shared = [0]
    nested = {"a": shared, "b": [shared, Box(shared)]}
    assert executor.submit(same_and_equal, nested["a"], nested, shared).result().toLocal().result() == (False, True, True)
    with executor.remotely.downloadAll():
        aliased = nested["a"] is nested["b"][0] and nested["b"][1].value is shared
        separate = nested["a"] is [0]
    assert aliased is True and separate is False
    # A bound method: `self` travels with the arguments.
    assert executor.submit(box.doubled).result().toLocal().result().value == 2


def test_define_and_reuse_as_argument(executor, engine):
    data = executor.define([1, 2, 3]).result()
    assert isinstance(data, pyfora.RemotePythonObject.DefinedRemotePythonObject)
    assert data.toLocal().result() == [1, 2, 3]
    total = executor.submit(sum, data).result()
    assert total.toLocal().result() == 6
    again = executor.submit(len, total if False else data).result()
    assert again.toLocal().result() == 3


def test_computed_results_chain(executor):
    a = executor.submit(square, 3).result()
    b = executor.submit(square, a).result()
    assert b.toLocal().result() == 81


def test_builtin_remote_exception(executor):
    result = executor.submit(divide, 1, 0).result()
    assert result.isException
    with pytest.raises(pyfora.ComputationError) as info:
        result.toLocal().result()
    error = info.value
    assert type(error.remoteException) is ZeroDivisionError
    assert error.trace and error.trace[-1]["path"] == __file__
    assert error.trace[-1]["line"] == divide.__code__.co_firstlineno + 1
    text = str(error)
    assert 'File "%s", line %d, in divide' % (__file__, divide.__code__.co_firstlineno + 1) in text
    assert "return a / b" in text
    assert text.startswith("ZeroDivisionError")


def reraised_bare(x):
    try:
        return 1 / x
    except ZeroDivisionError:
        raise


def reraised_after_finally(x):
    try:
        return 1 / x
    finally:
        x = 1


def reraised_by_name(x):
    try:
        return 1 / x
    except ZeroDivisionError as e:
        raise e


def calls_and_reraises(x):
    try:
        return reraised_bare(x)
    except ZeroDivisionError:
        raise


def traceback_lines(fn, x):
    import traceback

    try:
        fn(x)
    except ZeroDivisionError as e:
        return [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)][1:]


@pytest.mark.parametrize("fn", [reraised_bare, reraised_after_finally, reraised_by_name, calls_and_reraises])
def test_a_reraised_exception_keeps_the_trace_cpython_gives(executor, fn):
    # The frame an exception was caught in keeps the line it entered at; a
    # bare `raise` or a `finally` adds nothing, `raise e` adds its own line.
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(fn, 0).result().toLocal().result()
    assert [(t["function"], t["line"]) for t in info.value.trace] == traceback_lines(fn, 0)


def chained_over_lines(s):
    return (s
            .upper()
            .index("Z"))


def attribute_on_its_own_line(s):
    return (s
            .nope)


@pytest.mark.parametrize("fn", [chained_over_lines, attribute_on_its_own_line])
def test_a_call_or_attribute_over_several_lines_fails_at_the_line_cpython_names(executor, fn):
    # From 3.10 on, the line of the method's or attribute's name; before,
    # where the expression starts.
    import traceback

    try:
        fn("abc")
    except Exception as e:
        expected = [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)][1:]
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(fn, "abc").result().toLocal().result()
    assert [(t["function"], t["line"]) for t in info.value.trace] == expected


def fails_in_a_list_comprehension(x):
    return [1 / y for y in [1, x]]


def fails_in_nested_comprehensions(n):
    return [
        [1 / (i - j) for j in range(n)]
        for i in range(n)
    ]


def fails_in_a_dict_comprehension(x):
    return {
        1 / v: v
        for v in (2, x)
    }


def fails_in_a_long_comprehension(n):
    return [1 / (i - n // 2 - 1) for i in range(n)]


@pytest.mark.parametrize(
    "fn, arg",
    [(fails_in_a_list_comprehension, 0), (fails_in_nested_comprehensions, 3), (fails_in_a_dict_comprehension, 0), (fails_in_a_long_comprehension, 200_000)],
)
def test_a_comprehension_has_the_frames_cpython_gives_it(executor, fn, arg):
    # Before 3.12 a comprehension is a function of its own (`<listcomp>`
    # frames); from 3.12 it runs inline.
    import traceback

    try:
        fn(arg)
    except ZeroDivisionError as e:
        expected = [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)][1:]
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(fn, arg).result().toLocal().result()
    assert [(t["function"], t["line"]) for t in info.value.trace] == expected


class CarriesAFunction(Exception):
    def __init__(self, f):
        super().__init__("carries a function")
        self.f = f
        self.count = 3


def raise_carrying_a_function():
    raise CarriesAFunction(lambda v: v + 1)


def test_an_exception_attribute_that_cannot_come_back_is_left_unset_with_a_note(executor):
    # The class's __init__ does not run again locally (it would set `f` to
    # the message); the other attributes come back as they were.
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(raise_carrying_a_function).result().toLocal().result()
    exc = info.value.remoteException
    assert type(exc) is CarriesAFunction and exc.args == ("carries a function",) and exc.count == 3
    assert not hasattr(exc, "f")
    assert any("'f'" in note and "function" in note for note in exc.__notes__)


def test_user_exception_class_is_rebuilt(executor):
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(raise_custom, 42).result().toLocal().result()
    exc = info.value.remoteException
    assert type(exc) is CustomError and exc.args == (42,) and exc.code == 42
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(raise_formatted, 7).result().toLocal().result()
    exc = info.value.remoteException
    assert type(exc) is FormattedError and exc.args == ("failed with 7",)


class CodedError(Exception):
    def __init__(self, code):
        super().__init__("code %d" % code)
        self.code = code


def raise_coded():
    raise CodedError(7)


def raise_local_class():
    class LocalError(KeyError):
        pass

    error = LocalError("k")
    raise error


def test_exception_attributes_and_remote_classes(executor):
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(raise_coded).result().toLocal().result()
    remote = info.value.remoteException
    assert type(remote) is CodedError and remote.code == 7 and remote.args == ("code 7",)
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(raise_local_class).result().toLocal().result()
    remote = info.value.remoteException
    # A class the remote code created comes back under its own name,
    # below its nearest ancestor the client knows.
    assert type(remote).__name__ == "LocalError" and isinstance(remote, KeyError)
    assert remote.args == ("k",)


def test_invalid_operation(executor):
    result = executor.submit(mutate).result()
    with pytest.raises(pyfora.InvalidPyforaOperation) as info:
        result.toLocal().result()
    assert "append" in info.value.message
    assert isinstance(info.value.trace, list)


def test_instances_round_trip(executor):
    box = executor.submit(Box.doubled, Box(21)).result().toLocal().result()
    assert type(box) is Box and box.value == 42


def test_bound_method_submit(executor):
    result = executor.submit(Box(5).doubled).result().toLocal().result()
    assert type(result) is Box and result.value == 10


def test_conversion_errors(executor):
    handle = open(__file__)
    try:
        future = executor.submit(square, handle)
        with pytest.raises(pyfora.PythonToForaConversionError, match="argument 1"):
            future.result()
    finally:
        handle.close()
    with pytest.raises(pyfora.NotCallableError):
        executor.submit(5).result()


def make_adder(n):
    return lambda x: x + n


def test_download_of_unconvertible_value(executor):
    # A function made by remote code has no local counterpart.
    adder = executor.submit(make_adder, 1).result()
    with pytest.raises(pyfora.ForaToPythonConversionError):
        adder.toLocal().result()


def test_shipped_functions_and_classes_come_back_as_themselves(executor):
    assert executor.define(square).result().toLocal().result() is square
    assert executor.define(Box).result().toLocal().result() is Box


def test_closed_executor():
    executor = pyfora.connect()
    proxy = executor.define(3).result()
    assert not executor.isClosed()
    executor.close()
    assert executor.isClosed()
    for action in (
        lambda: executor.submit(square, 2),
        lambda: executor.define(1),
        lambda: executor.remotely,
        lambda: executor.getWorkerCount(),
        lambda: proxy.toLocal(),
    ):
        with pytest.raises(pyfora.PyforaError):
            action()
    executor.close()  # idempotent


def test_worker_count_and_connect(monkeypatch):
    executor = pyfora.connect(threads=3)
    try:
        assert executor.getWorkerCount() == 3
    finally:
        executor.close()
    with pytest.raises(pyfora.ConnectionError, match="not available"):
        pyfora.connect("http://localhost:30000")
    # Python's own name catches it too.
    with pytest.raises(builtins.ConnectionError):
        pyfora.connect("http://localhost:30000")
    assert pyfora.__version__ == "0.1.0"


def test_handles_are_released(executor, engine):
    proxy = executor.define([1, 2]).result()
    handle = proxy._pyforaHandle()
    del proxy
    import gc

    before = engine.handle_count()
    gc.collect()
    assert engine.to_python  # the engine is alive
    with pytest.raises(Exception):
        engine.to_python(handle)
    assert engine.handle_count() < before or before == 0


def test_import_remote_file(executor, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b\n1,2\n")
    proxy = executor.importRemoteFile(str(path)).result()
    assert proxy.toLocal().result() == "a,b\n1,2\n"
    with pytest.raises(FileNotFoundError, match="missing"):
        executor.importRemoteFile(str(tmp_path / "missing")).result()
    with pytest.raises(IsADirectoryError, match="not a regular file"):
        executor.importRemoteFile(str(tmp_path)).result()
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9\n")
    with pytest.raises(UnicodeDecodeError, match="byte 0xe9 .*offset 3"):
        executor.importRemoteFile(str(tmp_path / "latin1.txt")).result()
    (tmp_path / "empty.txt").write_bytes(b"")
    assert executor.importRemoteFile(tmp_path / "empty.txt").result().toLocal().result() == ""
    assert executor.importRemoteFile(str(path).encode()).result().toLocal().result() == "a,b\n1,2\n"


@pytest.mark.parametrize("kwargs", [dict(threads=0), dict(threads=-2), dict(threads=1.5), dict(timeout="x"), dict(timeout=-1)])
def test_connect_refuses_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        pyfora.connect(**kwargs)


@pytest.mark.parametrize("bytecount, error", [("10", TypeError), (None, TypeError), (-1, ValueError), (1.5, TypeError), (True, TypeError)])
def test_download_small_refuses_a_bad_bytecount_before_running_anything(executor, bytecount, error):
    with pytest.raises(error, match="bytecount"):
        executor.remotely.downloadSmall(bytecount)
    with pytest.raises(TypeError, match="callable"):
        executor.remotely.withStatusCallback(5)


def test_imported_file_is_used_like_a_string(executor, tmp_path):
    text = "name,π,value\r\n" + "".join("row%d,%s,%d\n" % (i, "é" * (i % 3), i * i) for i in range(2000))
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode("utf-8"))
    data = executor.importRemoteFile(str(path)).result()
    with executor.remotely.downloadAll():
        size = len(data)
        lines = data.splitlines()
        total = sum(int(line.split(",")[2]) for line in lines[1:])
        tail = data[-9:]
        header = data[: data.index("\n")]
        accents = data.count("é")
    assert size == len(text)
    assert lines == text.splitlines()
    assert total == sum(i * i for i in range(2000))
    assert tail == text[-9:]
    assert header == text[: text.index("\n")]
    assert accents == text.count("é")


def _anonymous_memory():
    """Bytes of this process's anonymous (heap) memory, from /proc."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no RssAnon in /proc/self/status")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_imported_large_file_is_mapped_not_copied(executor, tmp_path):
    path = tmp_path / "big.csv"
    row = "12345,67890,abcdefghijklmnop\n"
    rows = (80 << 20) // len(row)  # beyond the 64 MiB read in at import
    with open(path, "w") as out:
        for _ in range(rows // 4096):
            out.write(row * 4096)
    before = _anonymous_memory()
    data = executor.importRemoteFile(str(path)).result()
    with executor.remotely.downloadAll():
        size = len(data)
        newlines = data.count("\n")
        last = data[-len(row):]
    assert size == (rows // 4096) * 4096 * len(row)
    assert newlines == (rows // 4096) * 4096
    assert last == row
    # A copy would add 80 MiB of heap; the mapping adds page-cache pages only.
    assert _anonymous_memory() - before < (16 << 20)


def test_imported_small_file_is_a_snapshot(executor, tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("old text\n" * 1000)
    data = executor.importRemoteFile(str(path)).result()
    path.write_text("")  # rewritten shorter (or truncated) by another program
    with executor.remotely.downloadAll():
        size = len(data)
        head = data[:9]
    assert size == 9000 and head == "old text\n"
    path.write_text("new text, longer than before\n" * 1000)
    assert data.toLocal().result() == "old text\n" * 1000


def test_exception_hierarchy():
    for name in (
        "ConnectionError",
        "NotCallableError",
        "ComputationError",
        "PythonToForaConversionError",
        "ForaToPythonConversionError",
        "PyforaNotImplementedError",
        "InvalidPyforaOperation",
        "ResultExceededBytecountThreshold",
    ):
        assert issubclass(getattr(pyfora, name), pyfora.PyforaError)
    error = pyfora.PythonToForaConversionError("bad", [{"path": __file__, "line": 1}])
    assert error.message == "bad" and error.trace == [{"path": __file__, "line": 1}]
    assert 'File "%s", line 1' % __file__ in str(error)
    computation = pyfora.ComputationError(KeyError("k"), None)
    assert computation.remoteException.args == ("k",) and computation.trace is None


def test_future_cancel_pending_and_running():
    pending = Future()
    assert pending.cancel() and pending.cancelled()

    running = Future(onCancel=lambda: True)
    assert running.set_running_or_notify_cancel()
    done = concurrent.futures.wait([running], timeout=0)
    assert not done.done
    waiter = threading.Thread(target=lambda: concurrent.futures.wait([running]))
    waiter.start()
    assert running.cancel() and running.cancelled()
    waiter.join(5)
    assert not waiter.is_alive()
    with pytest.raises(concurrent.futures.CancelledError):
        running.result()

    stubborn = Future(onCancel=lambda: False)
    stubborn.set_running_or_notify_cancel()
    assert not stubborn.cancel()
    stubborn.set_result(1)
    assert stubborn.result() == 1 and not stubborn.cancel()


def test_concurrent_submits(executor):
    futures = [executor.submit(square, i) for i in range(20)]
    values = [f.result().toLocal().result() for f in futures]
    assert values == [i * i for i in range(20)]


def test_documented_class_paths():
    import concurrent.futures as cf

    assert isinstance(pyfora.Executor.Executor, type)
    assert isinstance(pyfora.WithBlockExecutor.WithBlockExecutor, type)
    assert issubclass(pyfora.Future.Future, cf.Future)
    module = pyfora.RemotePythonObject
    for name in ("DefinedRemotePythonObject", "ComputedRemotePythonObject"):
        assert issubclass(getattr(module, name), module.RemotePythonObject)
    assert callable(pyfora.connect)


def forty_one():
    return 41


PROXY_GLOBAL = None


def read_proxy_global():
    return PROXY_GLOBAL + 1


class HoldsProxy:
    def __init__(self, proxy):
        self.proxy = proxy

    def plus_two(self):
        return self.proxy + 2


def call_plus_two(holder):
    return holder.plus_two()


def test_proxies_as_globals_and_attributes(executor):
    global PROXY_GLOBAL
    PROXY_GLOBAL = executor.submit(forty_one).result()
    try:
        assert executor.submit(read_proxy_global).result().toLocal().result() == 42
        holder = HoldsProxy(PROXY_GLOBAL)
        assert executor.submit(call_plus_two, holder).result().toLocal().result() == 43
    finally:
        PROXY_GLOBAL = None


def hundred_squares():
    return [i * i for i in range(100)]


def test_to_local_with_a_byte_limit(executor):
    proxy = executor.submit(hundred_squares).result()
    with pytest.raises(pyfora.ResultExceededBytecountThreshold):
        proxy.toLocal(maxBytecount=10).result()
    assert proxy.toLocal(maxBytecount=10**6).result() == [i * i for i in range(100)]
    with pytest.raises(TypeError):
        proxy.toLocal(maxBytecount="10")
    with pytest.raises(ValueError):
        proxy.toLocal(maxBytecount=-1)


def many_squares(n):
    return [i * i for i in range(n)]


def test_to_local_downloads_small_values_at_once_and_large_ones_in_the_background(executor):
    small = executor.submit(many_squares, 10).result().toLocal()
    assert small.done() and small.result() == [i * i for i in range(10)]
    large = executor.submit(many_squares, 200_000).result().toLocal()
    assert isinstance(large, concurrent.futures.Future)
    assert large.result() == [i * i for i in range(200_000)]
    # A small value that cannot come back fails through its future.
    failed = executor.submit(make_adder, 1).result().toLocal()
    assert failed.done() and isinstance(failed.exception(), pyfora.ForaToPythonConversionError)


def test_connect_checks_the_type_of_its_url():
    with pytest.raises(TypeError):
        pyfora.connect(url=123)
    with pytest.raises(ConnectionError):
        pyfora.connect(url="http://localhost:30000")


def _scaled_sum(xs, scale=1.0, offset=0.0):
    return sum(x * scale for x in xs) + offset


def test_functools_partial_made_locally_ships(executor):
    import functools

    weighted = functools.partial(_scaled_sum, scale=2.0)
    shifted = functools.partial(weighted, offset=0.5)
    assert executor.submit(weighted, [1.0, 2.0]).result().toLocal().result() == 6.0
    with executor.remotely.downloadAll():
        both = (shifted([1.0]), weighted([3.0], offset=1.0))
    assert both == (2.5, 7.0)


class Linked:
    def __init__(self, value):
        self.value = value
        self.me = self


def shared_structures():
    row = [1, 2]
    table = {"k": row}
    node = Linked(3)
    return (row, row, table, [node, node])


def test_values_held_twice_remotely_come_back_as_one_object(executor):
    a, b, table, nodes = executor.submit(shared_structures).result().toLocal().result()
    assert a == [1, 2] and a is b and table["k"] is a
    assert nodes[0] is nodes[1]
    assert nodes[0].me is nodes[0] and nodes[0].value == 3


def digits_of_a_long_number(n):
    return len(str(10**n)), int("9" * n) % 1000


@pytest.mark.skipif(not hasattr(sys, "set_int_max_str_digits"), reason="no int <-> str digit limit in this Python")
def test_the_engine_follows_the_clients_digit_limit(executor):
    previous = sys.get_int_max_str_digits()
    try:
        sys.set_int_max_str_digits(0)
        assert executor.submit(digits_of_a_long_number, 5000).result().toLocal().result() == (5001, 999)
        sys.set_int_max_str_digits(1000)
        with pytest.raises(pyfora.ComputationError) as info:
            executor.submit(digits_of_a_long_number, 2000).result().toLocal().result()
        assert isinstance(info.value.remoteException, ValueError)
        assert "1000 digits" in str(info.value.remoteException)
    finally:
        sys.set_int_max_str_digits(previous)
    assert executor.submit(digits_of_a_long_number, 100).result().toLocal().result() == (101, 999)


def tagged(x):
    return x + 1


tagged.scale = 10
tagged.names = ("a", "b")


def reads_function_attributes():
    return tagged.scale * tagged(1), tagged.names, getattr(tagged, "missing", "no")


def test_attributes_set_on_a_function_ship_with_it(executor):
    assert executor.submit(reads_function_attributes).result().toLocal().result() == (20, ("a", "b"), "no")


def raises_with_a_note():
    try:
        raise ValueError("bad row")
    except ValueError as e:
        e.add_note("while parsing row 3")
        raise


@pytest.mark.skipif(sys.version_info < (3, 11), reason="add_note is Python 3.11+")
def test_notes_added_remotely_come_back(executor):
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(raises_with_a_note).result().toLocal().result()
    assert info.value.remoteException.__notes__ == ["while parsing row 3"]


def spin_forever(n):
    s = 0
    while n > 0:
        s = s + n % 7
    return s


def test_long_computations_do_not_hold_up_quick_ones():
    import os

    from support import assert_cpu_idle

    ex = pyfora.connect()
    try:
        longs = [ex.submit(spin_forever, 1) for _ in range((os.cpu_count() or 1) + 6)]
        try:
            assert ex.submit(lambda: 1 + 1).result(timeout=20).toLocal().result(timeout=20) == 2
            ready = ex.define([1, 2, 3]).result(timeout=20)
            assert ready.toLocal().result(timeout=20) == [1, 2, 3]
        finally:
            for future in longs:
                future.cancel()
        assert_cpu_idle(0.3, "cancelled computations still running")
    finally:
        ex.close()


def apply_key(rows, key):
    return sorted(rows, key=key)


def call_with(fn, *args):
    return fn(*args)


def test_builtin_methods_operator_objects_ranges_and_exceptions_ship(executor):
    import operator

    def run(executor, fn, *args):
        return executor.submit(fn, *args).result().toLocal().result()

    rows = [("b", 2), ("a", 3), ("c", 1)]
    words = ["b", "A", "c"]
    assert run(executor, apply_key, words, str.lower) == ["A", "b", "c"]
    assert run(executor, apply_key, rows, operator.itemgetter(1)) == [("c", 1), ("b", 2), ("a", 3)]
    assert run(executor, apply_key, rows, operator.itemgetter(1, 0)) == sorted(rows, key=operator.itemgetter(1, 0))
    assert run(executor, call_with, ",".join, words) == "b,A,c"
    assert run(executor, call_with, operator.methodcaller("upper"), "x") == "X"
    assert run(executor, call_with, str.upper, "x") == "X"
    assert run(executor, call_with, list, range(2, 10, 3)) == [2, 5, 8]
    assert run(executor, call_with, repr, ValueError("bad", 3)) == "ValueError('bad', 3)"
    assert run(executor, call_with, lambda e: e.args, KeyError("k")) == ("k",)


def test_a_copied_proxy_is_the_proxy(executor):
    import copy
    import gc

    proxy = executor.define([1, 2]).result()
    copied = copy.copy(proxy)
    deep = copy.deepcopy({"data": proxy})
    assert copied is proxy and deep["data"] is proxy
    del proxy, deep
    gc.collect()
    assert copied.toLocal().result() == [1, 2]


def recurses_forever(n):
    return recurses_forever(n + 1) + 1


def test_a_runaway_recursion_renders_folded_as_python_does(executor):
    import traceback

    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(recurses_forever, 0).result().toLocal().result()
    assert type(info.value.remoteException) is RecursionError
    text = str(info.value)
    assert len(text.splitlines()) < 20, text[:2000]
    # The same folding as Python's own for the same frames.
    frames = traceback.StackSummary.from_list([(t["path"], t["line"], t["function"], None) for t in info.value.trace])
    python = "".join(frames.format()).splitlines()
    assert [line for line in python if "Previous line repeated" in line] == [line for line in text.splitlines() if "Previous line repeated" in line]
    assert sum(1 for line in python if line.startswith('  File "')) == text.count('  File "')


def _returns_a_chained_exception(_):
    try:
        try:
            raise KeyError("context")
        except KeyError:
            raise ValueError("x") from IndexError("cause")
    except ValueError as error:
        return error


def test_a_returned_exception_keeps_its_cause_and_context(executor):
    error = executor.submit(_returns_a_chained_exception, 0).result().toLocal().result()
    assert type(error) is ValueError and error.args == ("x",)
    assert type(error.__cause__) is IndexError and error.__cause__.args == ("cause",)
    assert type(error.__context__) is KeyError and error.__context__.args == ("context",)
    assert error.__suppress_context__ is True
