// The README's examples, run as written: each ```js block after an `<!-- example: NAME -->`
// marker is copied into the consumer project (where `verify-8x8` is installed from the packed
// tarball) and run against the simulator, configured only through the environment variables
// the example itself reads.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { Miniflare } from "miniflare";
import { bundle } from "../runtime/bundle.mjs";
import { closedUrl } from "../runtime/expect.mjs";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { simMessages, startSim } from "../support/sim.mjs";

const examples = new Map(
  [...readFileSync(path.join(repoRoot, "README.md"), "utf8").matchAll(/<!-- example: ([\w-]+)[^>]*-->\n```js\n([\s\S]*?)```/g)].map(
    ([, name, code]) => [name, code],
  ),
);

let sim;
let dir;
before(async () => {
  sim = await startSim();
  dir = stageFiles("readme", []);
});
after(() => sim?.stop());

function write(name, code) {
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  return file;
}

const env = () => ({ ...process.env, VERIFY_8X8_API_KEY: "test-key", VERIFY_8X8_SUBACCOUNT: "test_hq" });

test("the README has the examples this suite runs", () => {
  assert.deepEqual([...examples.keys()].sort(), ["node-direct", "node-proxy", "worker"]);
});

test("the README's framework recipes are the ones tests/frameworks builds and runs", () => {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const recipes = [...readme.matchAll(/<!-- recipe: ([\w-]+) \(run by (tests\/frameworks\/[\w.-]+)\) -->\n```jsx?\n/g)];
  assert.deepEqual(recipes.map(([, name]) => name).sort(), ["hono-deno", "hono-node", "hono-worker", "next-client", "next-route", "vite-client", "vite-config"]);
  for (const [, name, suite] of recipes) {
    assert.match(readFileSync(path.join(repoRoot, suite), "utf8"), new RegExp(`recipe\\("${name}"\\)`), `${suite} runs ${name}`);
  }
});

test("node-direct: starts a verification and checks a code", async () => {
  const file = write("node-direct", examples.get("node-direct"));
  const output = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: dir, env: { ...env(), VERIFY_8X8_BASE_URL: sim.url } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
  });
  assert.match(output, /code sent; valid for 300 s, resend in 10 s/);
  assert.match(output, /4 attempts left|verified/);
  assert.equal((await simMessages(sim.url, "+6591234567")).length, 1);
});

test("node-proxy: the fetch adapter serves the proxy", async () => {
  const file = write("node-proxy", examples.get("node-proxy"));
  const port = new URL(await closedUrl()).port;
  const child = spawn(process.execPath, [file], { cwd: dir, env: { ...env(), VERIFY_8X8_UPSTREAM_URL: sim.url, PORT: port }, stdio: "inherit" });
  try {
    let response;
    for (let i = 0; i < 50 && !response; i++) {
      response = await fetch(`http://127.0.0.1:${port}/api/verify/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-verify-8x8": "1" },
        body: JSON.stringify({ destination: "+65 9123 0001" }),
      }).catch(() => new Promise((resolve) => setTimeout(() => resolve(undefined), 100)));
    }
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal((await response.json()).destination, "+******0001");
    const [call] = (await (await fetch(`${sim.url}/_sim/requests`)).json()).filter((r) => r.body?.destination === "+6591230001");
    assert.equal(call.body.clientIp, "127.0.0.1");
  } finally {
    child.kill("SIGTERM");
  }
});

test("worker: `export default { fetch: proxy.fetch }` with the key from env, in workerd", async () => {
  const file = write("worker", examples.get("worker"));
  const built = await bundle({ entry: file, outdir: dir, name: "worker-bundle", conditions: ["workerd", "worker", "browser"], external: ["cloudflare:*"] });
  const mf = new Miniflare({
    modules: true,
    scriptPath: built.outfile,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2024-01-01",
    bindings: { VERIFY_8X8_API_KEY: "test-key", VERIFY_8X8_SUBACCOUNT: "test_hq", VERIFY_8X8_UPSTREAM_URL: sim.url },
  });
  try {
    const response = await mf.dispatchFetch("http://worker.test/api/verify/sessions", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "203.0.113.9", "x-verify-8x8": "1" },
      body: JSON.stringify({ destination: "+60 12 345 6789" }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal((await response.json()).status, "WAITING");
    const refused = await mf.dispatchFetch("http://worker.test/api/verify/sessions", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "203.0.113.9", "x-verify-8x8": "1" },
      body: JSON.stringify({ destination: "+44 7700 900123" }),
    });
    assert.equal(refused.status, 403, "GB is not in allowedCountries");
  } finally {
    await mf.dispose();
  }
});
