// Passkeys with Chromium's virtual authenticator (DevTools protocol, WebAuthn domain): a
// platform authenticator with resident keys and user verification, attached to one page.

import assert from 'node:assert/strict';
import { config } from './common.mjs';
import { assertSignedIn } from './auth.mjs';
import { checkPage, shot } from './pages.mjs';

/** Attach a virtual authenticator to `page`; returns {cdp, authenticatorId, credentials()}. */
export async function addVirtualAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

/** Wait until the page has left `fromUrl` (the ceremony's script navigates when done). */
async function leaves(page, fromUrl, statusSelector) {
  try {
    await page.waitForURL((u) => u.href !== fromUrl, { timeout: 15000 });
  } catch {
    const status = await page.locator(statusSelector).textContent().catch(() => '');
    assert.fail(`the passkey ceremony did not finish at ${fromUrl}: ${status}`);
  }
  await page.waitForLoadState('load');
}

/**
 * On /account: name the passkey and register it with the authenticator; checks that the
 * authenticator now holds a credential for this site and that the account lists it.
 */
export async function registerPasskey(page, authenticator, { name, lang, prefix }) {
  await page.goto(`${config.base}/account?lang=${lang}`);
  const button = page.locator('#passkey-register');
  await button.waitFor({ state: 'visible' }); // shown by the script when WebAuthn is available
  await page.locator('[name="passkey_name"]').fill(name);
  const before = page.url();
  await button.click();
  await leaves(page, before, '#passkey-register-status');
  const creds = await authenticator.credentials();
  assert.equal(creds.length, 1, 'one credential in the authenticator');
  assert.equal(creds[0].rpId, new URL(config.base).hostname);
  assert.ok(creds[0].isResidentCredential, 'a discoverable credential (passkey)');
  await page.goto(`${config.base}/account?lang=${lang}`);
  assert.ok((await page.locator('main').innerText()).includes(name), 'the account page lists the passkey');
  await checkPage(page, lang, `${prefix}-account-passkey`);
  await shot(page, lang, `${prefix}-account-passkey`);
}

/** Sign in with the passkey alone from /sign-in (no login, no password). */
export async function signInWithPasskey(page, authenticator, { lang, prefix }) {
  const before = (await authenticator.credentials())[0]?.signCount ?? 0;
  await page.goto(`${config.base}/sign-in?lang=${lang}`);
  const button = page.locator('#passkey-sign-in');
  await button.waitFor({ state: 'visible' });
  await checkPage(page, lang, `${prefix}-sign-in-passkey`);
  await shot(page, lang, `${prefix}-sign-in-passkey`);
  const from = page.url();
  await button.click();
  await leaves(page, from, '#passkey-sign-in-status');
  await assertSignedIn(page);
  const after = (await authenticator.credentials())[0]?.signCount ?? 0;
  assert.ok(after > before, `the authenticator signed (count ${before} -> ${after})`);
}
