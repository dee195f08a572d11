#!/usr/bin/env python3
"""Cost of shipping data to the embedded engine: `submit(len, data)` end to
end (walk, convert, run, return) for a list of floats and for a matrix as a
list of lists, next to CPython's own round trip of the same data through
`pickle` (the usual way to hand data to another process); best of --reps.

    python3 bench/shipping.py [--reps 5]
"""
import argparse
import math
import pickle
import time

import pyfora


def size(data):
    return len(data)


def best(fn, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    executor = pyfora.connect()
    payloads = {
        "floats 1e6": [math.sin(i) for i in range(1_000_000)],
        "matrix 50000x18": [[float(j) for j in range(18)] for _ in range(50_000)],
    }
    print("%-16s %12s %12s" % ("data", "pyfora s", "pickle s"))
    for name, data in payloads.items():
        shipped = best(lambda: executor.submit(size, data).result().toLocal().result(), args.reps)
        pickled = best(lambda: pickle.loads(pickle.dumps(data)), args.reps)
        print("%-16s %12.4f %12.4f" % (name, shipped, pickled), flush=True)
    executor.close()


if __name__ == "__main__":
    main()
