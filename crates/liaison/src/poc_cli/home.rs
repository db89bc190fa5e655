//! The POC's local key directory (`--home`, default `$XDG_DATA_HOME/liaison`): the secret key,
//! always passphrase-protected, in a file only its owner can read (0600, directory 0700), and
//! the public key beside it. Nothing in it ever goes to the server but the public key.

use super::CliError;
use liaison_openpgp::{PublicKey, SecretKey};
use std::io::Write as _;
use std::path::{Path, PathBuf};

const SECRET_FILE: &str = "secret-key.asc";
const PUBLIC_FILE: &str = "public-key.asc";

pub struct Home {
    pub dir: PathBuf,
}

/// `$XDG_DATA_HOME/liaison`, else `$HOME/.local/share/liaison`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("liaison"));
    }
    std::env::var_os("HOME")
        .filter(|d| !d.is_empty())
        .map(|h| PathBuf::from(h).join(".local/share/liaison"))
}

impl Home {
    pub fn display(&self) -> String {
        self.dir.display().to_string()
    }

    fn secret_path(&self) -> PathBuf {
        self.dir.join(SECRET_FILE)
    }

    pub fn has_key(&self) -> bool {
        self.secret_path().exists()
    }

    pub fn secret_key(&self) -> Result<SecretKey, CliError> {
        let path = self.secret_path();
        if !path.exists() {
            return Err(CliError::msg("poc-cli-no-key").arg("home", self.display()));
        }
        let text = read_text(&path, liaison_openpgp::limits::MAX_SECRET_KEY_ARMOR_BYTES)?;
        SecretKey::from_armored(&text).map_err(CliError::key)
    }

    pub fn public_key(&self) -> Result<PublicKey, CliError> {
        Ok(self.secret_key()?.public_key().clone())
    }

    /// Writes a protected key (refused if it is not protected: the file must never hold a
    /// usable secret key).
    pub fn store(&self, key: &SecretKey) -> Result<(), CliError> {
        if !key.is_protected() {
            return Err(CliError::key(liaison_openpgp::Error::UnsupportedKey(
                "the secret key is not protected",
            )));
        }
        make_private_dir(&self.dir)?;
        let armored = key.to_armored().map_err(CliError::key)?;
        write_private(&self.secret_path(), armored.as_bytes())?;
        write_private(
            &self.dir.join(PUBLIC_FILE),
            key.public_key().armored().as_bytes(),
        )
    }
}

pub fn read_text(path: &Path, limit: usize) -> Result<String, CliError> {
    let unreadable = |detail: String| {
        CliError::msg("poc-cli-unreadable-file")
            .arg("path", path.display().to_string())
            .arg("detail", detail)
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if meta.len() > limit as u64 {
        return Err(unreadable(format!("> {limit} bytes")));
    }
    std::fs::read_to_string(path).map_err(|e| unreadable(e.to_string()))
}

pub fn make_private_dir(dir: &Path) -> Result<(), CliError> {
    use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
    let fail = |e: std::io::Error| {
        CliError::msg("poc-cli-unwritable-file")
            .arg("path", dir.display().to_string())
            .arg("detail", e.to_string())
    };
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(fail)?;
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(fail)
}

/// Writes `bytes` to `path` through a temporary file created 0600 and renamed, so a crash
/// leaves the old file or the new one, never half of one, and no one else can ever read it.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let fail = |e: std::io::Error| {
        CliError::msg("poc-cli-unwritable-file")
            .arg("path", path.display().to_string())
            .arg("detail", e.to_string())
    };
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(fail)?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(fail)?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(fail)
}
