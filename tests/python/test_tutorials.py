"""The documentation's tutorial programs, run on the embedded engine, with
with-blocks at module scope (in a generated module), in functions and in
methods."""
import importlib.util
import math
import textwrap

import pyfora
from pyfora.RemotePythonObject import RemotePythonObject


def isPrime(p):
    x = 2
    while x * x <= p:
        if p % x == 0:
            return 0
        x = x + 1
    return 1


class Add:
    def __init__(self, arg):
        self.arg = arg

    def __call__(self, x):
        return self.arg + x


class Multiply:
    def __init__(self, arg):
        self.arg = arg

    def __call__(self, x):
        return self.arg * x


class Compose:
    def __init__(self, f, g):
        self.f = f
        self.g = g

    def __call__(self, x):
        return self.f(self.g(x))


def loopSum(x, f):
    result = 0.0
    while x > 0:
        result = result + f(x)
        x = x - 1
    return result


N = 20000


def test_the_isprime_sum_in_a_function(executor):
    with executor.remotely.downloadAll():
        result = sum(isPrime(x) for x in xrange(N))  # noqa: F821 (xrange is pyfora's alias)
    assert result == sum(isPrime(x) for x in range(N))


def test_the_primes_proxy_then_its_last_hundred(executor):
    with executor.remotely.remoteAll():
        primes = [x for x in xrange(N) if isPrime(x)]  # noqa: F821
    assert isinstance(primes, RemotePythonObject)
    with executor.remotely.downloadAll():
        lastFewPrimes = primes[-100:]
    expected = [x for x in range(N) if isPrime(x)]
    assert lastFewPrimes == expected[-100:]
    assert primes.toLocal().result() == expected


def test_download_small_leaves_large_values_remote(executor):
    with executor.remotely.downloadSmall(bytecount=100 * 1024):
        count = len([x for x in range(N) if isPrime(x)])
        bigList = list(range(100000))
    assert count == sum(isPrime(x) for x in range(N))
    assert isinstance(bigList, RemotePythonObject)


def test_the_compose_classes(executor):
    with executor.remotely.downloadAll():
        composed = loopSum(1000, Compose(Multiply(10.0), Add(20.0)))
        lam = loopSum(1000, lambda x: x * 10.0 + 200.0)
    assert composed == loopSum(1000, Compose(Multiply(10.0), Add(20.0)))
    assert lam == loopSum(1000, lambda x: x * 10.0 + 200.0)


def test_the_opening_example_with_sin(executor):
    with executor.remotely.downloadAll():
        x = sum(math.sin(i) for i in xrange(10000))  # noqa: F821
    assert x == sum(math.sin(i) for i in range(10000))


class Analysis:
    def __init__(self, executor):
        self.executor = executor

    def primes_below(self, n):
        with self.executor.remotely.downloadAll():
            found = [x for x in range(2, n) if isPrime(x)]
        return found


def test_a_with_block_inside_a_method(executor):
    assert Analysis(executor).primes_below(100) == [x for x in range(2, 100) if isPrime(x)]


def test_a_with_block_at_module_scope(tmp_path):
    path = tmp_path / "tutorial_module.py"
    path.write_text(textwrap.dedent('''
        import pyfora

        def isPrime(p):
            x = 2
            while x * x <= p:
                if p % x == 0:
                    return 0
                x = x + 1
            return 1

        executor = pyfora.connect()
        with executor.remotely.downloadAll():
            result = sum(isPrime(x) for x in xrange(1000))
        executor.close()
    '''))
    spec = importlib.util.spec_from_file_location("tutorial_module", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.result == sum(isPrime(x) for x in range(1000))


def test_a_remote_exception_inside_a_block_keeps_its_type(executor):
    try:
        with executor.remotely:
            bad = 1 / 0
    except ZeroDivisionError:
        pass
    else:
        raise AssertionError("expected ZeroDivisionError")


def test_submit_and_futures_as_documented(executor):
    future = executor.submit(isPrime, 97)
    remote = future.result()
    assert isinstance(remote, RemotePythonObject)
    assert remote.toLocal().result() == 1
    assert isinstance(executor.define(isPrime).result(), pyfora.RemotePythonObject.DefinedRemotePythonObject)
