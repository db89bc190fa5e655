// Liaison's only JavaScript: the WebAuthn ceremonies for passkeys (create on the account page,
// get on the sign-in pages). Everything else works without it. Self-hosted; the page CSP
// allows scripts and fetches from this origin only.
(function () {
  "use strict";

  function fromB64url(s) {
    var b64 = s.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function toB64url(buf) {
    var bytes = new Uint8Array(buf);
    var bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // The page's CSRF token (every form of a page carries the same one).
  function csrfOf() {
    var field = document.querySelector("input[name=csrf]");
    return field ? field.value : "";
  }

  function valueOf(selector) {
    var field = document.querySelector(selector);
    return field ? field.value : "";
  }

  function show(el, message) {
    var out = document.getElementById(el.getAttribute("aria-describedby") || "");
    if (out) out.textContent = message;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (r) {
      // Refusals come as 200 with {"error": message}; anything else that is not JSON (an
      // expired form: 403 page) falls to the button's generic message.
      return r.json().then(function (j) {
        if (!r.ok || j.error) throw new Error(j.error || String(r.status));
        return j;
      });
    });
  }

  function credentialJson(cred) {
    var r = cred.response;
    var response = { clientDataJSON: toB64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toB64url(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
    }
    if (r.authenticatorData) response.authenticatorData = toB64url(r.authenticatorData);
    if (r.signature) response.signature = toB64url(r.signature);
    if (r.userHandle) response.userHandle = toB64url(r.userHandle);
    return {
      id: cred.id,
      rawId: toB64url(cred.rawId),
      type: cred.type,
      response: response,
      extensions: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {}
    };
  }

  function register(button) {
    var csrf = csrfOf();
    var name = valueOf("#f-passkey_name");
    button.disabled = true;
    post("/account/passkeys/options", { csrf: csrf })
      .then(function (start) {
        var pk = start.options.publicKey;
        pk.challenge = fromB64url(pk.challenge);
        pk.user.id = fromB64url(pk.user.id);
        (pk.excludeCredentials || []).forEach(function (c) { c.id = fromB64url(c.id); });
        return navigator.credentials.create({ publicKey: pk }).then(function (cred) {
          return post("/account/passkeys", {
            csrf: csrf, ceremony: start.ceremony, name: name, credential: credentialJson(cred)
          });
        });
      })
      .then(function (done) { window.location.assign(done.redirect); })
      .catch(function (e) { button.disabled = false; show(button, (e && e.name === "Error" && e.message && isNaN(Number(e.message))) ? e.message : button.dataset.failed); });
  }

  function signIn(button) {
    var csrf = csrfOf();
    var next = valueOf("input[name=next]");
    button.disabled = true;
    post("/sign-in/passkey/options", { csrf: csrf })
      .then(function (start) {
        var pk = start.options.publicKey;
        pk.challenge = fromB64url(pk.challenge);
        (pk.allowCredentials || []).forEach(function (c) { c.id = fromB64url(c.id); });
        return navigator.credentials.get({ publicKey: pk }).then(function (cred) {
          return post("/sign-in/passkey", {
            csrf: csrf, ceremony: start.ceremony, next: next, credential: credentialJson(cred)
          });
        });
      })
      .then(function (done) { window.location.assign(done.redirect); })
      .catch(function (e) { button.disabled = false; show(button, (e && e.name === "Error" && e.message && isNaN(Number(e.message))) ? e.message : button.dataset.failed); });
  }

  function ready() {
    var supported = !!(window.PublicKeyCredential && navigator.credentials);
    var reg = document.getElementById("passkey-register");
    var sign = document.getElementById("passkey-sign-in");
    [reg, sign].forEach(function (b) {
      if (!b) return;
      if (!supported) { show(b, b.dataset.unsupported || ""); b.disabled = true; return; }
      b.hidden = false;
      b.disabled = false;
    });
    if (reg) reg.addEventListener("click", function (e) { e.preventDefault(); register(reg); });
    if (sign) sign.addEventListener("click", function (e) { e.preventDefault(); signIn(sign); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
