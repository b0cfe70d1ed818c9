// The simulated phone's inbox: the messages the simulator "delivered" to the number being
// verified (GET /_sim/messages, polled every second while a code is awaited), as text.
import { boundExplanation } from "/autofill.js";
import { el, state } from "/page.js";
import { maskNumber } from "/phone.js";

/** Shows the number's messages now and every second after (when the server has an inbox). */
export function startInbox() {
  if (!state.config.inbox) return;
  stopInbox();
  state.inboxCount = -1;
  pollInbox();
  state.inboxTimer = setInterval(pollInbox, 1000);
}

/** Stops polling the inbox. */
export function stopInbox() {
  clearInterval(state.inboxTimer);
  state.inboxTimer = 0;
}

let polling = false;
/** Fetches the number's messages once and shows them if they changed (not while the page is hidden). */
export async function pollInbox() {
  if (polling || !state.destination || document.visibilityState === "hidden") return;
  polling = true;
  const destination = state.destination;
  try {
    const response = await fetch(`/_sim/messages?destination=${encodeURIComponent(destination)}`, {
      headers: { accept: "application/json" },
    });
    if (!response.ok || destination !== state.destination) return;
    const messages = await response.json();
    if (Array.isArray(messages) && messages.length !== state.inboxCount) renderInbox(messages);
  } catch {
    // the next poll tries again
  } finally {
    polling = false;
  }
}

function renderInbox(messages) {
  state.inboxCount = messages.length;
  el.inboxEmpty.hidden = messages.length > 0;
  const items = messages.slice(-20).map((message) => {
    const item = document.createElement("li");
    item.className = "message";
    const meta = document.createElement("p");
    meta.className = "message__meta";
    const time = document.createElement("time");
    time.dateTime = message.sentAt;
    time.textContent = new Date(message.sentAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    meta.append(`${String(message.channel).toUpperCase()} to ${maskNumber(message.destination)} · `, time);
    const text = document.createElement("p");
    text.className = "message__text";
    // The code is highlighted; everything is text, never HTML.
    const body = String(message.text);
    const at = message.code ? body.indexOf(message.code) : -1; // the first: the bound line repeats it
    if (at >= 0) {
      const code = document.createElement("strong");
      code.className = "message__code";
      code.textContent = message.code;
      text.append(body.slice(0, at), code, body.slice(at + message.code.length));
    } else {
      text.textContent = body;
    }
    item.append(text, meta);
    return item;
  });
  el.inboxList.replaceChildren(...items);
  el.inboxBound.textContent = boundExplanation(messages.at(-1), location.origin);
  el.inboxBound.hidden = messages.length === 0;
  el.inboxList.lastElementChild?.scrollIntoView?.({ block: "nearest" });
}
