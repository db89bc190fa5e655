// End-to-end encryption in the browser (issue 5; Annex A §7(b), §11): message bodies are
// encrypted here, to every recipient POC's key and the sender's own, and signed; the server only
// ever sees ciphertext. The thread pages call these functions; nothing here touches the DOM, the
// network or storage, so the same file runs under Node 20 in the tests
// (tests/browser/e2e-crypto.test.mjs), where GnuPG and the Rust crate (crates/liaison-openpgp)
// check what it writes and it reads what they write.
//
// The OpenPGP library is the vendored, unmodified OpenPGP.js (static/js/vendor/openpgp/,
// VENDORED.md there says which version and why). It is imported on first use, not when this
// module loads, so a page can load this small file early and pay for the library only when a
// key or message is handled.
//
// Everything is chosen so that GnuPG 2.2 reads what is written, exactly like the Rust crate:
// v4 keys with an EdDSA (Ed25519) primary key and an ECDH (Curve25519) subkey, secret parts
// protected with AES-256 and the iterated-and-salted S2K at its maximum count, messages as
// SEIPD v1 (with MDC) under AES-256, uncompressed, one-pass signed. See ARCHITECTURE.md,
// "End-to-end encryption".
//
// Errors are E2EError with a stable `code` (below); pages turn codes into translated messages.
// No function returns or logs a passphrase or a secret key in clear.

const LIBRARY = new URL('./vendor/openpgp/openpgp.min.mjs', import.meta.url);

/** The same limits as crates/liaison-openpgp/src/limits.rs. */
export const LIMITS = Object.freeze({
  plaintextBytes: 4 * 1024 * 1024,
  messageArmorBytes: 6 * 1024 * 1024,
  recipients: 256,
  publicKeyArmorBytes: 64 * 1024,
  secretKeyArmorBytes: 128 * 1024,
  passphraseChars: 256,
  passphraseMinChars: 12,
});

/** Default validity of a new key: two years, as the Rust crate and GnuPG's `2y`. */
export const DEFAULT_VALIDITY_YEARS = 2;

/**
 * Error codes: 'too_large', 'weak_passphrase', 'bad_user_id', 'bad_key', 'secret_key_expected',
 * 'wrong_passphrase', 'no_recipients', 'too_many_recipients', 'cannot_encrypt', 'key_expired',
 * 'not_encrypted', 'not_for_this_key', 'integrity', 'bad_message'.
 */
export class E2EError extends Error {
  constructor(code, cause) {
    super(code);
    this.name = 'E2EError';
    this.code = code;
    // The library's own message helps developers; it never holds secrets.
    if (cause !== undefined) this.cause = cause;
  }
}

let library;
/** The OpenPGP.js module, loaded once. */
export function loadLibrary() {
  library ??= import(LIBRARY.href);
  return library;
}

/**
 * The configuration of every OpenPGP.js call: GnuPG-2.2-compatible output, no version banner.
 * Complete (the library's defaults overlaid), since key methods take no partial configuration.
 */
async function config() {
  const openpgp = await loadLibrary();
  return {
    ...openpgp.config,
    v6Keys: false,
    aeadProtect: false,
    s2kType: openpgp.enums.s2k.iterated,
    s2kIterationCountByte: 255,
    preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
    preferredHashAlgorithm: openpgp.enums.hash.sha512,
    preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
    showVersion: false,
    showComment: false,
    minRSABits: 2048,
  };
}

function checkSize(text, limit) {
  if (typeof text !== 'string' || text.length > limit) throw new E2EError('too_large');
}

/** The passphrase policy of new keys: that of account passwords (12 to 256 characters). */
function checkNewPassphrase(passphrase) {
  const chars = [...String(passphrase)].length;
  // Control characters cannot be typed reliably and hide in copy-paste.
  // eslint-disable-next-line no-control-regex
  if (chars < LIMITS.passphraseMinChars || chars > LIMITS.passphraseChars || /[\u0000-\u001f\u007f-\u009f]/u.test(passphrase)) {
    throw new E2EError('weak_passphrase');
  }
}

function checkUserIdPart(text, { optional = false } = {}) {
  const value = (text ?? '').trim();
  if (value === '' && optional) return '';
  // Brackets would make "Name (Entity) <e-mail>" ambiguous; controls hide in copy-paste.
  // eslint-disable-next-line no-control-regex
  if (value === '' || [...value].length > 200 || /[<>()\u0000-\u001f\u007f-\u009f]/u.test(value)) {
    throw new E2EError('bad_user_id');
  }
  return value;
}

/**
 * Generates a key pair: v4, Ed25519 (EdDSA) primary key for certification and signing,
 * Curve25519 (ECDH) encryption subkey, user ID "Name (Entity) <e-mail>", expiring after
 * `validityYears` (default 2) years, secret parts protected with `passphrase`.
 *
 * Returns `{ publicKey, secretKey, fingerprint }`: both keys armored (the secret key protected),
 * the fingerprint in upper-case hex as the directory shows it.
 */
export async function generateKeyPair({ name, entity, email, passphrase, date = new Date(), validityYears = DEFAULT_VALIDITY_YEARS }) {
  checkNewPassphrase(passphrase);
  const userID = { name: checkUserIdPart(name), email: String(email ?? '').trim() };
  const comment = checkUserIdPart(entity, { optional: true });
  if (comment) userID.comment = comment;
  if (!/^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/u.test(userID.email)) throw new E2EError('bad_user_id');
  const openpgp = await loadLibrary();
  const expires = new Date(date);
  expires.setUTCFullYear(expires.getUTCFullYear() + validityYears);
  const keyExpirationTime = Math.round((expires - date) / 1000);
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [userID],
    passphrase,
    keyExpirationTime,
    date,
    format: 'object',
    config: await config(),
  });
  const cfg = await config();
  return {
    publicKey: publicKey.armor(cfg),
    secretKey: privateKey.armor(cfg),
    fingerprint: publicKey.getFingerprint().toUpperCase(),
  };
}

/** Reads one armored public key (as published on an entry). */
export async function readPublicKey(armored) {
  checkSize(armored, LIMITS.publicKeyArmorBytes);
  const openpgp = await loadLibrary();
  let key;
  try {
    key = await openpgp.readKey({ armoredKey: armored, config: await config() });
  } catch (error) {
    throw new E2EError('bad_key', error);
  }
  if (key.isPrivate()) throw new E2EError('bad_key');
  return key;
}

/**
 * Unlocks an armored secret key with its passphrase. The result is an opaque handle for
 * `encryptAndSign` and `decryptAndVerify` (the decrypted key stays in memory only).
 */
export async function unlockKey(armoredSecretKey, passphrase) {
  checkSize(armoredSecretKey, LIMITS.secretKeyArmorBytes);
  if ([...String(passphrase)].length > 4096) throw new E2EError('too_large');
  const openpgp = await loadLibrary();
  let privateKey;
  try {
    privateKey = await openpgp.readPrivateKey({ armoredKey: armoredSecretKey, config: await config() });
  } catch (error) {
    throw new E2EError('secret_key_expected', error);
  }
  let unlocked = privateKey;
  if (!privateKey.isDecrypted()) {
    try {
      unlocked = await openpgp.decryptKey({ privateKey, passphrase, config: await config() });
    } catch (error) {
      throw new E2EError('wrong_passphrase', error);
    }
  }
  return Object.freeze({
    fingerprint: unlocked.getFingerprint().toUpperCase(),
    publicKey: unlocked.toPublic().armor(await config()),
    key: unlocked,
  });
}

/** The armored keys of an unlocked key: the public key, and the secret key protected again. */
export async function exportKeys(unlocked, passphrase) {
  checkNewPassphrase(passphrase);
  const openpgp = await loadLibrary();
  const cfg = await config();
  const locked = await openpgp.encryptKey({ privateKey: unlocked.key, passphrase, config: cfg });
  return { publicKey: unlocked.publicKey, secretKey: locked.armor(cfg) };
}

/** `recipients` (armored public keys) plus the sender's own key, without duplicates. */
export function withSender(recipients, unlocked) {
  const all = [...recipients, unlocked.publicKey];
  return [...new Set(all.map((k) => k.trim()))];
}

async function usableEncryptionKey(key, date) {
  try {
    return await key.getEncryptionKey(undefined, date, undefined, await config());
  } catch (error) {
    const expiry = await key.getExpirationTime().catch(() => null);
    if (expiry instanceof Date && expiry <= date) throw new E2EError('key_expired', error);
    throw new E2EError('cannot_encrypt', error);
  }
}

/**
 * Encrypts `plaintext` (a string, UTF-8 encoded, or bytes) to every armored public key in
 * `recipients` and signs it with `unlocked`, at `date`. Callers add the sender's own key
 * (`withSender`). Returns the armored message.
 */
export async function encryptAndSign(plaintext, recipients, unlocked, { date = new Date() } = {}) {
  const bytes = typeof plaintext === 'string' ? new TextEncoder().encode(plaintext) : plaintext;
  if (!(bytes instanceof Uint8Array)) throw new E2EError('bad_message');
  if (bytes.length > LIMITS.plaintextBytes) throw new E2EError('too_large');
  if (!Array.isArray(recipients) || recipients.length === 0) throw new E2EError('no_recipients');
  if (recipients.length > LIMITS.recipients) throw new E2EError('too_many_recipients');
  const openpgp = await loadLibrary();
  const keys = [];
  for (const armored of recipients) {
    const key = await readPublicKey(armored);
    if (key.keyPacket.version !== 4) throw new E2EError('cannot_encrypt');
    await usableEncryptionKey(key, date);
    keys.push(key);
  }
  try {
    await unlocked.key.getSigningKey(undefined, date, undefined, await config());
  } catch (error) {
    throw new E2EError('key_expired', error);
  }
  return openpgp.encrypt({
    message: await openpgp.createMessage({ binary: bytes, format: 'binary', date }),
    encryptionKeys: keys,
    signingKeys: unlocked.key,
    date,
    format: 'armored',
    config: await config(),
  });
}

/**
 * Decrypts an armored message with `unlocked` and checks its signature against the armored
 * public keys in `knownSigners`.
 *
 * Returns `{ plaintext (Uint8Array), text (string, or null when not UTF-8), signature:
 * { status: 'valid' | 'invalid' | 'unknown_signer' | 'unsigned', signerFingerprint, signedAt },
 * recipientKeyIds (lower-case hex) }`. A bad signature is not an error: the page shows the
 * message as untrusted.
 */
export async function decryptAndVerify(armored, unlocked, knownSigners = []) {
  checkSize(armored, LIMITS.messageArmorBytes);
  const openpgp = await loadLibrary();
  const cfg = { ...(await config()), maxDecompressedMessageSize: LIMITS.plaintextBytes };
  let message;
  try {
    message = await openpgp.readMessage({ armoredMessage: armored, config: cfg });
  } catch (error) {
    throw new E2EError('bad_message', error);
  }
  const recipientKeyIds = message.getEncryptionKeyIDs().map((id) => id.toHex());
  if (recipientKeyIds.length === 0) throw new E2EError('not_encrypted');
  const ours = unlocked.key.getKeyIDs();
  if (!recipientKeyIds.some((id) => id === '0000000000000000' || ours.some((k) => k.toHex() === id))) {
    throw new E2EError('not_for_this_key');
  }
  const signers = [];
  for (const k of knownSigners) signers.push(await readPublicKey(k));
  let result;
  try {
    result = await openpgp.decrypt({
      message,
      decryptionKeys: unlocked.key,
      verificationKeys: signers,
      format: 'binary',
      config: cfg,
    });
  } catch (error) {
    throw new E2EError('integrity', error);
  }
  const plaintext = result.data;
  if (plaintext.length > LIMITS.plaintextBytes) throw new E2EError('too_large');
  let text = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    text = null;
  }
  return { plaintext, text, signature: await signatureStatus(result.signatures, signers), recipientKeyIds };
}

/** The first signature decides, as in the Rust crate: invalid by a known key beats all. */
async function signatureStatus(signatures, signers) {
  if (!signatures || signatures.length === 0) return { status: 'unsigned', signerFingerprint: null, signedAt: null };
  let valid = null;
  let unknown = null;
  for (const sig of signatures) {
    const signer = signers.find((k) => k.getKeyIDs().some((id) => id.equals(sig.keyID)));
    let verified = false;
    try {
      verified = await sig.verified;
    } catch {
      verified = false;
    }
    if (!signer) {
      unknown ??= { status: 'unknown_signer', signerFingerprint: sig.keyID.toHex(), signedAt: null };
      continue;
    }
    const fingerprint = signer.getFingerprint().toUpperCase();
    if (!verified) return { status: 'invalid', signerFingerprint: fingerprint, signedAt: null };
    let signedAt = null;
    try {
      signedAt = (await sig.signature).packets[0].created ?? null;
    } catch {
      signedAt = null;
    }
    valid ??= { status: 'valid', signerFingerprint: fingerprint, signedAt };
  }
  return valid ?? unknown;
}
