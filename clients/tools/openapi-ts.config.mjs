// @hey-api/openapi-ts's settings for clients/typescript (scripts/clients sets
// the two paths: the live /openapi.json it saved, and where to write).
import { fileURLToPath } from 'node:url';

export default {
  input: process.env.SHOPBENCH_OPENAPI,
  output: {
    path: process.env.SHOPBENCH_TS_OUT,
    // Imports end in .js: the client runs as ES modules on Node without a bundler.
    module: { extension: '.js' },
    // This file's tsconfig, never one found above the checkout.
    tsConfigPath: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
  },
  // The defaults, named so a new version's defaults cannot change the output:
  // types, one function per operation, and the fetch client bundled in the
  // output (no runtime dependency) — its configured instance `client` also
  // exported from index.ts, so one import gives a partner everything.
  plugins: [
    '@hey-api/typescript',
    '@hey-api/sdk',
    { name: '@hey-api/client-fetch', includeInEntry: true },
  ],
};
