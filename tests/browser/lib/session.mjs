// Signed-in sessions for the crawler and the axe runs (a browser-free sign-in through the
// HTML forms). Filled in as the sign-in pages land; until then there is no way to sign in.

export async function signedInCookie() {
  return null;
}
