#!/bin/sh
# Run every matching benchmark and print the tables (Markdown): accuracy on the
# development pairs, the watch-list-style set (bench/data/watchlist_*.jsonl), speed.
#   bench/matching_all.sh [--quick]
# The development pairs are read from $JISR_TRANSLIT_DIR, or ../shared/datasets/translit
# relative to the repository. Bench dependencies: pip install -e '.[bench]'
set -e
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
if [ "$1" = "--quick" ]; then
    "$PY" bench/matching_accuracy.py --register-size 300 --present 100 --absent 50
    "$PY" bench/matching_watchlist.py
    "$PY" bench/matching_lookalikes.py
    "$PY" bench/matching_speed.py --sizes 10000 --queries 1000 --baseline-register 500 --baseline-queries 20
else
    "$PY" bench/matching_accuracy.py
    "$PY" bench/matching_watchlist.py
    "$PY" bench/matching_lookalikes.py
    "$PY" bench/matching_speed.py
fi
