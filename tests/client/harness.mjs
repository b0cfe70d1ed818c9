// Loads the packed package by its name from the consumer project (tests/support/package.mjs),
// so these suites exercise exactly what users install.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { packedProject } from "../support/package.mjs";

const project = packedProject();
const resolve = createRequire(path.join(project, "package.json")).resolve;

/** `import * as verify from "verify-8x8"`, resolved from the consumer project. */
export const verify = await import(pathToFileURL(resolve("verify-8x8")).href);

/** A file inside the installed package (for tests of its internals). */
export function packageFile(name) {
  return pathToFileURL(path.join(path.dirname(resolve("verify-8x8/package.json")), name)).href;
}

/** Requests the simulator received on the 8x8 surface, oldest first. */
export async function received(simUrl) {
  return (await fetch(`${simUrl}/_sim/requests`)).json();
}

/** Rejection of `promise` (fails the test if it resolves). */
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
