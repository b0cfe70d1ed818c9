// Small helpers shared by the benchmark scripts.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function round(value, digits = 0) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A child benchmark hands its result to bench/run.mjs as the last stdout line. */
export function report(result) {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

/** Fresh, never-repeating destinations, written the way users type them. */
export function destinations(prefix) {
  let n = 0;
  return () => {
    const digits = String(++n).padStart(7, "0");
    return `+${prefix} ${digits.slice(0, 3)} ${digits.slice(3)}`;
  };
}
