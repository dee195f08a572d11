#!/usr/bin/env python3
"""numpy code on CPython (numpy itself) and on pyfora's embedded engine, the
same source, runs interleaved, minimum of the repetitions; checks that both
give the same answer (bit for bit).

    python3 bench/numpy_bench.py [--reps 5] [--n 1e6] [--only elementwise,normal_eq]
"""
import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import pyfora  # noqa: E402


def elementwise(n):
    """Elementwise arithmetic and a pairwise sum."""
    a = np.arange(n) * 0.5
    return float(np.sum(a * 2.0 + 1.0))


def masked_mean(n):
    """A comparison, a boolean mask and a mean."""
    a = np.arange(n) * 0.001 % 2.0 - 1.0
    return float(a[a > 0.0].mean())


def normal_eq(n):
    """X^T X and X^T y of n rows and 18 columns (exact small integers, so
    any summation order gives the same answer)."""
    x = (np.arange(n * 18) % 7).reshape(n, 18) * 1.0
    y = np.arange(n) % 5 * 1.0
    return (x.T @ x).sum() + (x.T @ y).sum()


def item_loop(n):
    """A Python loop reading items one by one."""
    a = np.arange(n) * 0.25
    total = 0.0
    for i in range(len(a)):
        total += a[i]
    return total


PROGRAMS = {
    "elementwise": (elementwise, 1_000_000),
    "masked_mean": (masked_mean, 1_000_000),
    "normal_eq": (normal_eq, 100_000),
    "item_loop": (item_loop, 200_000),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--n", type=float, default=None, help="override every program's size")
    parser.add_argument("--only", default=",".join(PROGRAMS))
    args = parser.parse_args()
    executor = pyfora.connect()
    print("numpy %s, CPython %d.%d" % ((np.__version__,) + sys.version_info[:2]))
    print("%-12s %10s %12s %10s %8s %7s" % ("program", "N", "numpy s", "pyfora s", "ratio", "agrees"))
    for name in args.only.split(","):
        fn, n = PROGRAMS[name]
        n = int(args.n) if args.n else n
        local, remote = [], []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            expected = fn(n)
            local.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            got = executor.submit(fn, n).result().toLocal().result()
            remote.append(time.perf_counter() - t0)
        c, e = min(local), min(remote)
        agrees = "yes" if repr(float(got)) == repr(float(expected)) else "NO"
        print("%-12s %10d %12.4f %10.4f %8.2f %7s" % (name, n, c, e, c / e, agrees), flush=True)
    executor.close()


if __name__ == "__main__":
    main()
