// What scripts/clients checks through the generated TypeScript client
// (clients/typescript, copied as ./shopbench/), against a real server:
// SHOPBENCH_REMOTE and SHOPBENCH_KEY (a funded test key) as for the README's
// example. Exits non-zero, saying what was wrong, on the first failure.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  account, client, createCase, diagnose, diagnosisReport, getDiagnosis, health,
  type DiagnosisStatus, type ProblemDoc,
} from "./shopbench/index.js";

client.setConfig({ baseUrl: process.env.SHOPBENCH_REMOTE, auth: process.env.SHOPBENCH_KEY });

// A problem as RFC 9457 and our convention say: its content type, the
// response's status repeated, a urn:shopbench:problem: type, X-Request-ID.
function isProblem(r: { error?: unknown; response: Response }, status: number, slug: string) {
  const p = r.error as ProblemDoc;
  assert.equal(r.response.status, status);
  assert.match(r.response.headers.get("content-type") ?? "", /^application\/problem\+json/);
  assert.equal(p.status, status);
  assert.equal(p.type, `urn:shopbench:problem:${slug}`);
  assert.ok(p.title && p.detail, JSON.stringify(p));
  assert.equal(p.request_id, r.response.headers.get("x-request-id"));
}

// Keyless and keyed reads.
const h = await health();
assert.equal(h.data?.ok, true);
const before = (await account()).data!;
assert.equal(before.mode, "test");

// A case (replayed with the same Idempotency-Key: the same case), a diagnosis.
const idem = randomUUID();
const body = { vehicle: { make: "Toyota", model: "Camry", year: 2012 }, complaint: "shakes at idle", dtcs: [{ code: "P0300" }, { code: "P0302" }] };
const c1 = await createCase({ body, headers: { "Idempotency-Key": idem } });
const c2 = await createCase({ body, headers: { "Idempotency-Key": idem } });
assert.equal(c1.response.status, 201);
assert.match(c1.data!.case_id, /^case_/);
assert.equal(c2.data!.case_id, c1.data!.case_id);
const job = await diagnose({ body: { case_id: c1.data!.case_id } });
assert.equal(job.response.status, 202);
assert.equal(job.data!.credits_charged, 10);
let d: DiagnosisStatus;
for (let i = 0; ; i++) {
  d = (await getDiagnosis({ path: { id: job.data!.diagnosis_id } })).data!;
  if (d.status !== "processing") break;
  assert.ok(i < 100, "the diagnosis did not finish in 20 s");
  await sleep(200);
}
assert.equal(d.status, "complete", JSON.stringify(d.error));
const causes = (d.result as { causes: { name: string; probability: number }[] }).causes;
assert.ok(causes.length > 1, "fewer than two causes");
causes.forEach((c, i) => {
  assert.ok(c.name.length > 0);
  if (i > 0) assert.ok(c.probability <= causes[i - 1].probability, "causes not ranked by probability");
});
assert.equal((await account()).data!.credit_balance, before.credit_balance - 10);

// The report, as bytes.
const pdf = await diagnosisReport({ path: { id: d.diagnosis_id }, query: { paper: "a4" }, parseAs: "arrayBuffer" });
assert.equal(pdf.response.status, 200);
assert.equal(Buffer.from(pdf.data as unknown as ArrayBuffer).subarray(0, 5).toString(), "%PDF-");

// Errors come back as problems, typed ProblemDoc.
isProblem(await getDiagnosis({ path: { id: "dgn_nope" } }), 404, "not-found");
isProblem(await diagnose({ body: { case_id: "case_nope" } }), 404, "not-found");
isProblem(await account({ auth: "sk_test_not_a_key" }), 401, "unauthorized");

console.log(`check.ts: ok (${causes.length} causes, top: ${causes[0].name})`);
