// Resend timing and the proxy's limits, end to end. The page's countdowns tick on its own
// clock (Playwright's fake clock here) and the simulator's on its own: the tests move both
// by the same amount, as if the user had waited.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  PHONE,
  advanceClock,
  codeFromInbox,
  endConfirmed,
  freshNational,
  openDemo,
  openWithCode,
  screenshot,
  sendCode,
  simMessages,
  statusMatching,
  useDemo,
} from "./helpers.mjs";

const env = useDemo();

/** Lets `seconds` pass for the page and for the simulator. */
async function wait(page, seconds) {
  await advanceClock(env.demo.simUrl, seconds);
  await page.clock.fastForward(seconds * 1000);
  await page.clock.runFor(1100); // the page's once-a-second tick
}

// Expected statuses: the proxy answers 403 (resend too soon) and 429 (its limit) on purpose.
const expectedHttpErrors = (problems, ...statuses) =>
  problems.filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)));

test("resend: disabled while the countdown runs, then re-sends the same code and restarts the countdown", async () => {
  const { page, context, problems, national, code } = await openWithCode(env, { clock: true });

  assert.equal(await page.isDisabled("#resend"), true);
  assert.match(await page.textContent("#resend-hint"), /^You can resend in 0:(10|09)\.$/);
  await wait(page, 4);
  assert.equal(await page.isDisabled("#resend"), true);
  assert.match(await page.textContent("#resend-hint"), /^You can resend in 0:0[3-6]\.$/);
  assert.match(await page.textContent("#expires"), /^4:5[2-6]$/, "the expiry countdown ticks too");

  await wait(page, 6);
  assert.equal(await page.isEnabled("#resend"), true, "enabled once resendInSeconds has passed");
  assert.equal(await page.textContent("#resend-hint"), "Didn't get it? Send the same code again.");
  await screenshot(page, "desktop-6-resend-allowed");

  await page.click("#resend");
  await statusMatching(page, /same code was sent again/);
  assert.equal(await codeFromInbox(page, 2), code, "8x8 re-sends the same code");
  const messages = await simMessages(env.demo.simUrl, `+65${national}`);
  assert.deepEqual(
    messages.map((m) => m.code),
    [code, code],
  );
  assert.equal(await page.isDisabled("#resend"), true, "the countdown starts again");
  assert.match(await page.textContent("#resend-hint"), /^You can resend in 0:(10|09)\.$/);
  assert.match(await page.textContent("#expires"), /^(5:00|4:5\d)$/, "the code's validity restarts");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "code");

  await page.fill("#code", code);
  await endConfirmed(page, context, problems);
});

test("resend too soon: sending the same number again at once says how long to wait", async () => {
  // Not openWithCode: the second send follows the first at once, without waiting for the inbox.
  const { page, context, problems } = await openDemo(env.browser, env.demo.url, { clock: true });
  const national = freshNational();
  await sendCode(page, national);
  await page.click("#change-number");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "phone");
  assert.equal(await page.inputValue("#phone"), national);
  await page.click("#send");
  const status = await statusMatching(page, /sent very recently/);
  assert.match(status, /^A code was sent very recently\. You can ask for it again in (10|9|8) seconds\.$/);
  assert.deepEqual(expectedHttpErrors(problems, 403), []);
  await context.close();
});

test("rate limit: the fourth send to one number within 10 minutes is refused with the time to wait", async () => {
  const { page, context, problems, national } = await openWithCode(env, { clock: true, viewport: PHONE }); // send 1
  for (let send = 2; send <= 3; send++) {
    await wait(page, 10);
    await page.click("#resend");
    await statusMatching(page, /same code was sent again/);
    await codeFromInbox(page, send);
  }
  await wait(page, 10);
  await page.click("#resend"); // 4: the proxy's per-destination limit (3 per 10 minutes)
  const status = await statusMatching(page, /Too many codes/);
  assert.match(status, /^Too many codes were requested for this number\. Try again in (10|9) minutes\.$/);
  assert.equal(await page.isDisabled("#resend"), true);
  assert.match(await page.textContent("#resend-hint"), /^Too many codes for this number: wait \d+:\d\d\.$/);
  assert.equal((await simMessages(env.demo.simUrl, `+65${national}`)).length, 3, "nothing was sent the fourth time");
  await screenshot(page, "phone-7-rate-limited");
  assert.deepEqual(expectedHttpErrors(problems, 429), []);
  await context.close();
});
