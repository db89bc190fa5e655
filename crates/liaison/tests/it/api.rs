//! The JSON API end to end: nominate, find, update, retire, revisions, errors, OpenAPI.

use crate::on_both_backends;
use crate::support::*;
use liaison_core::permission::Role;
use serde_json::json;

on_both_backends!(
    nominate_find_update_retire,
    participation_lifecycle,
    replica_follows_changes
);

/// A state administrator nominates an Arabic entry with an English translation (A§7(a)(iv)),
/// finds it in Arabic and in English, updates it on a rolling basis (A§7(d)) and retires it;
/// every change is a revision with before and after (POC-14).
async fn nominate_find_update_retire(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("EG").await;
    let eg = env.token(Role::StateAdmin, Some("EG"), None).await;

    let r = env
        .call("POST", "/api/v1/pocs", Some(&eg), Some(&arabic_entry("EG")))
        .await;
    assert_eq!(r.status, 201, "{}", r.json);
    assert_eq!(r.json["normalised"], json!([]));
    let id = r.json["id"].as_str().unwrap().to_owned();
    assert_eq!(r.headers["etag"], "\"r1\"");

    let got = env
        .call("GET", &format!("/api/v1/pocs/{id}"), Some(&eg), None)
        .await;
    assert_eq!(got.status, 200);
    assert_eq!(got.json["person_name"], "أحمد المنصوري");
    assert_eq!(
        got.json["phones"][1],
        json!({"number": "+201001234567", "type": "emergency"})
    );
    assert_eq!(got.json["pingable"], true);

    // Search: Arabic with other letter forms, English translation, e-mail, any case.
    for q in [
        "المنصوري",
        "المنصورى",
        "الفريق الوطني",
        "Mansouri",
        "emergency response",
        "A.MANSOURI@cert.eg.example",
        "منسق",
    ] {
        let url = format!("/api/v1/pocs?q={}", urlencode(q));
        let r = env.call("GET", &url, Some(&eg), None).await;
        assert_eq!(r.status, 200);
        let found = r.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == id.as_str());
        if q == "منسق" {
            continue; // a word that is not in the entry: no claim either way
        }
        assert!(found, "query {q:?} did not find the entry: {}", r.json);
    }
    // Filters narrow; a filter that excludes it hides it.
    let r = env
        .call(
            "GET",
            "/api/v1/pocs?state=EG&role=technical&language=ar&regional_group=african",
            Some(&eg),
            None,
        )
        .await;
    assert_eq!(r.json["total"], 1);
    let r = env
        .call(
            "GET",
            "/api/v1/pocs?state=EG&role=diplomatic",
            Some(&eg),
            None,
        )
        .await;
    assert_eq!(r.json["total"], 0);

    // Rolling update with optimistic concurrency.
    let mut changed = arabic_entry("EG");
    changed["title"] = json!("مدير التعاون الدولي");
    changed["reason"] = json!("إعادة تنظيم");
    let body = changed.to_string().into_bytes();
    let r = env
        .call_with(
            "PUT",
            &format!("/api/v1/pocs/{id}"),
            Some(&eg),
            Some(body.clone()),
            &[("if-match", "\"r1\"")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["revision"], 2);
    let r = env
        .call_with(
            "PUT",
            &format!("/api/v1/pocs/{id}"),
            Some(&eg),
            Some(body),
            &[("if-match", "\"r1\"")],
        )
        .await;
    assert_eq!(r.status, 412);
    assert_eq!(r.code(), "stale_revision");

    // What the API returns can be sent back as it is.
    let current = env
        .call("GET", &format!("/api/v1/pocs/{id}"), Some(&eg), None)
        .await
        .json;
    let r = env
        .call(
            "PUT",
            &format!("/api/v1/pocs/{id}"),
            Some(&eg),
            Some(&current),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);

    let revs = env
        .call(
            "GET",
            &format!("/api/v1/pocs/{id}/revisions"),
            Some(&eg),
            None,
        )
        .await;
    let items = revs.json["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["change"], "create");
    assert_eq!(items[1]["change"], "update");
    assert_eq!(items[1]["reason"], "إعادة تنظيم");
    assert_eq!(items[1]["before"]["title"], "رئيس قسم التنسيق الدولي");
    assert_eq!(items[1]["after"]["title"], "مدير التعاون الدولي");
    assert!(items[1]["actor"].as_str().unwrap().starts_with("token:"));

    // Retire: kept, readable, excluded from listings, no longer changeable.
    let r = env
        .call(
            "POST",
            &format!("/api/v1/pocs/{id}/retire"),
            Some(&eg),
            Some(&json!({"reason": "left the post"})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["status"], "retired");
    let r = env
        .call("GET", "/api/v1/pocs?state=EG", Some(&eg), None)
        .await;
    assert_eq!(r.json["total"], 0);
    let r = env
        .call(
            "GET",
            "/api/v1/pocs?state=EG&include_retired=true",
            Some(&eg),
            None,
        )
        .await;
    assert_eq!(r.json["total"], 1);
    let r = env
        .call("GET", "/api/v1/pocs?q=Mansouri", Some(&eg), None)
        .await;
    assert_eq!(r.json["total"], 0);
    let r = env
        .call(
            "PUT",
            &format!("/api/v1/pocs/{id}"),
            Some(&eg),
            Some(&arabic_entry("EG")),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(r.code(), "retired");
}

/// A§6: admit → suspend → resume, with history; a suspended state's users lose access.
async fn participation_lifecycle(backend: Backend) {
    let env = Env::new(backend).await;
    let admin = env.token(Role::Admin, None, None).await;
    let fr = env.token(Role::StateAdmin, Some("FR"), None).await;
    assert_eq!(
        env.call("GET", "/api/v1/pocs", Some(&fr), None)
            .await
            .code(),
        "not_participating"
    );

    let r = env
        .call(
            "POST",
            "/api/v1/states/fr/admit",
            Some(&admin),
            Some(&json!({"reason": "note verbale 2026/117"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["participation"], "participating");
    assert_eq!(
        env.call("POST", "/api/v1/states/FR/admit", Some(&admin), None)
            .await
            .code(),
        "invalid_transition"
    );
    assert_eq!(
        env.call("GET", "/api/v1/pocs", Some(&fr), None)
            .await
            .status,
        200
    );

    assert_eq!(
        env.call("POST", "/api/v1/states/FR/suspend", Some(&admin), None)
            .await
            .status,
        200
    );
    assert_eq!(
        env.call("GET", "/api/v1/pocs", Some(&fr), None)
            .await
            .code(),
        "not_participating"
    );
    assert_eq!(
        env.call("POST", "/api/v1/states/FR/admit", Some(&admin), None)
            .await
            .status,
        200
    );
    let r = env.call("GET", "/api/v1/states/FR", Some(&fr), None).await;
    let changes: Vec<_> = r.json["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["change"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(changes, ["admitted", "suspended", "resumed"]);
    assert_eq!(r.json["history"][0]["reason"], "note verbale 2026/117");
    assert_eq!(r.json["names"]["ar"], "فرنسا");
    assert_eq!(
        env.call("POST", "/api/v1/states/XK/admit", Some(&admin), None)
            .await
            .status,
        404
    );
    let all = env.call("GET", "/api/v1/states", Some(&fr), None).await;
    assert_eq!(all.json["items"].as_array().unwrap().len(), 195);
}

/// Several processes or replicas on one database converge through the audit log.
async fn replica_follows_changes(backend: Backend) {
    let env = Env::new(backend).await;
    let other = env.replica().await;
    env.admit("SN").await;
    let sn = env.token(Role::StateAdmin, Some("SN"), None).await;
    let mut entry = arabic_entry("SN");
    entry["entry_language"] = json!("fr");
    entry["translation_en"] = json!(null);
    entry["person_name"] = json!("Aminata Diop");
    entry["entity_name"] = json!("Ministère des Affaires étrangères");
    entry["title"] = json!(null);
    let r = env
        .call("POST", "/api/v1/pocs", Some(&sn), Some(&entry))
        .await;
    assert_eq!(r.status, 201, "{}", r.json);
    let id: uuid::Uuid = r.json["id"].as_str().unwrap().parse().unwrap();
    assert!(other.follow_changes().await.unwrap() >= 2);
    let op = liaison_app::operator("t");
    assert_eq!(
        other.get_poc(&op, id).unwrap().content.display_name(),
        "Aminata Diop"
    );
    // The replica's search index has it too, diacritics folded.
    let f = liaison_app::PocFilter {
        q: Some("ministere affaires etrangeres".into()),
        ..Default::default()
    };
    assert_eq!(other.list_pocs(&op, &f, 1, 10).unwrap().items[0].id, id);
}

#[tokio::test]
async fn errors_are_json_translated_and_never_500() {
    let env = Env::new(Backend::Sqlite).await;
    env.admit("FR").await;
    let fr = env.token(Role::StateAdmin, Some("FR"), None).await;

    let mut bad = arabic_entry("FR");
    bad["person_name"] = json!("Jean\u{202E}Dupont");
    let r = env
        .call_with(
            "POST",
            "/api/v1/pocs",
            Some(&fr),
            Some(bad.to_string().into_bytes()),
            &[("accept-language", "fr-CH, en;q=0.5")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json["error"]["field"], "person_name");
    assert_eq!(r.json["error"]["fields"][0]["code"], "forbidden_character");
    let msg = r.json["error"]["message"].as_str().unwrap();
    assert!(msg.contains("caractère"), "not French: {msg}");
    assert_eq!(r.headers["content-language"], "fr");

    let r = env
        .call_with(
            "POST",
            "/api/v1/pocs?lang=ar",
            Some(&fr),
            Some(b"{\"state\":".to_vec()),
            &[],
        )
        .await;
    assert_eq!(r.code(), "invalid_input");
    assert_eq!(r.json["error"]["fields"][0]["code"], "invalid_json");
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("JSON")
    );

    let mut extra = arabic_entry("FR");
    extra["is_admin"] = json!(true);
    let r = env
        .call("POST", "/api/v1/pocs", Some(&fr), Some(&extra))
        .await;
    assert_eq!(r.json["error"]["fields"][0]["code"], "unknown_field");

    let huge = vec![b' '; 400 * 1024];
    let r = env
        .call_with("POST", "/api/v1/pocs", Some(&fr), Some(huge), &[])
        .await;
    assert_eq!(r.status, 413);
    assert_eq!(r.code(), "body_too_large");

    for (method, path, status, code) in [
        ("GET", "/api/v1/nowhere", 404, "not_found"),
        ("GET", "/api/v1/pocs/not-a-uuid", 404, "not_found"),
        ("GET", "/api/v1/pocs?page=0", 400, "bad_parameter"),
        ("GET", "/api/v1/pocs?per_page=100000", 400, "bad_parameter"),
        ("GET", "/api/v1/pocs?state=TW", 400, "bad_parameter"),
        (
            "GET",
            "/api/v1/pocs?include_retired=maybe",
            400,
            "bad_parameter",
        ),
        ("DELETE", "/api/v1/pocs", 405, "method_not_allowed"),
    ] {
        let r = env.call(method, path, Some(&fr), None).await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (status, code),
            "{method} {path}"
        );
        assert_eq!(r.headers["content-type"], "application/json");
    }
    // Hostile queries are answered, not crashed on.
    for q in [
        "\"",
        "(*",
        "AND OR NOT",
        "\u{202E}\u{200B}",
        "x:y",
        &"ب".repeat(200),
    ] {
        let r = env
            .call(
                "GET",
                &format!("/api/v1/pocs?q={}", urlencode(q)),
                Some(&fr),
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{q:?}");
    }
    // Security headers on every answer.
    let r = env.call("GET", "/healthz", None, None).await;
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert!(
        r.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn openapi_document_lists_every_route() {
    let env = Env::new(Backend::Sqlite).await;
    let r = env.call("GET", "/api/openapi.json", None, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["openapi"], "3.1.0");
    let paths = r.json["paths"].as_object().unwrap();
    for (path, method) in [
        ("/healthz", "get"),
        ("/api/v1/me", "get"),
        ("/api/v1/states", "get"),
        ("/api/v1/states/{code}", "get"),
        ("/api/v1/states/{code}/admit", "post"),
        ("/api/v1/states/{code}/suspend", "post"),
        ("/api/v1/pocs", "get"),
        ("/api/v1/pocs", "post"),
        ("/api/v1/pocs/{id}", "get"),
        ("/api/v1/pocs/{id}", "put"),
        ("/api/v1/pocs/{id}/retire", "post"),
        ("/api/v1/pocs/{id}/flags", "post"),
        ("/api/v1/pocs/{id}/flags/{flag}", "delete"),
        ("/api/v1/pocs/{id}/revisions", "get"),
        ("/api/v1/audit", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} undocumented"
        );
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
