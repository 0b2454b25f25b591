#!/usr/bin/env bash
# Every benchmark, one after the other, each printing its own table or summary line.
# Long: about an hour on 2 cores. Pass a database (sqlite|postgres) as $1; default sqlite.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${1:-sqlite}"
PY=.venv/bin/python

echo "== matching: accuracy and speed =="
bash bench/matching_all.sh
echo "== federation chaos ($DB) =="
$PY bench/federation_chaos.py --database "$DB" --messages 10000
echo "== screening through the API ($DB) =="
$PY bench/screening_api.py --database "$DB"
echo "== accreditation screening ($DB) =="
$PY bench/accreditation_screening.py --database "$DB"
