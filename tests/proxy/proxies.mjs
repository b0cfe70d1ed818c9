// The proxies a host serves for the proxy suite (./suite.mjs), one entry each in
// fixtures/app.mjs under its own basePath: the suite's main proxy, the ones its event and
// budget tests need, and one per row of the attack table (./attacks.mjs). Also the
// credentials, origin and headers those proxies and the tests agree on.
import { ATTACKS } from "./attacks.mjs";

export const API_KEY = "proxy-secret-key-7f3a";
export const SUB_ACCOUNT = "acme_secret_hq";
export const ORIGIN = "https://app.example.com";
/** The header every request of the package's client carries; a cross-site page cannot send it. */
export const MARKER = { "x-verify-8x8": "1" };

/** The options of the suite's main proxy (plus the host's client-IP source). */
export function proxyOptions(simUrl) {
  return {
    apiKey: API_KEY,
    subAccountId: SUB_ACCOUNT,
    upstreamUrl: simUrl,
    allowedCountries: ["SG", "US"],
    channels: ["sms", "call"],
    allowedOrigins: [ORIGIN],
    defaults: { brand: "Acme", template: "Acme code: {code}", codeLength: 6 },
    limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: { max: 1000, windowSeconds: 3600 } },
    timeoutMs: 1000,
  };
}

/** The header the attack table's proxies read the client's address from, in every runtime. */
export const CLIENT_IP_HEADER = "x-client-ip";

/**
 * Every proxy a host serves (fixtures/app.mjs entries). `mainIp` is the main proxy's client-IP
 * source (`{}`: the runtime's default). The attack table's proxies (`row1` … `row9-*`) use
 * only options that older releases also knew, so that the table can be run against them.
 */
export function proxyEntries({ runtime, simUrl, redirectUrl, closedUrl, mainIp }) {
  const attackOptions = {
    apiKey: API_KEY,
    subAccountId: SUB_ACCOUNT,
    upstreamUrl: simUrl,
    allowedCountries: ["SG", "US"],
    defaults: { brand: "Acme", codeLength: 6 },
    clientIpHeader: CLIENT_IP_HEADER,
    // The defaults (README "The proxy"), written out: 3 sends per number per 10 min, 10 requests per client per hour.
    limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: { max: 10, windowSeconds: 3600 } },
    timeoutMs: 2000,
  };
  const recorded = { beforeSend: "by-header", onVerified: "by-header" };
  // One proxy per row of the attack table (a fresh limiter each: no row depends on another).
  // A row may change its proxy's options or hooks, and ask for `peers`: more proxies of the same
  // options under `/row<N>-<peer>/…` (with a shared store, other isolates of one deployment).
  const rows = ATTACKS.flatMap(({ row, options = {}, hooks = {}, peers = [] }) =>
    ["", ...peers.map((peer) => `-${peer}`)].map((suffix) => ({
      name: `row${row}${suffix}`,
      options: { ...attackOptions, basePath: `/row${row}${suffix}/api/verify`, ...(row === 8 ? { upstreamUrl: redirectUrl } : {}), ...options },
      hooks: { ...recorded, ...hooks },
    })),
  );
  // Row 9: the runtime's default client-IP source (no clientIpHeader).
  const platform = { ...attackOptions, clientIpHeader: undefined };
  if (runtime === "workerd") {
    rows.push(
      { name: "row9-cloudflare", options: { ...platform, basePath: "/row9-cloudflare/api/verify" }, hooks: recorded },
      { name: "row9-self-hosted", options: { ...platform, basePath: "/row9-self-hosted/api/verify" }, hooks: recorded, stripCf: true },
    );
  }
  if (runtime === "deno") rows.push({ name: "row9-platform-ip", options: { ...platform, basePath: "/row9-platform-ip/api/verify" }, hooks: recorded });
  return [
    { name: "main", options: { ...proxyOptions(simUrl), ...mainIp }, hooks: { onVerified: "record", onEvent: "record" } },
    {
      name: "budget",
      options: {
        ...proxyOptions(simUrl),
        basePath: "/budget/api/verify",
        limits: { perDestination: null, perClientIp: null, perCountry: { max: 2, windowSeconds: 600 } },
      },
      hooks: { onEvent: "record" },
    },
    {
      // Every hook and refusal an operator should see: upstream is the redirector (any request that gets there is a 502).
      name: "events-hooks",
      options: {
        ...proxyOptions(simUrl),
        basePath: "/events-hooks/api/verify",
        upstreamUrl: redirectUrl,
        clientIpHeader: CLIENT_IP_HEADER,
        limits: { perDestination: null, perClientIp: { max: 1, windowSeconds: 600 } },
      },
      hooks: { beforeSend: "by-header", onEvent: "record" },
    },
    { name: "events-unreachable", options: { ...proxyOptions(closedUrl), ...mainIp, basePath: "/events-unreachable/api/verify" }, hooks: { onEvent: "record" } },
    { name: "events-store", options: { ...proxyOptions(simUrl), ...mainIp, basePath: "/events-store/api/verify" }, hooks: { onEvent: "record", store: "failing" } },
    ...["throw", "reject"].map((how) => ({
      name: `events-${how}`,
      options: { ...proxyOptions(simUrl), ...mainIp, basePath: `/events-${how}/api/verify`, limits: { perDestination: { max: 1, windowSeconds: 600 } } },
      hooks: { onEvent: how, onVerified: "record" },
    })),
    ...rows,
  ];
}
