// Next.js as a new user builds it: the README's route handler (edge, and the same file in
// the Node.js runtime) and client component in an App Router app, importing the packed
// package, built once by `next build`, served by `next start` behind a reverse proxy that
// sets X-Real-IP (the README's self-hosting advice), opened at 127.0.0.1 (while Next's
// request.url says localhost) in headless Chromium, verifying against the simulator.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { launchChromium } from "../support/browser.mjs";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { closedUrl, freshDestination } from "../runtime/expect.mjs";
import { recipe, startReverseProxy, startServer, verifyInPage } from "./support.mjs";

const next = path.join(repoRoot, "node_modules", ".bin", "next");
let app;
let sim;
let server;
let site;
let browser;
let buildOutput;

function write(file, code) {
  mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
  writeFileSync(path.join(app, file), code);
}

/** The README's route, in the Node.js runtime, mounted at /api/verify-node beside the edge one. */
function nodeRoute() {
  const edge = recipe("next-route");
  const node = edge
    .replace('export const runtime = "edge";', 'export const runtime = "nodejs";')
    .replace('allowedCountries: ["SG"],', 'allowedCountries: ["SG"],\n    basePath: "/api/verify-node",');
  assert.notEqual(node.match(/runtime = "nodejs"[\s\S]*basePath/), null, "the recipe has the lines this test changes");
  return node;
}

before(async () => {
  sim = await startSim();
  app = stageFiles("next", []);
  write("package.json", JSON.stringify({ private: true, type: "module" }));
  // Test-only: `next` is installed at the repository's root, outside this app's project.
  write("next.config.mjs", `export default { turbopack: { root: ${JSON.stringify(repoRoot)} }, outputFileTracingRoot: ${JSON.stringify(repoRoot)} };\n`);
  write("app/layout.js", 'export default function RootLayout({ children }) {\n  return (<html lang="en"><body>{children}</body></html>);\n}\n');
  write("app/page.js", 'import VerifyPhone from "./verify-phone";\n\nexport default function Page() {\n  return (<main><VerifyPhone /></main>);\n}\n');
  write("app/node/page.js", 'import VerifyPhone from "../verify-phone";\n\nexport default function Page() {\n  return (<main><VerifyPhone baseUrl="/api/verify-node" /></main>);\n}\n');
  write("app/verify-phone.js", recipe("next-client"));
  write("app/api/verify/[...path]/route.js", recipe("next-route"));
  write("app/api/verify-node/[...path]/route.js", nodeRoute());
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const t0 = Date.now();
  const built = await promisify(execFile)(next, ["build"], { cwd: app, env, maxBuffer: 1 << 24 }).catch((e) => {
    throw new Error(`next build failed:\n${e.stdout}\n${e.stderr}`);
  });
  buildOutput = built.stdout + built.stderr;
  console.log(`next build: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const port = new URL(await closedUrl()).port;
  server = await startServer(next, ["start", "-H", "127.0.0.1", "-p", port], {
    cwd: app,
    env: { NEXT_TELEMETRY_DISABLED: "1", VERIFY_8X8_API_KEY: "test-key", VERIFY_8X8_SUBACCOUNT: "test_hq", VERIFY_8X8_UPSTREAM_URL: sim.url },
    url: `http://127.0.0.1:${port}/api/verify/sessions`,
  });
  site = { next: `http://127.0.0.1:${port}`, proxy: await startReverseProxy(`http://127.0.0.1:${port}`) };
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.proxy.close();
  await server?.stop();
  await sim?.stop();
});

test("next build: edge and Node.js routes build; no server wasm among the public assets", () => {
  assert.match(buildOutput, /\/api\/verify\/\[\.\.\.path\]/);
  assert.match(buildOutput, /\/api\/verify-node\/\[\.\.\.path\]/);
  const media = readdirSync(path.join(app, ".next", "static", "media"));
  assert.deepEqual(media.filter((f) => f.endsWith(".wasm")).map((f) => f.split(".")[0]), ["client_bg"], media.join(", "));
  const statics = readdirSync(path.join(app, ".next", "static"), { recursive: true });
  assert.deepEqual(statics.filter((f) => /server_bg/.test(f)), []);
});

test("next build: the Node.js route's traced files include the server wasm (a deployment copies only those)", () => {
  const trace = path.join(app, ".next", "server", "app", "api", "verify-node", "[...path]", "route.js.nft.json");
  const { files } = JSON.parse(readFileSync(trace, "utf8"));
  const wasm = files.filter((f) => f.endsWith(".wasm")).map((f) => f.split("/node_modules/").at(-1));
  assert.deepEqual(wasm, ["verify-8x8/dist/server_bg.wasm"], files.join(", "));
});

for (const [runtime, page] of [
  ["edge", "/"],
  ["nodejs", "/node"],
]) {
  test(`Chromium at 127.0.0.1: the client component verifies through the ${runtime} route`, async () => {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(e.message));
    try {
      await tab.goto(`${site.proxy.url}${page}`);
      const destination = freshDestination();
      await verifyInPage(tab, sim.url, destination);
      const requests = await (await fetch(`${sim.url}/_sim/requests`)).json();
      const sent = requests.filter((r) => r.body?.destination === destination);
      assert.equal(sent.length, 1, JSON.stringify(requests.slice(-3)));
      assert.equal(sent[0].body.clientIp, "127.0.0.1");
      assert.deepEqual(errors, []);
    } finally {
      await tab.close();
    }
  });
}

test("bare next start: with no reverse proxy to set x-real-ip, the proxy refuses (400), it never guesses", async () => {
  const tab = await browser.newPage();
  try {
    await tab.goto(`${site.next}/`);
    await tab.getByLabel("Phone number").fill(freshDestination());
    await tab.getByRole("button", { name: "Send code" }).click();
    const status = tab.getByRole("status");
    await status.filter({ hasText: /\S/ }).waitFor();
    assert.match(await status.textContent(), /HTTP 400, code 1012/ /* no_client_ip */);
  } finally {
    await tab.close();
  }
});
