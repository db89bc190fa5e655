// Runs static/js/e2e.mjs inside Chromium under the pages' real Content-Security-Policy
// (served by e2e-crypto.test.mjs's own small server, not by Liaison): generates a key pair,
// unlocks a given key, encrypts to a Rust-made key and to itself, decrypts what the Rust crate
// wrote. The outcome goes to <body data-result="…"> for the test to read; CSP violations are
// collected too. Loaded with <script type="module" src>, as the thread pages will load it.

import * as e2e from '/static/js/e2e.mjs';

const violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});

async function text(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.text();
}

async function run() {
  const [passphrase, marker, rustPublic, jsSecret, jsPublic, fromRust] = await Promise.all(
    ['/passphrase.txt', '/marker.txt', '/rust.pub.asc', '/js.sec.asc', '/js.pub.asc', '/from-rust.asc'].map(text),
  );
  const started = performance.now();
  const pair = await e2e.generateKeyPair({
    name: 'Browser Probe',
    entity: 'CERT-BR',
    email: 'probe@cert.br.example',
    passphrase,
  });
  const generatedMs = performance.now() - started;
  const fresh = await e2e.unlockKey(pair.secretKey, passphrase);
  const own = await e2e.unlockKey(jsSecret, passphrase);
  const message = await e2e.encryptAndSign(marker, e2e.withSender([rustPublic], own), own);
  const back = await e2e.decryptAndVerify(message, own, [jsPublic]);
  const read = await e2e.decryptAndVerify(fromRust, own, [rustPublic]);
  let wrong = null;
  try {
    await e2e.unlockKey(pair.secretKey, `${passphrase}!`);
  } catch (error) {
    wrong = error.code;
  }
  return {
    ok: true,
    generatedFingerprint: pair.fingerprint,
    freshFingerprint: fresh.fingerprint,
    generatedPublicKey: pair.publicKey,
    generatedMs,
    message,
    back: back.text,
    backSignature: back.signature.status,
    read: read.text,
    readSignature: read.signature.status,
    readSigner: read.signature.signerFingerprint,
    wrong,
  };
}

run()
  .then((result) => ({ ...result, violations }))
  .catch((error) => ({ ok: false, error: `${error.code ?? ''} ${error.message} ${error.cause?.message ?? ''}`, violations }))
  .then((result) => {
    document.body.dataset.result = JSON.stringify(result);
  });
