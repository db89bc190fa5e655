//! The role-by-route probe: every route of the JSON API against every kind of caller, with the
//! exact status and error code the permission table of shared/design/domain.md implies
//! (Annex A §3 neutrality, §6 participation, §7(a)/(d) a state manages its own entries, §8
//! follow-up flags, invariant 5: nothing for a state outside participation).

use crate::on_both_backends;
use crate::support::*;
use liaison_app::operator;
use liaison_core::Clock;
use liaison_core::permission::Role;
use liaison_store::Store;
use serde_json::{Value, json};
use std::collections::BTreeSet;

on_both_backends!(every_route_for_every_principal);

/// What one caller must get from one route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exp {
    /// Success with this status.
    Pass(u16),
    /// 403 with this stable error code.
    Refused(&'static str),
    /// 401 `unauthenticated`.
    Unauth,
}

const R200: Exp = Exp::Pass(200);
const C201: Exp = Exp::Pass(201);
/// The administrator never writes a state's entries (A§3, invariant 1).
const NEUTRAL: Exp = Exp::Refused("neutrality");
/// The role does not allow the action at all.
const FORBID: Exp = Exp::Refused("forbidden");
/// A participating state's user acting on another state's data.
const OTHER: Exp = Exp::Refused("other_state");
/// A user of a state that does not participate (never admitted, or suspended).
const OUTSIDE: Exp = Exp::Refused("not_participating");
const UNAUTH: Exp = Exp::Unauth;

impl Exp {
    fn status_and_code(self) -> (u16, &'static str) {
        match self {
            Exp::Pass(s) => (s, ""),
            Exp::Refused(code) => (403, code),
            Exp::Unauth => (401, "unauthenticated"),
        }
    }
}

/// The columns of the table, in order. The last column stands for every credential that must
/// not authenticate: no token, a well-formed but unknown token, a malformed token, a revoked
/// token and an expired token.
const COLUMNS: [&str; 7] = [
    "admin",
    "FR own",
    "RU other",
    "CN never",
    "DE suspended",
    "poc FR",
    "bad",
];

async fn head(env: &Env) -> i64 {
    env.store.audit_head().await.unwrap().0
}

/// POST an entry through the API and return its id.
async fn nominate(env: &Env, token: &str, state_code: &str) -> String {
    let r = env
        .call(
            "POST",
            "/api/v1/pocs",
            Some(token),
            Some(&arabic_entry(state_code)),
        )
        .await;
    assert_eq!(
        r.status, 201,
        "setup nomination for {state_code}: {}",
        r.json
    );
    r.json["id"].as_str().unwrap().to_owned()
}

/// Every route × every principal, on one database (see the module comment for the rules).
async fn every_route_for_every_principal(backend: Backend) {
    let env = Env::new(backend).await;
    let op = operator("t");

    // ----- set-up --------------------------------------------------------------------------
    // FR and RU participate; JP participates (only to be suspended by the table); CN was never
    // admitted; DE is admitted, its state administrator works, then DE is suspended (A§6: its
    // users lose access until resumed).
    for code in ["FR", "RU", "DE", "JP"] {
        env.admit(code).await;
    }
    let admin = env.token(Role::Admin, None, None).await;
    let fr = env.token(Role::StateAdmin, Some("FR"), None).await;
    let ru = env.token(Role::StateAdmin, Some("RU"), None).await;
    let cn = env.token(Role::StateAdmin, Some("CN"), None).await;
    let de = env.token(Role::StateAdmin, Some("DE"), None).await;
    assert_eq!(
        env.call("GET", "/api/v1/pocs", Some(&de), None)
            .await
            .status,
        200
    );
    env.app.suspend_state(&op, state("DE"), None).await.unwrap();

    let fr_id = nominate(&env, &fr, "FR").await;
    let ru_id = nominate(&env, &ru, "RU").await;
    // Spare entries for the retire rows, so retiring does not disturb other rows.
    let fr_spare = nominate(&env, &fr, "FR").await;
    let ru_spare = nominate(&env, &ru, "RU").await;
    let poc = env
        .token(Role::Poc, None, Some(fr_id.parse().unwrap()))
        .await;

    // A revoked token: it worked (and sits in the token cache) before it was revoked.
    let issued = env
        .app
        .issue_token(
            &op,
            Role::StateAdmin,
            Some(state("FR")),
            None,
            jiff::SignedDuration::from_hours(1),
            None,
        )
        .await
        .unwrap();
    let revoked = issued.secret;
    assert_eq!(
        env.call("GET", "/api/v1/me", Some(&revoked), None)
            .await
            .status,
        200
    );
    env.app.revoke_token(&op, issued.token.id).await.unwrap();

    // An expired token: valid for one minute, then the clock moves two minutes on.
    let expired = env
        .app
        .issue_token(
            &op,
            Role::Admin,
            None,
            None,
            jiff::SignedDuration::from_mins(1),
            None,
        )
        .await
        .unwrap()
        .secret;
    assert_eq!(
        env.call("GET", "/api/v1/me", Some(&expired), None)
            .await
            .status,
        200
    );
    env.clock.advance(jiff::SignedDuration::from_mins(2));

    let unknown = format!("lsn_{}", "A".repeat(43));
    let malformed = "not-a-token".to_owned();

    // A ping campaign whose FR and RU challenges have been handed to a relay (issued), so
    // that the FR entry's user can acknowledge its own.
    let campaign = env
        .app
        .start_ping_campaign(&op, Default::default(), None)
        .await
        .unwrap();
    let now = env.clock.now();
    let until = now + jiff::SignedDuration::from_secs(60);
    let claimed = env
        .store
        .claim_pings("probe", now, until, 100)
        .await
        .unwrap();
    let mut updates = Vec::new();
    let mut challenge_of = std::collections::HashMap::new();
    for c in &claimed {
        let next = liaison_core::ping::deliver(
            &c.mail,
            &liaison_core::ping::DeliveryEvent::HandOver {
                owner: "probe".into(),
                now,
                due_at: now + jiff::SignedDuration::from_hours(48),
            },
        )
        .unwrap();
        updates.push(liaison_store::DeliveryUpdate {
            queue: liaison_store::MailQueue::Pings,
            id: c.id,
            expected: c.mail.clone(),
            next,
            token: liaison_store::TokenChange::Set(format!("{:064x}", c.id.as_u128())),
            attempt: None,
        });
        challenge_of.insert(c.poc.to_string(), c.id);
    }
    assert!(
        env.store
            .update_deliveries(&updates)
            .await
            .unwrap()
            .iter()
            .all(|ok| *ok)
    );
    let fr_challenge = challenge_of[&fr_id];
    let ru_challenge = challenge_of[&ru_id];
    let campaign = campaign.id;

    // The callers of each column (the last column has five).
    let callers: [Vec<(&str, Option<&str>)>; 7] = [
        vec![("admin", Some(&admin))],
        vec![("state-admin FR", Some(&fr))],
        vec![("state-admin RU", Some(&ru))],
        vec![("state-admin CN", Some(&cn))],
        vec![("state-admin DE", Some(&de))],
        vec![("poc FR", Some(&poc))],
        vec![
            ("no token", None),
            ("unknown token", Some(&unknown)),
            ("malformed token", Some(&malformed)),
            ("revoked token", Some(&revoked)),
            ("expired token", Some(&expired)),
        ],
    ];

    let mut fr_update = arabic_entry("FR");
    fr_update["title"] = json!("Directeur de la coordination internationale");
    let mut ru_update = arabic_entry("RU");
    ru_update["title"] = json!("Директор по международному сотрудничеству");
    let flag = json!({"flag": "unreachable", "reason": "ping bounced"});
    let reason = json!({"reason": "probe"});

    // ----- the table -----------------------------------------------------------------------
    // Rows that succeed for someone come after the reads, and a row that needs an earlier
    // one's effect follows it (the flag is set before it is cleared, and cleared before the
    // update, which would clear it anyway). Only one column succeeds in each write row.
    #[rustfmt::skip]
    let rows: Vec<(&str, String, Option<Value>, [Exp; 7])> = vec![
        //                                                         admin    FR own   RU other CN never DE susp.  poc FR   bad
        // Identity: any valid token, even from outside (its standing says so).
        ("GET", "/api/v1/me".into(), None,                          [R200,    R200,    R200,    R200,    R200,    R200,    UNAUTH]),
        // Reading the directory: everyone participating; nobody outside (A§6, invariant 5).
        ("GET", "/api/v1/states".into(), None,                      [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", "/api/v1/states/FR".into(), None,                   [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", "/api/v1/states/CN".into(), None,                   [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", "/api/v1/pocs".into(), None,                        [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", "/api/v1/pocs?state=RU".into(), None,               [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", "/api/v1/pocs?q=Mansouri".into(), None,             [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", format!("/api/v1/pocs/{fr_id}"), None,              [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", format!("/api/v1/pocs/{ru_id}"), None,              [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", format!("/api/v1/pocs/{fr_id}/revisions"), None,    [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", format!("/api/v1/pocs/{ru_id}/revisions"), None,    [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        // The audit log: the admin all of it, a state administrator its own state's records.
        ("GET", "/api/v1/audit".into(), None,                       [R200,    R200,    R200,    OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("GET", "/api/v1/audit?state=RU".into(), None,              [R200,    OTHER,   R200,    OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("GET", "/api/v1/audit?state=fr".into(), None,              [R200,    R200,    OTHER,   OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("GET", format!("/api/v1/audit?subject={ru_id}"), None,     [R200,    R200,    R200,    OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        // Threads (issue 5): a POC's own threads and notifications; its state's thread counts
        // for its POCs and state administrators; aggregates for the administrator only; the
        // templates for everyone participating.
        ("GET", "/api/v1/threads".into(), None,                     [FORBID,  FORBID,  FORBID,  OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", "/api/v1/threads/state".into(), None,               [FORBID,  R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", "/api/v1/threads/statistics".into(), None,          [R200,    FORBID,  FORBID,  OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("GET", "/api/v1/notifications".into(), None,               [FORBID,  FORBID,  FORBID,  OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        ("GET", "/api/v1/templates/inquiry-v1".into(), None,        [R200,    R200,    R200,    OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        // Participation: the administrator only (A§6).
        ("POST", "/api/v1/states/BR/admit".into(), None,            [R200,    FORBID,  FORBID,  OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("POST", "/api/v1/states/JP/suspend".into(), Some(reason.clone()),
                                                                    [R200,    FORBID,  FORBID,  OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        // Nominating: only the state's own state administrator (A§7(a)); never the admin.
        ("POST", "/api/v1/pocs".into(), Some(arabic_entry("FR")),   [NEUTRAL, C201,    OTHER,   OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("POST", "/api/v1/pocs".into(), Some(arabic_entry("RU")),   [NEUTRAL, OTHER,   C201,    OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        // Flags: the administrator only (A§8 follow-up).
        ("POST", format!("/api/v1/pocs/{fr_id}/flags"), Some(flag.clone()),
                                                                    [R200,    FORBID,  FORBID,  OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("DELETE", format!("/api/v1/pocs/{fr_id}/flags/unreachable"), None,
                                                                    [R200,    FORBID,  FORBID,  OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        // Rolling updates (A§7(d)): own state only; a POC user does not edit even its own entry.
        ("PUT", format!("/api/v1/pocs/{fr_id}"), Some(fr_update),   [NEUTRAL, R200,    OTHER,   OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("PUT", format!("/api/v1/pocs/{ru_id}"), Some(ru_update),   [NEUTRAL, OTHER,   R200,    OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        // Retiring: own state only.
        ("POST", format!("/api/v1/pocs/{fr_spare}/retire"), Some(reason.clone()),
                                                                    [NEUTRAL, R200,    OTHER,   OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("POST", format!("/api/v1/pocs/{ru_spare}/retire"), Some(reason.clone()),
                                                                    [NEUTRAL, OTHER,   R200,    OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        // Ping results (A§8, PING-06): the administrator all, a state administrator its own
        // state's part; a POC user sees only its own pending pings.
        ("GET", "/api/v1/ping-campaigns".into(), None,              [R200,    R200,    R200,    OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("GET", format!("/api/v1/ping-campaigns/{campaign}/report"), None,
                                                                    [R200,    R200,    R200,    OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
        ("GET", "/api/v1/pings/pending".into(), None,               [FORBID,  FORBID,  FORBID,  OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        // Acknowledging: the entry's own user only; the administrator who asks never answers.
        ("POST", format!("/api/v1/pings/{ru_challenge}/acknowledge"), None,
                                                                    [FORBID,  FORBID,  FORBID,  OUTSIDE, OUTSIDE, OTHER,   UNAUTH]),
        ("POST", format!("/api/v1/pings/{fr_challenge}/acknowledge"), None,
                                                                    [FORBID,  FORBID,  FORBID,  OUTSIDE, OUTSIDE, R200,    UNAUTH]),
        // Starting a campaign: the administrator only.
        ("POST", "/api/v1/ping-campaigns".into(), None,             [C201,    FORBID,  FORBID,  OUTSIDE, OUTSIDE, FORBID,  UNAUTH]),
    ];

    // ----- the probe -----------------------------------------------------------------------
    // Every mismatch is collected so one run reports the whole matrix.
    let mut mismatches = Vec::new();
    let mut calls = 0;
    for (method, path, body, expected) in &rows {
        for (col, exp) in expected.iter().enumerate() {
            for (who, token) in &callers[col] {
                calls += 1;
                let ctx = format!("{method} {path} as {who} [{}]", COLUMNS[col]);
                let before = head(&env).await;
                let r = env.call(method, path, *token, body.as_ref()).await;
                let after = head(&env).await;
                let got = (r.status.as_u16(), r.code().to_owned());
                let want = exp.status_and_code();

                // Never a server error, whoever asks.
                if r.status.is_server_error() {
                    mismatches.push(format!("{ctx}: server error {got:?} {}", r.json));
                    continue;
                }
                if (got.0, got.1.as_str()) != want {
                    mismatches.push(format!("{ctx}: got {got:?}, want {want:?} {}", r.json));
                }
                // A refused request, or a read, changes nothing (invariant 2: every write is
                // in the audit log, so an unchanged head means nothing was written); an
                // accepted write leaves exactly one record.
                let wrote = matches!(exp, Exp::Pass(_)) && *method != "GET";
                let grew = after - before;
                if grew != i64::from(wrote) {
                    mismatches.push(format!(
                        "{ctx}: audit head moved by {grew}, want {}",
                        i64::from(wrote)
                    ));
                }
                if r.status.is_success()
                    && let Some(problem) = check_body(&env, who, path, &r.json).await
                {
                    mismatches.push(format!("{ctx}: {problem}"));
                }
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {calls} calls differ from the permission table:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );

    // ----- after the probe: exactly the allowed writes happened ------------------------------
    let read = |id: String| get_entry(&env, &admin, id);
    // FR entry: create, flag, unflag, update by FR.
    let e = read(fr_id.clone()).await;
    assert_eq!(
        (e["revision"].clone(), e["status"].clone()),
        (json!(4), json!("active"))
    );
    assert_eq!(e["flags"], json!([]));
    assert_eq!(e["title"], "Directeur de la coordination internationale");
    // RU entry: create, update by RU.
    let e = read(ru_id.clone()).await;
    assert_eq!(
        (e["revision"].clone(), e["status"].clone()),
        (json!(2), json!("active"))
    );
    for id in [fr_spare, ru_spare] {
        let e = read(id).await;
        assert_eq!(
            (e["revision"].clone(), e["status"].clone()),
            (json!(2), json!("retired"))
        );
    }
    // One new entry per state (the one accepted nomination each), none from anyone else.
    for (code, total) in [("FR", 3), ("RU", 3), ("CN", 0), ("DE", 0)] {
        let r = env
            .call(
                "GET",
                &format!("/api/v1/pocs?state={code}&include_retired=true"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(r.json["total"], total, "{code}");
    }
    for (code, participation) in [
        ("BR", "participating"),
        ("JP", "suspended"),
        ("DE", "suspended"),
        ("CN", "not_participating"),
        ("FR", "participating"),
        ("RU", "participating"),
    ] {
        let r = env
            .call("GET", &format!("/api/v1/states/{code}"), Some(&admin), None)
            .await;
        assert_eq!(r.json["participation"], participation, "{code}");
    }
}

async fn get_entry(env: &Env, token: &str, id: String) -> Value {
    env.call("GET", &format!("/api/v1/pocs/{id}"), Some(token), None)
        .await
        .json
}

/// Route-specific checks of a successful answer: who `/me` says the caller is, and that the
/// audit log shows a state administrator nothing about another state.
async fn check_body(env: &Env, who: &str, path: &str, json: &Value) -> Option<String> {
    if path == "/api/v1/me" {
        let want = match who {
            "admin" => {
                json!({"role": "admin", "state": null, "poc": null, "standing": "participating"})
            }
            "state-admin FR" => {
                json!({"role": "state-admin", "state": "FR", "poc": null, "standing": "participating"})
            }
            "state-admin RU" => {
                json!({"role": "state-admin", "state": "RU", "poc": null, "standing": "participating"})
            }
            "state-admin CN" => {
                json!({"role": "state-admin", "state": "CN", "poc": null, "standing": "outside"})
            }
            "state-admin DE" => {
                json!({"role": "state-admin", "state": "DE", "poc": null, "standing": "outside"})
            }
            "poc FR" => {
                let mut v = json!({"role": "poc", "state": "FR", "standing": "participating"});
                v["poc"] = json["poc"].clone();
                if json["poc"].is_null() {
                    return Some("poc token without its entry".into());
                }
                v
            }
            _ => return Some(format!("unexpected /me success: {json}")),
        };
        return (*json != want).then(|| format!("/me says {json}, want {want}"));
    }
    if path.contains("/report") || path == "/api/v1/ping-campaigns" {
        // A state administrator's view is limited to its own state.
        let scope = match who {
            "state-admin FR" => Some("FR"),
            "state-admin RU" => Some("RU"),
            _ => None,
        };
        if path.contains("/report") {
            let rows = json["pocs"].as_array()?;
            let states: BTreeSet<&str> = rows.iter().filter_map(|r| r["state"].as_str()).collect();
            let want: BTreeSet<&str> = match scope {
                Some(s) => [s].into(),
                None => ["FR", "RU"].into(),
            };
            return (json["scope"].as_str() != scope || states != want).then(|| {
                format!(
                    "{who}: report scope {} with states {states:?}",
                    json["scope"]
                )
            });
        }
        if json["items"].is_null() {
            // The campaign just started: the four active entries of FR and RU.
            let n = json["counts"]["challenges"].as_u64();
            return (n != Some(4)).then(|| format!("new campaign with {n:?} challenges"));
        }
        let counts = json["items"][0]["counts"]["challenges"].as_u64();
        let want = if scope.is_some() { 2 } else { 4 };
        return (counts != Some(want))
            .then(|| format!("{who}: {counts:?} challenges, want {want}"));
    }
    if !path.starts_with("/api/v1/audit") {
        return None;
    }
    let Some(items) = json["items"].as_array() else {
        return Some(format!("no items in {json}"));
    };
    let states: Vec<Option<&str>> = items.iter().map(|r| r["state"].as_str()).collect();
    // Which state's records the caller must be limited to (None = the whole log).
    let scope = if path.contains("state=RU") {
        Some("RU")
    } else if path.contains("state=fr") {
        Some("FR")
    } else {
        match who {
            "state-admin FR" => Some("FR"),
            "state-admin RU" => Some("RU"),
            _ => None,
        }
    };
    match scope {
        Some(s) => {
            if let Some(bad) = states.iter().find(|st| **st != Some(s)) {
                return Some(format!(
                    "{who} reading {path} got a record of state {bad:?} (limited to {s})"
                ));
            }
            if path.contains("subject=") {
                // The RU entry's records are RU's: the FR administrator sees none of them.
                let want = if s == "RU" { 1 } else { 0 };
                return (items.len() != want)
                    .then(|| format!("{} records about the RU entry, want {want}", items.len()));
            }
            (items.is_empty()).then(|| format!("{who} reading {path}: no records of {s}"))
        }
        None => {
            // The whole log (it is still short enough for one page).
            let head = env.store.audit_head().await.ok()?.0;
            if path.contains("subject=") {
                return (items.len() != 1)
                    .then(|| format!("{} records about the RU entry, want 1", items.len()));
            }
            let complete = items.len() as i64 == head
                && states.contains(&Some("FR"))
                && states.contains(&Some("RU"))
                && states.contains(&None);
            (!complete).then(|| {
                format!(
                    "whole log: {} records of {head}, states {states:?}",
                    items.len()
                )
            })
        }
    }
}

/// Reading the audit log is authorized before the filter is looked at: a caller who may not
/// read the audit log at all (a POC user; a user of a state outside participation, invariant
/// 5) is refused whatever `?state=` says, as with a valid code.
#[tokio::test]
async fn audit_filter_does_not_bypass_authorization() {
    let env = Env::new(Backend::Sqlite).await;
    env.admit("FR").await;
    let fr = env.token(Role::StateAdmin, Some("FR"), None).await;
    let fr_id = nominate(&env, &fr, "FR").await;
    let poc = env
        .token(Role::Poc, None, Some(fr_id.parse().unwrap()))
        .await;
    let cn = env.token(Role::StateAdmin, Some("CN"), None).await;
    let mut got = Vec::new();
    for (who, token, want) in [
        ("poc FR", &poc, "forbidden"),
        ("state-admin CN", &cn, "not_participating"),
    ] {
        for query in ["", "?state=FR", "?state=ZZ", "?state=TW", "?state=france"] {
            let r = env
                .call("GET", &format!("/api/v1/audit{query}"), Some(token), None)
                .await;
            got.push((who, query, r.status.as_u16(), r.code().to_owned(), want));
        }
    }
    let wrong: Vec<_> = got
        .iter()
        .filter(|(_, _, s, c, w)| (*s, c.as_str()) != (403, *w))
        .collect();
    assert!(wrong.is_empty(), "not refused: {wrong:#?}");
}

/// Invariant 5: a user of a state outside participation learns nothing from the directory,
/// not even whether an entry id exists: writing to an unknown id is refused exactly as
/// writing to a known one.
#[tokio::test]
async fn outside_callers_cannot_probe_entry_ids() {
    let env = Env::new(Backend::Sqlite).await;
    env.admit("FR").await;
    let fr = env.token(Role::StateAdmin, Some("FR"), None).await;
    let known = nominate(&env, &fr, "FR").await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let cn = env.token(Role::StateAdmin, Some("CN"), None).await;
    let mut got = Vec::new();
    for id in [&known, &unknown] {
        for (method, path, body) in [
            ("GET", format!("/api/v1/pocs/{id}"), None),
            ("GET", format!("/api/v1/pocs/{id}/revisions"), None),
            (
                "PUT",
                format!("/api/v1/pocs/{id}"),
                Some(arabic_entry("FR")),
            ),
            ("POST", format!("/api/v1/pocs/{id}/retire"), None),
            (
                "POST",
                format!("/api/v1/pocs/{id}/flags"),
                Some(json!({"flag": "unverified"})),
            ),
            (
                "DELETE",
                format!("/api/v1/pocs/{id}/flags/unverified"),
                None,
            ),
        ] {
            let r = env.call(method, &path, Some(&cn), body.as_ref()).await;
            let which = if id == &known { "known" } else { "unknown" };
            got.push((which, method, path, r.status.as_u16(), r.code().to_owned()));
        }
    }
    let wrong: Vec<_> = got
        .iter()
        .filter(|(_, _, _, s, c)| (*s, c.as_str()) != (403, "not_participating"))
        .collect();
    assert!(wrong.is_empty(), "answers that differ: {wrong:#?}");
}
