// One-tap codes in the demo: headless Chromium with the WebOTP API stubbed by the test
// (navigator.credentials.get answers when the test "delivers" the SMS, as Chrome on Android
// does when the user taps Allow), the demo server and its simulator. The code fills itself
// in and verifies without a key being pressed; typing first stops the listening.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertNoProblems, codeFromInbox, freshNational, openDemo, screenshot, sendCode, simMessages, useDemo } from "./helpers.mjs";

const env = useDemo();

/** The stub: records each WebOTP request; `window.__deliver(code)` answers the pending one. */
function stubWebOtp() {
  window.__otp = [];
  window.OTPCredential ??= class OTPCredential {};
  navigator.credentials.get = (options) =>
    new Promise((resolve, reject) => {
      const request = { otp: options?.otp, state: "pending" };
      window.__otp.push(request);
      options?.signal?.addEventListener("abort", () => {
        request.state = "aborted";
        reject(new DOMException("aborted", "AbortError"));
      });
      window.__deliver = (code) => {
        request.state = "delivered";
        resolve({ type: "otp", id: "", code });
      };
    });
}

test("WebOTP delivers the SMS: the code field fills itself in and the number is verified without typing", async () => {
  const { page, context, problems } = await openDemo(env.browser, env.demo.url, { init: stubWebOtp });
  const national = freshNational();
  await sendCode(page, national);
  await page.waitForFunction(() => window.__otp.length === 1);
  assert.deepEqual(await page.evaluate(() => window.__otp), [{ otp: { transport: ["sms"] }, state: "pending" }], "the page asks for an SMS code once the code is sent");
  assert.equal(await page.getAttribute("#code", "autocomplete"), "one-time-code", "kept for Safari's autofill");

  const [message] = await simMessages(env.demo.simUrl, `+65${national}`);
  assert.equal(await codeFromInbox(page), message.code);
  // The phone panel shows the message as 8x8 would send it and explains the bound line: this
  // page is http on a port, which the format cannot name, so it says so and shows the line an https site gets.
  const explanation = await page.textContent("#inbox-bound");
  assert.equal(await page.isVisible("#inbox-bound"), true);
  assert.match(explanation, new RegExp(`no origin-bound last line.*this page is ${env.demo.url.replace(/[.]/g, "\\.")}\\. On https://shop\\.example the SMS ends with “@shop\\.example #${message.code}”`));
  assert.match(explanation, /only on that site.*one tap/);

  await page.evaluate((code) => window.__deliver(code), message.code); // the user taps "Allow"
  await page.waitForSelector("#result:not([hidden])");
  assert.equal(await page.inputValue("#code"), message.code, "the field was filled by WebOTP");
  await page.waitForSelector("#confirmation[data-state=confirmed]");
  assert.match(await page.textContent("#confirmation"), new RegExp(`^Server confirmed \\+…${national.slice(-4)} verified`));
  await screenshot(page, "desktop-6-webotp-verified");
  assertNoProblems(problems);
  await context.close();
});

test("typing stops the WebOTP request: nothing overwrites what the user types", async () => {
  const { page, context, problems } = await openDemo(env.browser, env.demo.url, { init: stubWebOtp });
  await sendCode(page, freshNational());
  await page.waitForFunction(() => window.__otp.length === 1);
  await page.locator("#code").pressSequentially("1");
  await page.waitForFunction(() => window.__otp[0].state === "aborted");
  assert.equal(await page.inputValue("#code"), "1", "nothing overwrote what the user typed");
  assertNoProblems(problems);
  await context.close();
});
