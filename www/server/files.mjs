// What the demo server sends from disk: the page (www/) and the package's browser entry with
// exactly what it imports, by URL path, with their MIME types.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { countryOptions, renderIndex } from "./countries.mjs";
import { SECURITY_HEADERS, sendText } from "./http.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// Every file the server will ever send, by URL path. Nothing else on disk is reachable.
// The package's part is its browser entry plus exactly what that imports (found at start,
// so a rebuilt package with other file names still works; the server wasm is never served).
export const STATIC_FILES = new Map([
  ["/", "www/index.html"],
  ["/index.html", "www/index.html"],
  ["/app.js", "www/app.js"],
  ["/page.js", "www/page.js"],
  ["/announce.js", "www/announce.js"],
  ["/view.js", "www/view.js"],
  ["/result.js", "www/result.js"],
  ["/inbox.js", "www/inbox.js"],
  ["/messages.js", "www/messages.js"],
  ["/phone.js", "www/phone.js"],
  ["/autofill.js", "www/autofill.js"],
  ["/style.css", "www/style.css"],
  ["/layout.css", "www/layout.css"],
  ["/forms.css", "www/forms.css"],
  ["/status.css", "www/status.css"],
  ["/inbox.css", "www/inbox.css"],
  ["/explainer.css", "www/explainer.css"],
  ["/favicon.svg", "www/favicon.svg"],
  ["/check.svg", "www/check.svg"],
]);

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};

/**
 * `pkg/browser.js` and the files it reaches through relative static imports, re-exports and
 * `new URL("./…", import.meta.url)` (the lazily fetched wasm), as repository-relative paths.
 */
export function browserEntryFiles(entry = "pkg/browser.js") {
  const found = new Set();
  const pending = [entry];
  const pattern =
    /(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bexport\s*[\w*{}\s,$]+\s*from\s*|\bnew\s+URL\s*\(\s*)(["'])(\.{1,2}\/[^"']+)\1/g;
  while (pending.length > 0) {
    const file = pending.pop();
    if (found.has(file)) continue;
    found.add(file);
    if (!file.endsWith(".js")) continue;
    const source = readFileSync(path.join(repoRoot, file), "utf8");
    for (const match of source.matchAll(pattern)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[2]));
      if (target.startsWith("pkg/") && !found.has(target)) pending.push(target);
    }
  }
  return [...found].sort();
}

/** The country picker's options, made when the server starts (prepareCountryPicker). */
let countries;

/**
 * Makes the country picker's options and checks that www/index.html takes them; throws,
 * naming the problem (a featured country missing from the table, the marker missing).
 */
export function prepareCountryPicker() {
  countries = countryOptions();
  renderIndex(readFileSync(path.join(repoRoot, "www", "index.html"), "utf8"), countries);
}

/** Answers a request for one of STATIC_FILES; false when `pathname` is none of them. */
export function serveStaticFile(req, res, pathname) {
  const file = STATIC_FILES.get(pathname);
  if (!file) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendText(res, 405, "GET only\n", { allow: "GET, HEAD" });
    return true;
  }
  let body;
  try {
    body = readFileSync(path.join(repoRoot, file));
  } catch {
    sendText(res, 404, `${file} is missing: run \`make build\`\n`);
    return true;
  }
  if (file === "www/index.html") body = Buffer.from(renderIndex(body.toString("utf8"), (countries ??= countryOptions())));
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": MIME_TYPES[path.extname(file)] ?? "application/octet-stream",
    "content-length": body.length,
    "cache-control": "no-cache",
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
