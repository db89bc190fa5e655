//! The audit log is append-only and tamper-evident (A§7(d), invariants 2 and 3; the hash chain
//! of liaison-core/src/audit.rs): every write commits with exactly one record, the database
//! refuses updates and deletes, and `liaison audit verify` names the first record a tamperer
//! altered, removed or reordered, or reports a truncated log.

use crate::on_both_backends;
use crate::support::*;
use axum::Router;
use axum::body::Body;
use axum::http::Request;
use liaison_app::operator;
use liaison_core::audit::AuditRecord;
use liaison_core::permission::Role;
use liaison_store::Store;
use serde_json::{Value, json};
use std::sync::Arc;
use tower::ServiceExt;

on_both_backends!(
    verify_after_real_writes,
    append_only_triggers_refuse_changes,
    altered_detail_is_named,
    altered_actor_is_named,
    deleted_middle_record_is_named,
    reordered_records_are_named,
    truncated_log_is_detected,
    altered_head_is_detected,
    rewritten_tail_is_caught_by_a_published_anchor,
    concurrent_nominations_chain_without_gaps,
    every_write_commits_one_audit_record,
);

// ----- helpers ---------------------------------------------------------------------------------

/// What `liaison audit verify` said.
struct Verdict {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// Run the real binary against the test database.
async fn verify(url: &str) -> Verdict {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        let out = std::process::Command::new(bin())
            .args(["audit", "verify", "--database", &url])
            .env_remove("LIAISON_DATABASE")
            .env("LIAISON_LOG", "warn")
            .output()
            .unwrap();
        Verdict {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
    .await
    .unwrap()
}

async fn assert_intact(env: &Env, records: i64) {
    let v = verify(&env.db.url).await;
    assert!(v.ok, "verify failed: {}{}", v.stdout, v.stderr);
    assert!(
        v.stdout
            .contains(&format!("audit log intact: {records} records verified")),
        "{}",
        v.stdout
    );
}

/// Verification must fail and name record `seq` as the first bad one.
async fn assert_broken_at(env: &Env, seq: i64) {
    let v = verify(&env.db.url).await;
    assert!(!v.ok, "tampering went unnoticed: {}", v.stdout);
    assert!(
        v.stdout.contains(&format!("BROKEN at record {seq}:")),
        "want record {seq} named: {}{}",
        v.stdout,
        v.stderr
    );
}

/// A separate connection to the test database, as a tamperer with database access has.
async fn db(env: &Env) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&env.db.url).await.unwrap()
}

async fn exec(pool: &sqlx::AnyPool, sql: &str) -> Result<u64, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
}

/// Run the tamperer's statements after dropping the append-only triggers of `audit_log`.
async fn tamper(env: &Env, statements: &[&str]) {
    let pool = db(env).await;
    let drop: &[&str] = match env.db.backend {
        Backend::Sqlite => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
        Backend::Postgres => &["DROP TRIGGER audit_log_append_only ON audit_log"],
    };
    for s in drop.iter().chain(statements) {
        let n = exec(&pool, s).await.unwrap_or_else(|e| panic!("{s}: {e}"));
        if !s.starts_with("DROP") {
            assert!(n > 0, "{s} changed nothing");
        }
    }
    pool.close().await;
}

async fn head(env: &Env) -> i64 {
    env.store.audit_head().await.unwrap().0
}

async fn records_after(env: &Env, seq: i64) -> Vec<AuditRecord> {
    env.store.audit_after(seq, 10_000).await.unwrap()
}

/// A database with eight records, each from a real write through the API:
/// 1 token.issue (admin), 2 token.issue (FR), 3 state.admitted FR, 4 poc.create,
/// 5 poc.update, 6 poc.flag, 7 poc.retire, 8 state.suspended FR.
async fn busy_env(backend: Backend) -> Env {
    let env = Env::new(backend).await;
    let admin = env.token(Role::Admin, None, None).await;
    let fr = env.token(Role::StateAdmin, Some("FR"), None).await;
    let ok = |r: Resp, what: &str| assert!(r.status.is_success(), "{what}: {}", r.json);
    ok(
        env.call(
            "POST",
            "/api/v1/states/FR/admit",
            Some(&admin),
            Some(&json!({"reason": "note verbale"})),
        )
        .await,
        "admit",
    );
    let r = env
        .call("POST", "/api/v1/pocs", Some(&fr), Some(&arabic_entry("FR")))
        .await;
    let id = r.json["id"].as_str().unwrap_or_default().to_owned();
    ok(r, "nominate");
    let mut changed = arabic_entry("FR");
    changed["title"] = json!("Coordinateur");
    ok(
        env.call(
            "PUT",
            &format!("/api/v1/pocs/{id}"),
            Some(&fr),
            Some(&changed),
        )
        .await,
        "update",
    );
    ok(
        env.call(
            "POST",
            &format!("/api/v1/pocs/{id}/flags"),
            Some(&admin),
            Some(&json!({"flag": "unverified"})),
        )
        .await,
        "flag",
    );
    ok(
        env.call(
            "POST",
            &format!("/api/v1/pocs/{id}/retire"),
            Some(&fr),
            Some(&json!({"reason": "left"})),
        )
        .await,
        "retire",
    );
    ok(
        env.call("POST", "/api/v1/states/FR/suspend", Some(&admin), None)
            .await,
        "suspend",
    );
    let actions: Vec<String> = records_after(&env, 0)
        .await
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(
        actions,
        [
            "token.issue",
            "token.issue",
            "state.admitted",
            "poc.create",
            "poc.update",
            "poc.flag",
            "poc.retire",
            "state.suspended"
        ]
    );
    env
}

// ----- an intact log ---------------------------------------------------------------------------

/// After real writes of every kind, the operator's check passes and counts every record.
async fn verify_after_real_writes(backend: Backend) {
    let env = busy_env(backend).await;
    assert_eq!(head(&env).await, 8);
    assert_intact(&env, 8).await;
}

// ----- the database refuses changes ----------------------------------------------------------

/// Invariants 2 and 3: audit records and revisions are never updated or deleted; the triggers
/// refuse it even to someone with SQL access, and refused attempts leave the chain intact.
async fn append_only_triggers_refuse_changes(backend: Backend) {
    let env = busy_env(backend).await;
    let pool = db(&env).await;
    for sql in [
        "UPDATE audit_log SET detail = '{}' WHERE seq = 4",
        "UPDATE audit_log SET actor = 'operator:mallory'",
        "DELETE FROM audit_log WHERE seq = 8",
        "DELETE FROM audit_log",
        "UPDATE poc_revisions SET reason = 'forged'",
        "DELETE FROM poc_revisions WHERE number = 1",
        // Entries are retired, never deleted.
        "DELETE FROM pocs",
    ] {
        let e = exec(&pool, sql).await.expect_err(sql);
        assert!(
            e.to_string().contains("append-only") || e.to_string().contains("never deleted"),
            "{sql}: {e}"
        );
    }
    pool.close().await;
    assert_intact(&env, 8).await;
}

// ----- tampering is located --------------------------------------------------------------------

/// (a) Changing what a record says breaks its hash: the record is named.
async fn altered_detail_is_named(backend: Backend) {
    let env = busy_env(backend).await;
    tamper(
        &env,
        &[r#"UPDATE audit_log SET detail = '{"flags":[],"reason":null,"revision":1,"role":"diplomatic"}' WHERE seq = 4"#],
    )
    .await;
    assert_broken_at(&env, 4).await;
}

/// (a) Changing who did it breaks the hash too.
async fn altered_actor_is_named(backend: Backend) {
    let env = busy_env(backend).await;
    tamper(
        &env,
        &["UPDATE audit_log SET actor = 'operator:someone-else' WHERE seq = 5"],
    )
    .await;
    assert_broken_at(&env, 5).await;
}

/// (b) Removing a record in the middle: the record after the gap is named.
async fn deleted_middle_record_is_named(backend: Backend) {
    let env = busy_env(backend).await;
    tamper(&env, &["DELETE FROM audit_log WHERE seq = 4"]).await;
    assert_broken_at(&env, 5).await;
}

/// (c) Reordering: records 4 and 5 swap places (their sequence numbers are exchanged through
/// a temporary value); the first swapped position is named.
async fn reordered_records_are_named(backend: Backend) {
    let env = busy_env(backend).await;
    tamper(
        &env,
        &[
            "UPDATE audit_log SET seq = -5 WHERE seq = 5",
            "UPDATE audit_log SET seq = 5 WHERE seq = 4",
            "UPDATE audit_log SET seq = 4 WHERE seq = -5",
        ],
    )
    .await;
    let actions: Vec<String> = records_after(&env, 0)
        .await
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(
        actions[3..5],
        ["poc.update", "poc.create"],
        "the swap took effect"
    );
    assert_broken_at(&env, 4).await;
}

/// (d) Truncation: removing the last record leaves a valid chain, but the recorded head
/// (`audit_head`, written in the same transaction as each append) is further on.
async fn truncated_log_is_detected(backend: Backend) {
    let env = busy_env(backend).await;
    tamper(&env, &["DELETE FROM audit_log WHERE seq = 8"]).await;
    let v = verify(&env.db.url).await;
    assert!(!v.ok, "truncation went unnoticed: {}", v.stdout);
    assert!(v.stdout.contains("BROKEN at record 8:"), "{}", v.stdout);
    assert!(v.stdout.contains("head is 8"), "{}", v.stdout);
}

/// (e) The head alone altered (its hash, then its sequence number) no longer matches the log.
async fn altered_head_is_detected(backend: Backend) {
    let env = busy_env(backend).await;
    let pool = db(&env).await;
    let (_, hash) = env.store.audit_head().await.unwrap();
    let forged = format!(
        "{}{}",
        &hash[..63],
        if hash.ends_with('0') { '1' } else { '0' }
    );
    exec(
        &pool,
        &format!("UPDATE audit_head SET hash = '{forged}' WHERE id = 1"),
    )
    .await
    .unwrap();
    assert_broken_at(&env, 8).await;

    // Restore the hash: intact again; then claim fewer records than there are.
    exec(
        &pool,
        &format!("UPDATE audit_head SET hash = '{hash}' WHERE id = 1"),
    )
    .await
    .unwrap();
    assert_intact(&env, 8).await;
    exec(&pool, "UPDATE audit_head SET seq = 7 WHERE id = 1")
        .await
        .unwrap();
    let v = verify(&env.db.url).await;
    assert!(!v.ok, "a head behind the log went unnoticed: {}", v.stdout);
    assert!(v.stdout.contains("BROKEN at record 8:"), "{}", v.stdout);
    pool.close().await;
}

// ----- concurrency -----------------------------------------------------------------------------

/// One request through a given router (the harness's `call` uses the environment's own).
async fn post_via(router: &Router, token: &str, body: &Value) -> (u16, Value) {
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/pocs")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Invariant 2 under load: 30 nominations at once, half through a second application instance
/// on the same database (another replica), give one unbroken chain with sequence numbers 1..=N
/// and exactly one `poc.create` record per entry.
async fn concurrent_nominations_chain_without_gaps(backend: Backend) {
    let env = Arc::new(Env::new(backend).await);
    env.admit("FR").await;
    let fr = env.token(Role::StateAdmin, Some("FR"), None).await;
    let replica = liaison_web::router(env.replica().await);
    let before = head(&env).await;

    let mut set = tokio::task::JoinSet::new();
    for i in 0..30 {
        let (env, replica, fr) = (env.clone(), replica.clone(), fr.clone());
        set.spawn(async move {
            let mut e = arabic_entry("FR");
            e["person_name"] = json!(format!("Agent {i}"));
            if i % 2 == 0 {
                let r = env.call("POST", "/api/v1/pocs", Some(&fr), Some(&e)).await;
                (r.status.as_u16(), r.json)
            } else {
                post_via(&replica, &fr, &e).await
            }
        });
    }
    let mut ids = Vec::new();
    while let Some(done) = set.join_next().await {
        let (status, json) = done.unwrap();
        assert_eq!(status, 201, "{json}");
        ids.push(json["id"].as_str().unwrap().to_owned());
    }

    let n = head(&env).await;
    assert_eq!(n, before + 30);
    let all = records_after(&env, 0).await;
    let seqs: Vec<i64> = all.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (1..=n).collect::<Vec<_>>());
    let mut created: Vec<String> = all[before as usize..]
        .iter()
        .map(|r| {
            assert_eq!(r.action, "poc.create");
            r.subject.clone().unwrap()
        })
        .collect();
    created.sort();
    ids.sort();
    assert_eq!(created, ids);
    assert_intact(&env, n).await;
}

// ----- one record per write, none per refusal -------------------------------------------------

/// The actor label of a token, as authentication builds it.
fn actor(t: &liaison_app::IssuedToken) -> String {
    format!("token:{}", &t.token.id.simple().to_string()[..12])
}

/// The one record a successful write must have left after `before`.
async fn one_record(env: &Env, before: i64, what: &str) -> AuditRecord {
    let new = records_after(env, before).await;
    assert_eq!(new.len(), 1, "{what}: {new:#?}");
    assert_eq!(head(env).await, before + 1, "{what}: head");
    new.into_iter().next().unwrap()
}

/// A refused write leaves no record and does not move the head.
async fn no_record(env: &Env, before: i64, what: &str) {
    let new = records_after(env, before).await;
    assert!(new.is_empty(), "{what} left records: {new:#?}");
    assert_eq!(head(env).await, before, "{what}: head");
}

/// Invariant 2 (POC-14, A§7(d)): every accepted write commits with exactly one audit record
/// naming the action, the actor's token, the state and the subject; a write refused as
/// invalid (422), forbidden (403), conflicting (409) or stale (412) leaves none.
async fn every_write_commits_one_audit_record(backend: Backend) {
    let env = Env::new(backend).await;
    let op = operator("t");
    let issue = |role, code: Option<&str>| {
        let code = code.map(state);
        let app = env.app.clone();
        let op = op.clone();
        async move {
            app.issue_token(
                &op,
                role,
                code,
                None,
                jiff::SignedDuration::from_hours(1),
                None,
            )
            .await
            .unwrap()
        }
    };
    let admin_t = issue(Role::Admin, None).await;
    let fr_t = issue(Role::StateAdmin, Some("FR")).await;
    let ru_t = issue(Role::StateAdmin, Some("RU")).await;
    let (admin, fr, ru) = (
        admin_t.secret.clone(),
        fr_t.secret.clone(),
        ru_t.secret.clone(),
    );
    env.admit("RU").await;

    // Each step: who, method, path, body, extra headers, expected status, and for a success the
    // expected (action, actor, state, subject).
    struct Expect<'a> {
        action: &'a str,
        actor: String,
        state: &'a str,
        subject: String,
    }
    let mut id = String::new();
    let check = |rec: AuditRecord, e: Expect, what: &str| {
        assert_eq!(
            (
                rec.action.as_str(),
                rec.actor.as_str(),
                rec.state.as_deref(),
                rec.subject.as_deref()
            ),
            (
                e.action,
                e.actor.as_str(),
                Some(e.state),
                Some(e.subject.as_str())
            ),
            "{what}"
        );
        serde_json::from_str::<Value>(&rec.detail).unwrap()
    };

    // Admit: state.admitted by the admin's token.
    let b = head(&env).await;
    let r = env
        .call(
            "POST",
            "/api/v1/states/FR/admit",
            Some(&admin),
            Some(&json!({"reason": "NV 1"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let d = check(
        one_record(&env, b, "admit").await,
        Expect {
            action: "state.admitted",
            actor: actor(&admin_t),
            state: "FR",
            subject: "FR".into(),
        },
        "admit",
    );
    assert_eq!(d["reason"], "NV 1");

    // Refused: admitting twice (409), a state administrator admitting (403).
    let b = head(&env).await;
    let r = env
        .call("POST", "/api/v1/states/FR/admit", Some(&admin), None)
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "invalid_transition"));
    no_record(&env, b, "admit twice").await;
    let r = env
        .call("POST", "/api/v1/states/CN/admit", Some(&fr), None)
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "forbidden"));
    no_record(&env, b, "admit by a state administrator").await;

    // Nominate: poc.create by FR's token, subject the new entry.
    let r = env
        .call("POST", "/api/v1/pocs", Some(&fr), Some(&arabic_entry("FR")))
        .await;
    assert_eq!(r.status, 201, "{}", r.json);
    id.push_str(r.json["id"].as_str().unwrap());
    let d = check(
        one_record(&env, b, "nominate").await,
        Expect {
            action: "poc.create",
            actor: actor(&fr_t),
            state: "FR",
            subject: id.clone(),
        },
        "nominate",
    );
    assert_eq!(d["revision"], 1);

    // Refused nominations: invalid (422), another state's (403), the admin's (403), an id
    // that exists (409).
    let b = head(&env).await;
    let mut invalid = arabic_entry("FR");
    invalid["emails"] = json!(["not an address"]);
    let r = env
        .call("POST", "/api/v1/pocs", Some(&fr), Some(&invalid))
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_input"));
    no_record(&env, b, "invalid nomination").await;
    let r = env
        .call("POST", "/api/v1/pocs", Some(&ru), Some(&arabic_entry("FR")))
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "other_state"));
    no_record(&env, b, "nomination for another state").await;
    let r = env
        .call(
            "POST",
            "/api/v1/pocs",
            Some(&admin),
            Some(&arabic_entry("FR")),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "neutrality"));
    no_record(&env, b, "nomination by the admin").await;
    let mut same_id = arabic_entry("FR");
    same_id["id"] = json!(id);
    let r = env
        .call("POST", "/api/v1/pocs", Some(&fr), Some(&same_id))
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "already_exists"));
    no_record(&env, b, "nomination with a taken id").await;

    // Update: poc.update, revision 2.
    let path = format!("/api/v1/pocs/{id}");
    let mut changed = arabic_entry("FR");
    changed["title"] = json!("Coordinateur");
    let r = env
        .call_with(
            "PUT",
            &path,
            Some(&fr),
            Some(changed.to_string().into_bytes()),
            &[("if-match", "\"r1\"")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let d = check(
        one_record(&env, b, "update").await,
        Expect {
            action: "poc.update",
            actor: actor(&fr_t),
            state: "FR",
            subject: id.clone(),
        },
        "update",
    );
    assert_eq!(d["revision"], 2);

    // Refused updates: stale (412), state changed (422), the admin (403), another state (403).
    let b = head(&env).await;
    let r = env
        .call_with(
            "PUT",
            &path,
            Some(&fr),
            Some(changed.to_string().into_bytes()),
            &[("if-match", "\"r1\"")],
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (412, "stale_revision"));
    no_record(&env, b, "stale update").await;
    let r = env
        .call("PUT", &path, Some(&fr), Some(&arabic_entry("RU")))
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_input"));
    no_record(&env, b, "update moving the entry to another state").await;
    let r = env.call("PUT", &path, Some(&admin), Some(&changed)).await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "neutrality"));
    no_record(&env, b, "update by the admin").await;
    let r = env.call("PUT", &path, Some(&ru), Some(&changed)).await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "other_state"));
    no_record(&env, b, "update by another state").await;

    // Flag (admin): poc.flag; flagging twice (409) or by a state administrator (403): nothing.
    let flags = format!("{path}/flags");
    let r = env
        .call(
            "POST",
            &flags,
            Some(&admin),
            Some(&json!({"flag": "unreachable", "reason": "bounced"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let d = check(
        one_record(&env, b, "flag").await,
        Expect {
            action: "poc.flag",
            actor: actor(&admin_t),
            state: "FR",
            subject: id.clone(),
        },
        "flag",
    );
    assert_eq!(d["flags"], json!(["unreachable"]));
    assert_eq!(d["reason"], "bounced");
    let b = head(&env).await;
    let r = env
        .call(
            "POST",
            &flags,
            Some(&admin),
            Some(&json!({"flag": "unreachable"})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "flag_already_set"));
    no_record(&env, b, "flag twice").await;
    let r = env
        .call("POST", &flags, Some(&admin), Some(&json!({"flag": "lost"})))
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_input"));
    no_record(&env, b, "unknown flag").await;
    let r = env
        .call(
            "POST",
            &flags,
            Some(&fr),
            Some(&json!({"flag": "unverified"})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "forbidden"));
    no_record(&env, b, "flag by a state administrator").await;

    // Unflag (admin): poc.unflag; again (409): nothing.
    let r = env
        .call(
            "DELETE",
            &format!("{flags}/unreachable"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let d = check(
        one_record(&env, b, "unflag").await,
        Expect {
            action: "poc.unflag",
            actor: actor(&admin_t),
            state: "FR",
            subject: id.clone(),
        },
        "unflag",
    );
    assert_eq!(d["flags"], json!([]));
    let b = head(&env).await;
    let r = env
        .call(
            "DELETE",
            &format!("{flags}/unreachable"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "flag_not_set"));
    no_record(&env, b, "unflag twice").await;

    // Retire: poc.retire; retiring or updating a retired entry (409): nothing.
    let retire = format!("{path}/retire");
    let r = env
        .call(
            "POST",
            &retire,
            Some(&fr),
            Some(&json!({"reason": "left the post"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let d = check(
        one_record(&env, b, "retire").await,
        Expect {
            action: "poc.retire",
            actor: actor(&fr_t),
            state: "FR",
            subject: id.clone(),
        },
        "retire",
    );
    assert_eq!(
        (d["revision"].clone(), d["reason"].clone()),
        (json!(5), json!("left the post"))
    );
    let b = head(&env).await;
    let r = env.call("POST", &retire, Some(&fr), None).await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "retired"));
    no_record(&env, b, "retire twice").await;
    let r = env.call("PUT", &path, Some(&fr), Some(&changed)).await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "retired"));
    no_record(&env, b, "update a retired entry").await;

    // Suspend and resume: state.suspended, state.resumed; while suspended, FR's writes are
    // refused (403) and leave nothing; suspending twice (409) neither.
    let r = env
        .call("POST", "/api/v1/states/FR/suspend", Some(&admin), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    check(
        one_record(&env, b, "suspend").await,
        Expect {
            action: "state.suspended",
            actor: actor(&admin_t),
            state: "FR",
            subject: "FR".into(),
        },
        "suspend",
    );
    let b = head(&env).await;
    let r = env
        .call("POST", "/api/v1/states/FR/suspend", Some(&admin), None)
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "invalid_transition"));
    no_record(&env, b, "suspend twice").await;
    let r = env
        .call("POST", "/api/v1/pocs", Some(&fr), Some(&arabic_entry("FR")))
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "not_participating"));
    no_record(&env, b, "nomination by a suspended state").await;
    let r = env
        .call("POST", "/api/v1/states/FR/admit", Some(&admin), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    check(
        one_record(&env, b, "resume").await,
        Expect {
            action: "state.resumed",
            actor: actor(&admin_t),
            state: "FR",
            subject: "FR".into(),
        },
        "resume",
    );

    // The same records, newest first, through the API; one revision per entry write.
    let r = env
        .call(
            "GET",
            &format!("/api/v1/audit?subject={id}"),
            Some(&admin),
            None,
        )
        .await;
    let actions: Vec<&str> = r.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "poc.retire",
            "poc.unflag",
            "poc.flag",
            "poc.update",
            "poc.create"
        ]
    );
    let r = env
        .call("GET", &format!("{path}/revisions"), Some(&fr), None)
        .await;
    assert_eq!(r.json["items"].as_array().unwrap().len(), 5);
    assert_intact(&env, head(&env).await).await;
}

/// `audit verify` checks the database it is given and never makes one: a mistyped path must
/// not be reported as an intact (empty) log.
#[tokio::test]
async fn verify_does_not_create_a_missing_database() {
    let dir = scratch_dir("verify-missing");
    let path = dir.join("typo.db");
    let v = verify(&format!("sqlite:{}", path.display())).await;
    let created = path.exists();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        !v.ok && !created,
        "verify of a missing database: exit ok = {}, file created = {created}, stdout: {}",
        v.ok,
        v.stdout
    );
}

/// Whoever can write to the database can drop the last record and rewrite the head to match;
/// the chain alone cannot tell. A head published elsewhere (`audit verify` prints it) can.
async fn rewritten_tail_is_caught_by_a_published_anchor(backend: Backend) {
    let env = busy_env(backend).await;
    let (seq, hash) = env.store.audit_head().await.unwrap();
    assert_eq!(seq, 8);
    let anchor = format!("{seq}:{hash}");
    let with_anchor = |url: String, anchor: String| {
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(bin())
                .args(["audit", "verify", "--database", &url, "--anchor", &anchor])
                .env("LIAISON_LOG", "warn")
                .output()
                .unwrap()
        })
    };
    let out = with_anchor(env.db.url.clone(), anchor.clone())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("head: {anchor}")));

    let pool = db(&env).await;
    let prev: String = sqlx::Row::get(
        &sqlx::query("SELECT hash FROM audit_log WHERE seq = 7")
            .fetch_one(&pool)
            .await
            .unwrap(),
        0,
    );
    tamper(&env, &["DELETE FROM audit_log WHERE seq = 8"]).await;
    exec(
        &pool,
        &format!("UPDATE audit_head SET seq = 7, hash = '{prev}' WHERE id = 1"),
    )
    .await
    .unwrap();
    // The chain and head agree again...
    assert_intact(&env, 7).await;
    // ...but not with what was published.
    let out = with_anchor(env.db.url.clone(), anchor).await.unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("BROKEN at record 8"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
