// receiveCode: the code of an origin-bound SMS through the WebOTP API, where the browser has
// it (Chrome on Android; the proxy binds every SMS code to the page's origin). Elsewhere it
// resolves with null at once: Safari and others offer the code through
// autocomplete="one-time-code". Bundled into the browser entry only; it needs no permission
// and nothing beyond the entry's CSP.
import { VerifyError } from "./shim.js";

/** Resolves with the code WebOTP delivers, or null (no WebOTP, or none delivered); rejects ABORTED when `signal` fires. */
export const receiveCode = (options) =>
  new Promise((resolve, reject) => {
    const signal = options?.signal;
    const abort = () => reject(new VerifyError({ code: "ABORTED", message: "receiveCode was aborted" }));
    if (signal?.aborted) abort();
    else if (!globalThis.OTPCredential) resolve(null);
    else {
      signal?.addEventListener("abort", abort, { once: true });
      // Asked in a then(): a browser without navigator.credentials (an insecure page) is a null too.
      Promise.resolve({ otp: { transport: ["sms"] }, signal })
        .then((request) => navigator.credentials.get(request))
        .then(
          (credential) => resolve(credential?.code ?? null),
          () => (signal?.aborted ? abort() : resolve(null)),
        );
    }
  });
