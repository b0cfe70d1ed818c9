// The edges of a proxied request, for src/proxy/handler.rs: what the handler reads of a
// request, in one call; and the response, built in one call from its status, body and
// "name: value" header lines (decided in Rust).
export function describeRequest(request, ipHeader) {
  let url;
  try {
    url = new URL(request.url);
  } catch {
    url = new URL("invalid:");
  }
  const header = (name) => request.headers.get(name) ?? undefined;
  return [request.method, url.pathname, url.searchParams.get("code") ?? undefined, url.origin,
    header("origin"), header("content-type"), ipHeader === undefined ? undefined : header(ipHeader)];
}
function withLines(headers, lines) {
  for (const line of lines.split("\n")) {
    const colon = line.indexOf(": ");
    if (colon > 0) headers.set(line.slice(0, colon), line.slice(colon + 2));
  }
  return headers;
}
export function respond(status, body, lines) {
  return new Response(body ?? null, { status, headers: withLines(new Headers(), lines) });
}
export function reissue(response, lines) {
  const { status, statusText } = response;
  return new Response(response.body, { status, statusText, headers: withLines(new Headers(response.headers), lines) });
}
