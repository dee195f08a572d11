#!/usr/bin/env python3
"""Calls in the interpreter alone against CPython, by the shape of the
calling code: a call in a loop, linear recursion, and the shallow tree
recursion of divide and conquer. Interleaved runs, best of ``--reps``;
one thread, native code off.

    python3 bench/call_shapes.py [--n 1000000] [--reps 5]
"""
import argparse
import os
import sys
import time

os.environ["PYFORA_JIT"] = "0"
os.environ["PYFORA_THREADS"] = "1"

import pyfora  # noqa: E402
from calls import loop_with_call  # noqa: E402  (the call in a loop of bench/calls.py)


def countdown(n):
    if n == 0:
        return 0
    return countdown(n - 1) + 1


def linear_recursion(n):
    t = 0
    for _ in range(n // 1000):
        t += countdown(1000)
    return t


def halves(a, b):
    if b - a <= 1:
        return a
    mid = (a + b) // 2
    return halves(a, mid) + halves(mid, b)


def tree_recursion(n):
    return halves(0, n)


SHAPES = [("call in a loop", loop_with_call, "call"), ("linear recursion", linear_recursion, "call"), ("tree recursion", tree_recursion, "leaf")]


def best(run, fn, n, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        run(fn, n)
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    executor = pyfora.connect()
    interpreted = lambda fn, n: executor.submit(fn, n).result().toLocal().result()  # noqa: E731
    print(f"{'shape':18s} {'CPython':>12s} {'interpreter':>12s}  ratio")
    for name, fn, unit in SHAPES:
        assert fn(1000) == interpreted(fn, 1000)
        cpython = interpreter = float("inf")
        for _ in range(args.reps):  # interleaved: both see the same machine state
            cpython = min(cpython, best(lambda f, n: f(n), fn, args.n, 1))
            interpreter = min(interpreter, best(interpreted, fn, args.n, 1))
        print(f"{name:18s} {cpython / args.n * 1e9:8.1f} ns/{unit} {interpreter / args.n * 1e9:8.1f} ns/{unit}  {cpython / interpreter:5.2f}")
    executor.close()


if __name__ == "__main__":
    main()
