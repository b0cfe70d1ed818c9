// The demo server's configuration (www/server.mjs): its command line (--port) and the
// environment that chooses the simulator or the real 8x8 API, read and checked once at start;
// a bad one ends the process with a message and exit code 2.

const REGIONS = ["ap", "us", "eu", "id"];

function usage() {
  return [
    "usage: node www/server.mjs [--port PORT]",
    "",
    "  --port PORT   port on 127.0.0.1 (default $PORT or 8080; 0 picks a free port)",
    "",
    "environment:",
    "  VERIFY_8X8_API_KEY, VERIFY_8X8_SUBACCOUNT, VERIFY_8X8_ALLOWED_COUNTRIES (e.g. SG,GB or *)",
    "      all three set: the proxy talks to the real 8x8 API, no simulator is started",
    "  VERIFY_8X8_REGION   ap (default), us, eu or id (real API only)",
    "  VERIFY_8X8_SIM_BIN  simulator binary (default target/debug/verify-8x8-sim)",
  ].join("\n");
}

/** Prints `demo: message` and ends the process. */
export function fail(message, code = 1) {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(code);
}

function parsePort(text, where) {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) fail(`${where} must be a port number from 0 to 65535`, 2);
  return Number(text);
}

/** The server's settings from its arguments and environment (exits on a bad one). */
export function readConfig(argv, env) {
  let port = env.PORT !== undefined && env.PORT !== "" ? parsePort(env.PORT, "PORT") : 8080;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--port" && i + 1 < argv.length) port = parsePort(argv[++i], "--port");
    else if (arg.startsWith("--port=")) port = parsePort(arg.slice(7), "--port");
    else if (arg === "-h" || arg === "--help") {
      process.stdout.write(`${usage()}\n`);
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(arg)}\n${usage()}`, 2);
  }

  const apiKey = env.VERIFY_8X8_API_KEY || "";
  const subAccountId = env.VERIFY_8X8_SUBACCOUNT || "";
  const countries = (env.VERIFY_8X8_ALLOWED_COUNTRIES || "").trim();
  const live = apiKey !== "" && subAccountId !== "" && countries !== "";
  const partlySet = [apiKey, subAccountId].some((v) => v !== "");
  if (!live && partlySet) {
    fail(
      "to use the real 8x8 API set all of VERIFY_8X8_API_KEY, VERIFY_8X8_SUBACCOUNT and VERIFY_8X8_ALLOWED_COUNTRIES " +
        "(unset them to use the simulator)",
      2,
    );
  }
  const allowedCountries =
    countries === "" || countries === "*"
      ? ["*"]
      : countries
          .split(",")
          .map((c) => c.trim().toUpperCase())
          .filter(Boolean);
  if (!allowedCountries.every((c) => c === "*" || /^[A-Z]{2}$/.test(c))) {
    fail("VERIFY_8X8_ALLOWED_COUNTRIES must be * or a comma-separated list of two-letter country codes (SG,GB,US)", 2);
  }
  const region = env.VERIFY_8X8_REGION || undefined;
  if (region !== undefined && !REGIONS.includes(region)) fail(`VERIFY_8X8_REGION must be one of ${REGIONS.join(", ")}`, 2);

  return { port, live, apiKey, subAccountId, allowedCountries, region };
}
