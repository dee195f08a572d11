#!/usr/bin/env python3
"""End-to-end overhead of a trivial with-block (`x = 1 + 1`) and of a
trivial `submit` on the embedded engine: median over many runs.

    python3 bench/overhead.py [--runs 200]
"""
import argparse
import statistics
import time

import pyfora


def one():
    return 1 + 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    executor = pyfora.connect()
    block, submit = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        with executor.remotely.downloadAll():
            x = 1 + 1
        block.append(time.perf_counter() - t0)
        assert x == 2
        t0 = time.perf_counter()
        assert executor.submit(one).result().toLocal().result() == 2
        submit.append(time.perf_counter() - t0)
    executor.close()
    print(f"trivial with-block: median {statistics.median(block) * 1e3:.3f} ms, p90 {sorted(block)[int(0.9 * len(block))] * 1e3:.3f} ms")
    print(f"trivial submit:     median {statistics.median(submit) * 1e3:.3f} ms, p90 {sorted(submit)[int(0.9 * len(submit))] * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
