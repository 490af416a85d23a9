"""What scripts/clients checks through the generated Python client
(clients/python, installed with pip), against a real server: SHOPBENCH_REMOTE
and SHOPBENCH_KEY (a funded test key) as for the README's example. Exits
non-zero, saying what was wrong, on the first failure."""

import os
import sys
import time
import uuid

from shopbench_client import AuthenticatedClient, Client
from shopbench_client.api.account import account
from shopbench_client.api.diagnosis import create_case, diagnose, diagnosis_report, get_diagnosis
from shopbench_client.api.meta import health
from shopbench_client.models import CaseRequestDoc, DiagnoseRequest, ProblemDoc

url, key = os.environ["SHOPBENCH_REMOTE"], os.environ["SHOPBENCH_KEY"]
api = AuthenticatedClient(base_url=url, token=key)


def fail(what):
    sys.exit(f"check.py: {what}")


def is_problem(r, status, slug):
    """A problem as RFC 9457 and our convention say: its content type, the
    response's status repeated, a urn:shopbench:problem: type, X-Request-ID."""
    p = r.parsed
    if not isinstance(p, ProblemDoc):
        fail(f"expected a ProblemDoc, got {p!r} ({r.status_code})")
    if r.status_code != status or p.status != status:
        fail(f"expected {status}, got {r.status_code} with problem status {p.status}")
    if not r.headers["content-type"].startswith("application/problem+json"):
        fail(f"problem content type {r.headers['content-type']}")
    if p.type_ != f"urn:shopbench:problem:{slug}" or not (p.title and p.detail):
        fail(f"problem {p.to_dict()}")
    if p.request_id != r.headers["x-request-id"]:
        fail(f"request_id {p.request_id} is not X-Request-ID {r.headers['x-request-id']}")


# Keyless and keyed reads.
if not health.sync(client=Client(base_url=url)).ok:
    fail("/health is not ok")
before = account.sync(client=api)
if before.mode != "test":
    fail(f"account mode {before.mode}")

# A case (replayed with the same Idempotency-Key: the same case), a diagnosis.
body = CaseRequestDoc.from_dict(
    {
        "vehicle": {"make": "Toyota", "model": "Camry", "year": 2012},
        "complaint": "shakes at idle",
        "dtcs": [{"code": "P0300"}, {"code": "P0302"}],
    }
)
idem = str(uuid.uuid4())
c1 = create_case.sync_detailed(client=api, body=body, idempotency_key=idem)
c2 = create_case.sync_detailed(client=api, body=body, idempotency_key=idem)
if c1.status_code != 201 or not c1.parsed.case_id.startswith("case_"):
    fail(f"create_case: {c1.status_code} {c1.content!r}")
if c2.parsed.case_id != c1.parsed.case_id:
    fail("an Idempotency-Key replay made a second case")
job = diagnose.sync_detailed(client=api, body=DiagnoseRequest(case_id=c1.parsed.case_id))
if job.status_code != 202 or job.parsed.credits_charged != 10:
    fail(f"diagnose: {job.status_code} {job.content!r}")
for _ in range(100):
    d = get_diagnosis.sync(client=api, id=job.parsed.diagnosis_id)
    if d.status != "processing":
        break
    time.sleep(0.2)
if d.status != "complete":
    fail(f"the diagnosis is {d.status}: {d.error}")
causes = d.result["causes"]
if len(causes) < 2 or not all(c["name"] for c in causes):
    fail(f"causes {causes}")
if any(b["probability"] > a["probability"] for a, b in zip(causes, causes[1:])):
    fail("causes not ranked by probability")
if account.sync(client=api).credit_balance != before.credit_balance - 10:
    fail("the diagnosis did not cost 10 credits")

# The report, as bytes.
pdf = diagnosis_report.sync_detailed(client=api, id=d.diagnosis_id, paper="a4")
if pdf.status_code != 200 or not pdf.content.startswith(b"%PDF-"):
    fail(f"report.pdf: {pdf.status_code} {pdf.content[:40]!r}")

# Errors come back as problems, typed ProblemDoc.
is_problem(get_diagnosis.sync_detailed(client=api, id="dgn_nope"), 404, "not-found")
is_problem(diagnose.sync_detailed(client=api, body=DiagnoseRequest(case_id="case_nope")), 404, "not-found")
is_problem(account.sync_detailed(client=AuthenticatedClient(base_url=url, token="sk_test_not_a_key")), 401, "unauthorized")

print(f"check.py: ok ({len(causes)} causes, top: {causes[0]['name']})")
