#!/usr/bin/env bash
# Runs every test of the project: Rust unit tests, then the Python suite
# (conformance corpus against CPython, client API) on a fresh build.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet ".[test]"
cargo test --workspace --exclude pyfora-python --quiet
# Run from outside the checkout so the installed package is the one tested.
cd tests && python3 -m pytest -q -p no:cacheprovider --timeout 300 .
