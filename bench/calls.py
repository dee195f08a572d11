#!/usr/bin/env python3
"""Cost of one user-function call: a loop with a call per iteration minus
the same loop without it, on CPython and on pyfora, in one run.

    python3 bench/calls.py [--n 3000000]
"""
import argparse
import time

import pyfora


def identity(x):
    return x


def loop_with_call(n):
    i = 0
    s = 0
    while i < n:
        s = s + identity(i)
        i += 1
    return s


def loop_without_call(n):
    i = 0
    s = 0
    while i < n:
        s = s + i
        i += 1
    return s


def per_iteration_ns(run, fn, n):
    t0 = time.perf_counter()
    result = run(fn, n)
    return (time.perf_counter() - t0) / n * 1e9, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=3_000_000)
    args = parser.parse_args()
    executor = pyfora.connect()
    engines = {
        "CPython": lambda fn, n: fn(n),
        "pyfora": lambda fn, n: executor.submit(fn, n).result().toLocal().result(),
    }
    for name, run in engines.items():
        with_call, a = per_iteration_ns(run, loop_with_call, args.n)
        without, b = per_iteration_ns(run, loop_without_call, args.n)
        assert a == b
        print(f"{name:8s} loop {without:6.1f} ns/iter, a call adds {with_call - without:6.1f} ns")
    executor.close()


if __name__ == "__main__":
    main()
