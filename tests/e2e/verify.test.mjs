// The demo page end to end: headless Chromium → demo server (createVerifyProxy from the
// built package) → its own simulator. Screenshots go to tests/artifacts/e2e/.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DESKTOP,
  PHONE,
  advanceClock,
  assertNoProblems,
  codeFromInbox,
  endConfirmed,
  freshNational,
  openDemo,
  openWithCode,
  screenshot,
  sendCode,
  simMessages,
  statusMatching,
  wrongCodeFor,
  useDemo,
} from "./helpers.mjs";

const env = useDemo({
  onStopped: (stopped) => assert.deepEqual(stopped, { code: 0, signal: null }, "SIGTERM stops the demo server cleanly"),
});

for (const [label, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE],
]) {
  test(`happy path (${label} ${viewport.width}×${viewport.height}): send, read the inbox, type the code, verified and confirmed by the server`, async () => {
    const { page, context, problems } = await openDemo(env.browser, env.demo.url, { viewport });
    await screenshot(page, `${label}-1-start`);

    // Labels and the live region are there before anything happens.
    assert.equal(await page.getAttribute("#status", "aria-live"), "polite");
    assert.equal(await page.getAttribute("#code", "autocomplete"), "one-time-code");
    assert.equal(await page.getAttribute("#code", "inputmode"), "numeric");
    for (const id of ["country", "phone", "code"]) {
      assert.equal(await page.locator(`label[for=${id}]`).count(), 1, `a label for #${id}`);
    }

    const national = freshNational();
    await sendCode(page, national);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "code", "focus moves to the code field");
    assert.match(await page.textContent("#sent-to"), new RegExp(`\\+65 ${national}`));
    assert.match(await statusMatching(page, /We sent a code/), /^We sent a code to \+65 \d{8}\. It's valid for 5 minutes\.$/);
    assert.equal(await page.textContent("#attempts"), "5");
    assert.match(await page.textContent("#expires"), /^[45]:\d\d$/);
    assert.equal(await page.isDisabled("#resend"), true, "Resend waits for the resend interval");

    const code = await codeFromInbox(page);
    assert.match(code, /^\d{6}$/);
    const [delivered] = await simMessages(env.demo.simUrl, `+65${national}`);
    assert.equal(delivered.code, code, "the inbox panel shows what the simulator delivered");
    await screenshot(page, `${label}-2-code-sent`);

    await page.locator("#code").pressSequentially(code); // submits itself when complete
    await page.waitForSelector("#result:not([hidden])");
    assert.match(await page.textContent("#result-title"), /Verified/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "result-title");
    await page.waitForSelector("#confirmation[data-state=confirmed]");
    const confirmation = await page.textContent("#confirmation");
    assert.match(confirmation, new RegExp(`^Server confirmed \\+…${national.slice(-4)} verified at .+\\.$`));
    assert.match(env.demo.output().stdout, new RegExp(`onVerified: \\+…${national.slice(-4)} verified`));
    // The operator's log: one onEvent line per request, the number masked, no code.
    const events = env.demo.output().stdout.split("\n").filter((line) => line.startsWith("onEvent: "));
    assert.ok(events.some((line) => new RegExp(`^onEvent: sent SG \\+\\*+${national.slice(-4)} from 127\\.0\\.0\\.1$`).test(line)), events.join("\n"));
    assert.ok(events.some((line) => new RegExp(`^onEvent: verified SG \\+\\*+${national.slice(-4)}`).test(line)), events.join("\n"));
    assert.ok(!events.some((line) => line.includes(delivered.code)), "no code in the log");
    await screenshot(page, `${label}-3-verified`);

    // Start over leads back to the number, focused.
    await page.click("#start-over");
    await page.waitForSelector("#phone-form:not([hidden])");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "phone");

    assertNoProblems(problems);
    await context.close();
  });
}

test("a wrong code, then the right one: attempts left are shown", async () => {
  const { page, context, problems, code } = await openWithCode(env);

  await page.fill("#code", wrongCodeFor(code));
  const status = await statusMatching(page, /isn't right/);
  assert.equal(status, "That code isn't right. 4 attempts left.");
  assert.equal(await page.textContent("#attempts"), "4");
  assert.equal(await page.getAttribute("#code", "aria-invalid"), "true");
  assert.equal(await page.inputValue("#code"), "", "the field is cleared for the next try");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "code");
  await screenshot(page, "desktop-4-wrong-code");

  await page.fill("#code", wrongCodeFor(wrongCodeFor(code)));
  assert.equal(await statusMatching(page, /3 attempts/), "That code isn't right. 3 attempts left.");

  await page.fill("#code", code);
  await endConfirmed(page, context, problems);
});

test("pasting a whole message into the code field finds the code and submits it", async () => {
  const { page, context, problems, code } = await openWithCode(env);
  const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
  await page.locator("#code").evaluate((input, text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, `verify-8x8 demo: Your verification code is ${spaced}`);
  await endConfirmed(page, context, problems);
});

test("expiry: after the simulator's clock passes expiresAt the code is reported expired; a new code works", async () => {
  const { page, context, problems, code } = await openWithCode(env);

  await advanceClock(env.demo.simUrl, 301);
  await page.fill("#code", code);
  const status = await statusMatching(page, /expired/);
  assert.equal(status, "This code has expired. Send a new code to try again.");
  assert.equal(await page.textContent("#expires"), "Expired");
  assert.equal(await page.textContent("#attempts"), "0");
  assert.equal(await page.isDisabled("#code"), true);
  assert.equal(await page.textContent("#resend"), "Send a new code");
  assert.equal(await page.isEnabled("#resend"), true, "an expired session can be replaced at once");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "resend");
  await screenshot(page, "desktop-5-expired");

  await page.click("#resend");
  await statusMatching(page, /We sent a code/);
  const fresh = await codeFromInbox(page, 2);
  await page.fill("#code", fresh);
  await endConfirmed(page, context, problems);
});

test("five wrong codes: the session fails and says so", async () => {
  const { page, context, problems, code } = await openWithCode(env);
  let wrong = code;
  for (let left = 4; left >= 1; left--) {
    wrong = wrongCodeFor(wrong);
    await page.fill("#code", wrong);
    await statusMatching(page, new RegExp(`${left} attempts? left`));
  }
  await page.fill("#code", wrongCodeFor(wrong));
  const status = await statusMatching(page, /Too many wrong codes/);
  assert.match(status, /Send a new code/);
  assert.equal(await page.textContent("#expires"), "Locked");
  assert.equal(await page.isEnabled("#resend"), true);
  assertNoProblems(problems);
  await context.close();
});
