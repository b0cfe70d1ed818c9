// Destination normalisation and every field rule of VerifyRequestV2.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simMessages } from '../support/sim.mjs';
import { expectError, expectSession, useSim } from './helpers.mjs';

const { sim, api } = useSim();

let n = 0;
/** A fresh Singapore mobile number per call, so the resend interval never interferes. */
const fresh = () => `+659${String(1_000_000 + n++).padStart(7, '0')}`;

test('international forms normalise to + and digits', async () => {
  const cases = [
    ['+65 9876 5432', undefined, '+6598765432'],
    ['6598765433', undefined, '+6598765433'],
    ['0065 9876 5434', undefined, '+6598765434'],
    ['+1 (987) 654-3210', undefined, '+19876543210'],
    ['+44.20.7946.0001', undefined, '+442079460001'],
    ['+65(876)54321', 'SG', '+6587654321'],
    ['00 44 7911 123456', 'FR', '+447911123456'],
  ];
  for (const [destination, country, expected] of cases) {
    const body = country ? { destination, country } : { destination };
    const s = expectSession(await api.start(body));
    assert.equal(s.destination, expected, destination);
  }
  // The tutorial sent the number as a JSON number.
  const s = expectSession(await api.start({ destination: 6598765435 }));
  assert.equal(s.destination, '+6598765435');
  const [m] = await simMessages(sim.url, '+6598765435');
  assert.equal(m.destination, '+6598765435');
});

test('national numbers with country: leading 0 dropped, calling code prepended', async () => {
  const cases = [
    ['8765 4322', 'SG', '+6587654322'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['07911 123457', 'gb', '+447911123457'],
    ['(987) 654-3211', 'US', '+19876543211'],
    ['0812-3456-7890', 'ID', '+6281234567890'],
  ];
  for (const [destination, country, expected] of cases) {
    const s = expectSession(await api.start({ destination, country }));
    assert.equal(s.destination, expected, `${destination} ${country}`);
  }
});

test('bad numbers → 400/1002', async () => {
  for (const destination of ['', '123', '+1234567', '+1234567890123456', '+0123456789', 'abcdefghij', '+65 9876 543x', '++6598765432', '65+98765432', -6598765432, 6.5]) {
    const e = expectError(await api.start({ destination }), 400, 1002);
    assert.equal(e.message, 'Invalid MSISDN format (not E.164 international number)');
  }
  expectError(await api.start({ destination: '0', country: 'SG' }), 400, 1002);
});

test('missing or mistyped destination → 400/1000 naming the field', async () => {
  for (const body of [{}, { destination: null }, { destination: true }, { destination: ['+6598765432'] }, { destination: {} }]) {
    expectError(await api.start(body), 400, 1000, 'destination');
  }
});

test('country: two letters, known → else 400/1009', async () => {
  for (const country of ['ZZ', 'SGP', 'S', '65', 'S1']) {
    expectError(await api.start({ destination: '8765 4321', country }), 400, 1009, 'country');
  }
  expectError(await api.start({ destination: '+6587654321', country: 'XX' }), 400, 1009);
  expectError(await api.start({ destination: '+6587654321', country: 65 }), 400, 1000, 'country');
});

test('every range, enum and type rule answers its code and names its field', async () => {
  const cases = [
    [{ channel: 'fax' }, 1000, 'channel'],
    [{ channel: 'SMS' }, 1000, 'channel'],
    [{ brand: 'x'.repeat(31) }, 1000, 'brand'],
    [{ brand: 7 }, 1000, 'brand'],
    [{ codeLength: 2 }, 1010, 'codeLength'],
    [{ codeLength: 11 }, 1010, 'codeLength'],
    [{ codeLength: 4.5 }, 1000, 'codeLength'],
    [{ codeLength: '6' }, 1000, 'codeLength'],
    [{ codeValidity: 29 }, 1010, 'codeValidity'],
    [{ codeValidity: 7201 }, 1010, 'codeValidity'],
    [{ codeValidity: '300' }, 1000, 'codeValidity'],
    [{ codeType: 'NUMBERS' }, 1000, 'codeType'],
    [{ codeType: 'numeric' }, 1000, 'codeType'],
    [{ template: 42 }, 1007, 'template'],
    [{ template: ['{code}'] }, 1007, 'template'],
    [{ templateKey: 1 }, 1000, 'templateKey'],
    [{ language: 'xx-XX' }, 1000, 'language'],
    [{ language: 'en-us' }, 1000, 'language'],
    [{ resetSession: 'true' }, 1000, 'resetSession'],
    [{ resendingInterval: 9 }, 1010, 'resendingInterval'],
    [{ resendingInterval: 7201 }, 1010, 'resendingInterval'],
    [{ callbackUrl: 'not a url' }, 1000, 'callbackUrl'],
    [{ callbackUrl: '/relative/path' }, 1000, 'callbackUrl'],
    [{ callbackUrl: 'ftp://example.com/hook' }, 1000, 'callbackUrl'],
    [{ clientIp: '999.1.1.1' }, 1012, 'clientIp'],
    [{ clientIp: 'localhost' }, 1012, 'clientIp'],
    [{ sms: 'ABC' }, 1000, 'sms'],
    [{ sms: { source: 'TwelveChars1' } }, 1005, 'sms.source'],
    [{ sms: { source: 'AB-C' } }, 1005, 'sms.source'],
    [{ sms: { source: '+12345678901234567' } }, 1005, 'sms.source'],
    [{ sms: { encoding: 'UTF8' } }, 1003, 'sms.encoding'],
    [{ call: [] }, 1000, 'call'],
    [{ call: { source: 5 } }, 1000, 'call.source'],
    [{ call: { speed: 0.4 } }, 1010, 'call.speed'],
    [{ call: { speed: 2.01 } }, 1010, 'call.speed'],
    [{ call: { speed: 'fast' } }, 1000, 'call.speed'],
    [{ call: { repetition: 0 } }, 1010, 'call.repetition'],
    [{ call: { repetition: 4 } }, 1010, 'call.repetition'],
    [{ call: { repetition: 1.5 } }, 1000, 'call.repetition'],
    [{ call: { voiceProfile: 'v'.repeat(51) } }, 1000, 'call.voiceProfile'],
    [{ channel: 'whatsapp' }, 1000, 'whatsapp.templateName'],
    [{ channel: 'whatsapp', whatsapp: {} }, 1000, 'whatsapp.templateName'],
    [{ channel: 'whatsapp', whatsapp: { templateName: '' } }, 1000, 'whatsapp.templateName'],
    [{ whatsapp: 'abc' }, 1000, 'whatsapp'],
  ];
  for (const [fields, code, field] of cases) {
    const body = { destination: fresh(), ...fields };
    expectError(await api.start(body), 400, code, field);
  }
});

test('boundary values and every documented option are accepted', async () => {
  const ok = [
    { codeLength: 3, codeValidity: 30, resendingInterval: 10 },
    { codeLength: 10, codeValidity: 7200, resendingInterval: 7200 },
    { brand: 'b'.repeat(30), template: '{brand} {code}', templateKey: 'my-template', language: 'zh-TW' },
    { channel: 'sms', sms: { source: 'My Brand 11', encoding: 'GSM7' } },
    { channel: 'sms', sms: { source: '+1234567890123456', encoding: 'UCS2' } },
    { channel: 'call', language: 'en-US', call: { source: '+6598765432', speed: 0.5, repetition: 1, voiceProfile: 'v'.repeat(50) } },
    { channel: 'call', call: { speed: 2, repetition: 3 } },
    { channel: 'whatsapp', language: 'en-US', whatsapp: { templateName: 'abc' } },
    { channel: 'viber' },
    { callbackUrl: 'https://example.com/hook?x=1', clientIp: '2001:db8::1', resetSession: false },
    { callbackUrl: 'http://127.0.0.1:9/x', clientIp: '203.0.113.9' },
    { productName: 'MyBrand', somethingNew: { nested: true } }, // unknown fields are ignored
    { brand: null, template: null, sms: null }, // null counts as absent
  ];
  for (const fields of ok) {
    expectSession(await api.start({ destination: fresh(), ...fields }));
  }
});
