"""The abuse requests of tests/abuse.rs, sent to a running server by the
fuzzing step (crates/server/scripts/schemathesis), so the fuzzed server also
meets them: each must get a 4xx problem (never a 5xx, never silence), cost
no credit, and leave /health answering.
  python3 abuse.py URL KEY"""
import json
import sys
import time
import urllib.error
import urllib.request

URL, KEY = sys.argv[1], sys.argv[2]


def call(method, path, body=None, headers=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    h = {"Authorization": "Bearer " + KEY, "Content-Type": "application/json"}
    h.update(headers or {})
    req = urllib.request.Request(URL + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def codes(n):
    return ["P%04X" % (i % 0xFFFF) for i in range(n)]


area = {"location": "hood", "type": "dent", "severity": "minor"}
ABUSE = [
    ("3,000 DTCs", "POST", "/v1/cases", {"dtcs": codes(3000)}),
    ("20,000 readings", "POST", "/v1/cases", {"readings": {"r%d" % i: 1.0 for i in range(20000)}}),
    ("a 100,000-character complaint", "POST", "/v1/cases", {"complaint": "x" * 100000}),
    ("500 symptoms", "POST", "/v1/cases", {"symptoms": ["rough_idle"] * 500}),
    ("51 damage areas", "POST", "/v1/estimates",
     {"vehicle_make": "Toyota", "vehicle_model": "Camry", "vehicle_year": 2022, "areas": [area] * 51}),
    ("a price given twice", "GET", "/v1/us/purchase-costs?state=CA&price=25000&sale_type=private&price=1", None),
    ("JSON nested 10,000 deep", "POST", "/v1/cases", None),
]


def main():
    before = json.loads(call("GET", "/v1/account")[2])["credit_balance"]
    failures = []
    for name, method, path, body in ABUSE:
        raw = ("[" * 10000 + "]" * 10000).encode() if body is None and method == "POST" else None
        status, headers, out = call(method, path, body, raw=raw)
        ctype = headers.get("Content-Type", "")
        if not (400 <= status < 500) or "problem+json" not in ctype:
            failures.append("%s: %d %s %s" % (name, status, ctype, out[:200]))
        t = time.monotonic()
        health = call("GET", "/health")[0]
        if health != 200:
            failures.append("%s: /health answered %d afterwards" % (name, health))
        print("abuse: %-32s → %d; /health %d in %.0f ms" % (name, status, health, 1000 * (time.monotonic() - t)))
    after = json.loads(call("GET", "/v1/account")[2])["credit_balance"]
    if after != before:
        failures.append("the abuse requests cost %d credits" % (before - after))
    if failures:
        print("abuse: FAILED\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)


main()
