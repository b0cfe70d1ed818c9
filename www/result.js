// The result step: the page's own "Verified" (only what the browser was told), then the
// server's confirmation from onVerified, polled from /api/demo/confirmations.
import { el, state } from "/page.js";
import { showStep } from "/view.js";

/** Shows the result step, then waits (up to 10 tries) for the server's confirmation of this session. */
export async function showResult() {
  showStep("result");
  el.confirmation.dataset.state = "pending";
  el.confirmation.textContent = "Waiting for the server's confirmation…";
  el.resultTitle.focus();
  const sessionId = state.sessionId;
  for (let attempt = 0; attempt < 10; attempt++) {
    if (state.sessionId !== sessionId) return;
    try {
      const response = await fetch(`/api/demo/confirmations?sessionId=${encodeURIComponent(sessionId)}`, {
        headers: { accept: "application/json" },
      });
      if (response.ok) {
        const confirmation = await response.json();
        if (state.sessionId !== sessionId) return;
        const at = new Date(confirmation.verifiedAt);
        el.confirmation.dataset.state = "confirmed";
        el.confirmation.textContent = `Server confirmed ${confirmation.destination} verified at ${at.toLocaleTimeString()}.`;
        return;
      }
    } catch {
      // try again below
    }
    await new Promise((resolve) => setTimeout(resolve, 300 + attempt * 200));
  }
  el.confirmation.dataset.state = "missing";
  el.confirmation.textContent =
    "The server has not confirmed this verification, so it must not be trusted. Try verifying again.";
}
