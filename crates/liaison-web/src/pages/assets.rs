//! The scripts of the end-to-end encrypted pages (issue 5): `static/js/e2e.mjs`, the pages'
//! own `static/js/threads.mjs`, and the vendored OpenPGP.js (`static/js/vendor/openpgp/`,
//! unmodified, LGPL; its licence is served beside it). They are served under one versioned
//! path, `/static/e2e/{version}/…`, where the version is a hash of all of them: the files are
//! immutable for a year (`Cache-Control: immutable`), so the 230 KB library is fetched once per
//! release, and the relative imports between them (`./e2e.mjs`, `./vendor/openpgp/…`) keep
//! working unchanged. Only pages that encrypt or decrypt load them.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

macro_rules! asset {
    ($path:literal, $file:literal) => {
        ($path, include_str!(concat!("../../static/js/", $file)))
    };
}

/// Every file under the versioned path, by its path there.
const ASSETS: &[(&str, &str)] = &[
    asset!("threads.mjs", "threads.mjs"),
    asset!("e2e.mjs", "e2e.mjs"),
    asset!(
        "vendor/openpgp/openpgp.min.mjs",
        "vendor/openpgp/openpgp.min.mjs"
    ),
    asset!(
        "vendor/openpgp/noble_curves.min.mjs",
        "vendor/openpgp/noble_curves.min.mjs"
    ),
    asset!(
        "vendor/openpgp/noble_hashes.min.mjs",
        "vendor/openpgp/noble_hashes.min.mjs"
    ),
    asset!(
        "vendor/openpgp/nacl-fast.min.mjs",
        "vendor/openpgp/nacl-fast.min.mjs"
    ),
    asset!(
        "vendor/openpgp/sha512.min.mjs",
        "vendor/openpgp/sha512.min.mjs"
    ),
    asset!(
        "vendor/openpgp/legacy_ciphers.min.mjs",
        "vendor/openpgp/legacy_ciphers.min.mjs"
    ),
    asset!(
        "vendor/openpgp/argon2id.min.mjs",
        "vendor/openpgp/argon2id.min.mjs"
    ),
    asset!(
        "vendor/openpgp/unbzip2-stream.min.mjs",
        "vendor/openpgp/unbzip2-stream.min.mjs"
    ),
    asset!("vendor/openpgp/LICENSE", "vendor/openpgp/LICENSE"),
];

/// The first 16 hex digits of the SHA-256 of every asset: a new release with any changed
/// file gets a new path, so an immutable cache never serves an old script with a new page.
pub static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut h = Sha256::new();
    for (path, body) in ASSETS {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(body.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())[..16].to_owned()
});

/// The address of the vendored library's licence.
pub fn licence() -> String {
    format!("/static/e2e/{}/vendor/openpgp/LICENSE", *VERSION)
}

pub async fn serve(Path((version, file)): Path<(String, String)>) -> Response {
    let found = ASSETS.iter().find(|(path, _)| *path == file);
    let (Some((path, body)), true) = (found, version == *VERSION) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let content_type = if path.ends_with(".mjs") {
        "text/javascript; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    let mut resp = (*body).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_a_short_hash() {
        assert_eq!(VERSION.len(), 16);
        assert!(VERSION.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn every_import_of_the_library_is_served() {
        // openpgp.min.mjs loads its chunks by relative path; a chunk missing here would fail
        // only in a browser, on first use.
        for (path, body) in ASSETS {
            if !path.starts_with("vendor/") {
                continue;
            }
            for chunk in body.split("\"./").skip(1) {
                if let Some(end) = chunk.find(".min.mjs\"") {
                    let name = format!("vendor/openpgp/{}.min.mjs", &chunk[..end]);
                    if name.len() < 80 && !name.contains(' ') {
                        assert!(
                            ASSETS.iter().any(|(p, _)| *p == name),
                            "{path} imports {name}, which is not served"
                        );
                    }
                }
            }
        }
    }
}
