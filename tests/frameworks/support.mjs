// What the framework suites share: the README's recipes (each ```js/```jsx block after a
// `<!-- recipe: NAME -->` marker, copied as written), a server process started and awaited
// until it answers, a reverse proxy like nginx's, and the verification flow a user goes
// through in a page made from the README's client recipe.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, request as forward } from "node:http";
import path from "node:path";
import { repoRoot } from "../support/package.mjs";
import { simMessages } from "../support/sim.mjs";

const recipes = new Map(
  [...readFileSync(path.join(repoRoot, "README.md"), "utf8").matchAll(/<!-- recipe: ([\w-]+)[^>]*-->\n```jsx?\n([\s\S]*?)```/g)].map(
    ([, name, code]) => [name, code],
  ),
);

/** The README's recipe `name`, exactly as written. */
export function recipe(name) {
  const code = recipes.get(name);
  assert.ok(code, `README.md has no <!-- recipe: ${name} --> block`);
  return code;
}

/**
 * Runs `command args` in `cwd` until `url` answers (any status); returns `stop()`. Its output
 * is kept and printed if it never answers or exits early.
 */
export async function startServer(command, args, { cwd, env, url, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output}`);
    }
    const answered = await fetch(url, { redirect: "manual" }).then(
      (r) => r.arrayBuffer().then(() => true),
      () => false,
    );
    if (answered) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * A reverse proxy on 127.0.0.1 in front of `target` that overwrites `X-Real-IP` with the
 * connection's address, as nginx's `proxy_set_header X-Real-IP $remote_addr;` does.
 */
export async function startReverseProxy(target) {
  const server = createServer((req, res) => {
    const headers = { ...req.headers, "x-real-ip": req.socket.remoteAddress.replace(/^::ffff:/, "") };
    const upstream = forward(new URL(req.url, target), { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Waits for the page's status line to show `text`; fails with what it shows instead. */
async function expectStatus(page, text) {
  const status = page.getByRole("status");
  try {
    await status.filter({ hasText: text }).waitFor({ timeout: 15_000 });
  } catch {
    assert.fail(`expected the status "${text}", the page shows "${await status.textContent()}"`);
  }
}

/**
 * In `page` (already at a page showing the README's client recipe): sends a code to
 * `destination`, reads it from the simulator's inbox, types it and expects "Verified".
 */
export async function verifyInPage(page, simUrl, destination) {
  await page.getByLabel("Phone number").fill(destination);
  await page.getByRole("button", { name: "Send code" }).click();
  await expectStatus(page, "Code sent");
  const [message] = await simMessages(simUrl, destination);
  assert.ok(message, "the simulator delivered a code");
  await page.getByLabel("Code").fill(message.code);
  await page.getByRole("button", { name: "Check" }).click();
  await expectStatus(page, "Verified");
}
