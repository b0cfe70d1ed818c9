// The request itself, for src/transport.rs: one call in from wasm, one answer back.
// A deadline timer aborts the request, body included, and is always cleared; which signal
// fired decides the failure ("aborted", "timeout", "network"), not the error's name.
export async function fetchText(url, method, authorization, body, timeoutMs, signal, maxText) {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const headers = { accept: "application/json" };
    if (authorization !== undefined) headers.authorization = authorization;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(url, {
      method,
      headers,
      body,
      signal: signal === undefined ? deadline.signal : AbortSignal.any([deadline.signal, signal]),
    });
    const text = await response.text();
    const header = (name) => response.headers.get(name) ?? undefined;
    return [response.status, header("date"), header("retry-after"), text.length <= maxText ? text : undefined];
  } catch {
    throw signal?.aborted ? "aborted" : deadline.signal.aborted ? "timeout" : "network";
  } finally {
    clearTimeout(timer);
  }
}
