// Starts Debian's redis-server on a free loopback port, with no persistence, for the tests;
// `stop()` ends it. The process is killed when the test process exits, whatever happens.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN || "/usr/bin/redis-server";

const live = new Set();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function startOnce(port, extraArgs, dir) {
  const args = [
    "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
    "--daemonize", "no", "--dir", dir, "--logfile", "", ...extraArgs,
  ];
  const child = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => {
    live.delete(child);
    resolve({ code, signal });
  }));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not get ready in 10 s:\n${out}`));
    }, 10_000);
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    const onData = (chunk) => {
      out += chunk;
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve({ child, exited });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (code ${code}, signal ${signal}) before it was ready:\n${out}`));
    });
  });
}

/**
 * Starts redis-server (extra arguments appended, e.g. cluster mode). Retries on another port
 * if the chosen one was taken in between.
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startRedis(extraArgs = []) {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} not found (apt-get install redis-server)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "verify-8x8-redis-"));
  let lastError;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    try {
      const { child, exited } = await startOnce(port, extraArgs, dir);
      const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        const t = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(t);
        rmSync(dir, { recursive: true, force: true });
      };
      return { url: `redis://127.0.0.1:${port}`, port, dir, stop };
    } catch (e) {
      lastError = e;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/**
 * A redis-server and `count` node-redis clients connected to it (`clients`); `stop()` quits
 * the clients, then stops the server.
 */
async function startRedisWithClients(count = 2) {
  const { createClient } = await import("redis");
  const server = await startRedis();
  const clients = [];
  for (let i = 0; i < count; i++) clients.push(await createClient({ url: server.url }).connect());
  const stop = async () => {
    for (const client of clients) await client.quit();
    await server.stop();
  };
  return { ...server, clients, stop };
}

/**
 * startRedisWithClients() before the tests of the enclosing suite (or file) and its stop()
 * after them: the array returned holds the connected clients while the tests run.
 */
export function useRedisClients(count = 2) {
  const clients = [];
  let redis;
  before(async () => {
    redis = await startRedisWithClients(count);
    clients.push(...redis.clients);
  });
  after(async () => {
    await redis?.stop();
  });
  return clients;
}
