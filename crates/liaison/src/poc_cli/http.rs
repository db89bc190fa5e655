//! The client side of the JSON API: one HTTP/1.1 request per connection over hyper's client
//! connection, plain or TLS (rustls with the public web roots). A POC's command does a handful
//! of requests, so a pool would buy nothing.

use super::CliError;
use http_body_util::{BodyExt, Full, Limited};
use hyper::Request;
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

/// Largest answer read: a thread holds at most a few ciphertexts of 1 MiB each, an export
/// reads them thread by thread.
const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Where the server is: `http(s)://host[:port][/prefix]`.
#[derive(Clone)]
pub struct Server {
    pub url: String,
    tls: bool,
    host: String,
    port: u16,
    prefix: String,
}

impl Server {
    pub fn parse(url: &str) -> Option<Server> {
        let url = url.trim().trim_end_matches('/');
        let (tls, rest) = if let Some(r) = url.strip_prefix("https://") {
            (true, r)
        } else {
            (false, url.strip_prefix("http://")?)
        };
        let (authority, prefix) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.is_empty()
            || authority.contains('@')
            || !authority.chars().all(|c| c.is_ascii_graphic())
            || prefix.contains(['?', '#'])
        {
            return None;
        }
        let default_port = if tls { 443 } else { 80 };
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (h, after) = v6.split_once(']')?;
            let port = match after.strip_prefix(':') {
                Some(p) => p.parse().ok()?,
                None if after.is_empty() => default_port,
                None => return None,
            };
            (h.to_owned(), port)
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h.to_owned(), p.parse().ok()?),
                None => (authority.to_owned(), default_port),
            }
        };
        if host.is_empty() {
            return None;
        }
        Some(Server {
            url: url.to_owned(),
            tls,
            host,
            port,
            prefix: prefix.to_owned(),
        })
    }
}

/// An authenticated client of one server.
pub struct Client {
    server: Server,
    token: String,
    accept_language: &'static str,
    tls: Option<Arc<rustls::ClientConfig>>,
}

/// An answer: status and JSON body (`Null` when empty or not JSON).
pub struct Answer {
    pub status: u16,
    pub json: Value,
}

impl Client {
    pub fn new(server: Server, token: String, accept_language: &'static str) -> Client {
        let tls = server.tls.then(|| {
            let mut roots = rustls::RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map(|b| {
                    Arc::new(
                        b.with_root_certificates(roots.clone())
                            .with_no_client_auth(),
                    )
                })
                .ok()
        });
        Client {
            server,
            token,
            accept_language,
            tls: tls.flatten(),
        }
    }

    /// Sends one request; an answer outside 2xx becomes [`CliError::Server`] with the
    /// server's own (translated) message.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Result<Value, CliError> {
        let a = self.send(method, path, body, headers).await?;
        if (200..300).contains(&a.status) {
            Ok(a.json)
        } else {
            let message = a.json["error"]["message"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_default();
            let code = a.json["error"]["code"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_default();
            Err(CliError::Server {
                status: a.status,
                code,
                message,
            })
        }
    }

    pub async fn get(&self, path: &str) -> Result<Value, CliError> {
        self.call("GET", path, None, &[]).await
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Result<Answer, CliError> {
        let connection = |detail: String| CliError::Connection {
            url: self.server.url.clone(),
            detail,
        };
        let host_header = if self.server.host.contains(':') {
            format!("[{}]:{}", self.server.host, self.server.port)
        } else {
            format!("{}:{}", self.server.host, self.server.port)
        };
        let bytes = body.map(|b| b.to_string()).unwrap_or_default();
        let mut req = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.server.prefix))
            .header("host", host_header)
            .header("authorization", format!("Bearer {}", self.token))
            .header("accept", "application/json")
            .header("accept-language", self.accept_language)
            .header(
                "user-agent",
                concat!("liaison-poc/", env!("CARGO_PKG_VERSION")),
            );
        if body.is_some() {
            req = req.header("content-type", "application/json");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .body(Full::new(Bytes::from(bytes)))
            .map_err(|e| connection(e.to_string()))?;
        let work = async {
            let tcp = TcpStream::connect((self.server.host.as_str(), self.server.port))
                .await
                .map_err(|e| connection(e.to_string()))?;
            match &self.tls {
                None if self.server.tls => Err(connection("TLS".into())),
                None => exchange(tcp, req).await.map_err(connection),
                Some(config) => {
                    let name = rustls::pki_types::ServerName::try_from(self.server.host.clone())
                        .map_err(|e| connection(e.to_string()))?;
                    let tls = tokio_rustls::TlsConnector::from(config.clone())
                        .connect(name, tcp)
                        .await
                        .map_err(|e| connection(e.to_string()))?;
                    exchange(tls, req).await.map_err(connection)
                }
            }
        };
        tokio::time::timeout(TIMEOUT, work)
            .await
            .map_err(|_| connection("timeout".into()))?
    }
}

async fn exchange<S>(io: S, req: Request<Full<Bytes>>) -> Result<Answer, String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| e.to_string())?;
    let driver = tokio::spawn(conn);
    let res = sender.send_request(req).await.map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let body = Limited::new(res.into_body(), MAX_ANSWER_BYTES)
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    driver.abort();
    let json = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    };
    Ok(Answer { status, json })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Server;

    #[test]
    fn server_urls() {
        let s = Server::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.prefix.as_str()),
            ("127.0.0.1", 8080, "")
        );
        let s = Server::parse("https://directory.example/liaison").unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.prefix.as_str(), s.tls),
            ("directory.example", 443, "/liaison", true)
        );
        let s = Server::parse("http://[::1]:9000").unwrap();
        assert_eq!((s.host.as_str(), s.port), ("::1", 9000));
        for bad in [
            "ftp://x",
            "http://",
            "http://user@host",
            "http://h:port",
            "http://h/?q",
        ] {
            assert!(Server::parse(bad).is_none(), "{bad}");
        }
    }
}
