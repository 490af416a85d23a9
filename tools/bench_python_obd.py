#!/usr/bin/env python3
"""python-OBD side of `cargo bench -p shopbench-e2e --bench obd`.

Runs the same workload as shopbench's client against the same emulator port and
prints one JSON object: connect seconds (auto search and remembered protocol),
full-scan seconds (VIN + stored/pending DTCs + freeze-frame DTC + readiness),
live values per second over N rounds of RPM + speed + coolant, and this
process's CPU seconds for the live phase.

Usage: bench_python_obd.py auto|known|live PORT ROUNDS
"""
import json
import logging
import sys
import time

import obd

logging.getLogger("obd").setLevel(logging.CRITICAL)


def full_scan(conn):
    cmds = [obd.commands.VIN, obd.commands.GET_DTC, obd.commands.GET_CURRENT_DTC,
            obd.commands.FREEZE_DTC, obd.commands.STATUS]
    return [conn.query(c, force=True) for c in cmds]


def main(phase, port, rounds):
    """One phase per process and per fresh emulator: python-OBD's close() sends
    ATZ without reading the answer, so a second connection on the same port
    reads a stale reply (its prompt-desync bug) and fails."""
    out = {"phase": phase}
    if phase in ("auto", "known"):
        t0 = time.perf_counter()
        conn = obd.OBD(port, protocol=None if phase == "auto" else "6", fast=False, timeout=1.0)
        out["connect_s"] = time.perf_counter() - t0
        if not conn.is_connected():
            raise SystemExit(f"python-OBD could not connect to {port}")
        t0 = time.perf_counter()
        results = full_scan(conn)
        out["scan_s"] = time.perf_counter() - t0
        out["vin"] = str(results[0].value)
    elif phase == "live":
        # Live data in python-OBD's own fast mode (its best case).
        conn = obd.OBD(port, protocol="6", fast=True, timeout=1.0)
        if not conn.is_connected():
            raise SystemExit(f"python-OBD could not connect to {port}")
        live = [obd.commands.RPM, obd.commands.SPEED, obd.commands.COOLANT_TEMP]
        values = 0
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        for _ in range(rounds):
            for c in live:
                if not conn.query(c, force=True).is_null():
                    values += 1
        elapsed = time.perf_counter() - t0
        out["live_values"] = values
        out["live_s"] = elapsed
        out["live_values_per_s"] = values / elapsed
        out["live_cpu_s"] = time.process_time() - cpu0
        out["cpu_ms_per_query"] = 1000 * out["live_cpu_s"] / (rounds * len(live))
    else:
        raise SystemExit(f"unknown phase {phase}")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
