// receiveCode: the code of an origin-bound SMS through the WebOTP API, where the browser has
// it (Chrome on Android; the proxy binds every SMS code to the page's origin). Elsewhere it
// resolves with null at once: Safari and others offer the code through
// autocomplete="one-time-code". Bundled into the browser entry only; it needs no permission
// and nothing beyond the entry's CSP.
import { VerifyError } from "./shim.js";

/** Resolves with the code WebOTP delivers, or null (no WebOTP, or none delivered); rejects ABORTED when `signal` fires. */
export function receiveCode(options) {
  const signal = options?.signal;
  return new Promise((resolve, reject) => {
    const abort = () => reject(new VerifyError({ code: "ABORTED", message: "receiveCode was aborted by its signal" }));
    if (signal?.aborted) return abort();
    if (!globalThis.OTPCredential || !navigator.credentials?.get) return resolve(null);
    signal?.addEventListener("abort", abort, { once: true });
    Promise.resolve()
      .then(() => navigator.credentials.get({ otp: { transport: ["sms"] }, signal }))
      .then(
        (credential) => resolve(credential?.code ?? null),
        () => (signal?.aborted ? abort() : resolve(null)),
      );
  });
}
