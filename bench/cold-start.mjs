// `cold_start_ms.node`, one sample: run as a fresh Node process from inside the consumer
// project. Measures from just before `import("verify-8x8")` until the first call is
// possible: the import resolved and a VerifyClient was constructed (the Node entry compiles
// and instantiates the wasm synchronously on first use — here, the constructor — and the
// wasm checks the options).

import { performance } from "node:perf_hooks";

const t0 = performance.now();
const { VerifyClient } = await import("verify-8x8");
new VerifyClient({ apiKey: "test-key", subAccountId: "test_hq", baseUrl: "http://127.0.0.1:9" });
const t1 = performance.now();
process.stdout.write(`RESULT ${JSON.stringify({ ms: t1 - t0 })}\n`);
