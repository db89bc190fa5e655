// The test suite's own TOTP against RFC 6238's test vectors (SHA-1), so that a failing
// sign-in is not blamed on the code generator.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, totp } from './lib/common.mjs';

test('TOTP: RFC 6238 SHA-1 vectors', () => {
  // "12345678901234567890" in base32.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(base32Decode(secret).toString(), '12345678901234567890');
  assert.equal(totp(secret, 59 * 1000, 30, 8), '94287082');
  assert.equal(totp(secret, 1111111109 * 1000, 30, 8), '07081804');
  assert.equal(totp(secret, 2000000000 * 1000, 30, 8), '69279037');
  assert.equal(totp(secret, 59 * 1000), '287082');
});
