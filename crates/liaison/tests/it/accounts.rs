//! Storage of web accounts (issue 3 groundwork) on both backends: enrolment links are single
//! use and expire, users have one login, sessions end idle, absolute or on sign-out, failed
//! sign-ins are counted atomically. The use cases and pages on top of them come next.

use crate::on_both_backends;
use crate::support::*;
use jiff::{SignedDuration, Timestamp};
use liaison_app::AppError;
use liaison_core::Clock;
use liaison_core::account::{
    EnrolmentLink, EnrolmentStatus, LOCKOUT, Session, SessionStatus, User, normalise_login,
};
use liaison_core::audit::AuditEvent;
use liaison_core::permission::Denied;
use liaison_core::permission::Role;
use liaison_store::{Change, Store, StoreError};
use serde_json::json;
use uuid::Uuid;

on_both_backends!(
    enrolment_link_is_single_use,
    enrolment_link_expires_and_can_be_revoked,
    sessions_end,
    sign_in_failures_are_counted,
    enrolment_links_through_the_use_cases
);

/// The clock's time at the precision the store keeps (microseconds).
fn now(env: &Env) -> Timestamp {
    Timestamp::from_microsecond(env.clock.now().as_microsecond()).unwrap()
}

fn event(action: &str, state: &str, subject: Uuid) -> Vec<AuditEvent> {
    vec![AuditEvent {
        actor: "test".into(),
        action: action.into(),
        state: Some(state.into()),
        subject: Some(subject.to_string()),
        detail: json!({}),
    }]
}

fn link(state_code: &str, now: Timestamp) -> EnrolmentLink {
    EnrolmentLink {
        id: Uuid::new_v4(),
        secret_hash: format!("{:064x}", Uuid::new_v4().as_u128()),
        role: Role::StateAdmin,
        state: Some(state(state_code)),
        poc: None,
        display_name: "Camille Martin".into(),
        email: None,
        created_by: "user:admin".into(),
        created_at: now,
        expires_at: now + SignedDuration::from_hours(7 * 24),
        used_at: None,
        revoked_at: None,
    }
}

fn user(login: &str, state_code: &str, at: Timestamp) -> User {
    User {
        id: Uuid::new_v4(),
        login: normalise_login(login).unwrap(),
        role: Role::StateAdmin,
        state: Some(state(state_code)),
        poc: None,
        display_name: "Camille Martin".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        totp_secret: Some("JBSWY3DPEHPK3PXP".into()),
        created_at: at,
        disabled_at: None,
        email: None,
        language: liaison_core::EntryLanguage::En,
    }
}

async fn issue(env: &Env, l: &EnrolmentLink) {
    env.store
        .apply(
            vec![Change::InsertEnrolment(Box::new(l.clone()))],
            event("enrolment.issue", l.state.unwrap().as_str(), l.id),
            l.created_at,
        )
        .await
        .unwrap();
}

async fn enrol(env: &Env, link: Uuid, u: &User) -> Result<(), StoreError> {
    env.store
        .apply(
            vec![Change::Enrol {
                link,
                user: Box::new(u.clone()),
            }],
            event("user.enrol", "FR", u.id),
            u.created_at,
        )
        .await
        .map(|_| ())
}

/// A link makes one account; a second use, even with another login, is refused and leaves
/// nothing behind; a taken login is refused too.
async fn enrolment_link_is_single_use(backend: Backend) {
    let env = Env::new(backend).await;
    let now = now(&env);
    let l = link("FR", now);
    issue(&env, &l).await;
    let stored = env.store.enrolment_by_hash(&l.secret_hash).await.unwrap();
    assert_eq!(stored.as_ref(), Some(&l));
    assert_eq!(l.status_at(now), EnrolmentStatus::Usable);

    let first = user("Camille.Martin@diplomatie.fr.example", "FR", now);
    enrol(&env, l.id, &first).await.unwrap();
    let used = env
        .store
        .enrolment_by_hash(&l.secret_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(used.status_at(now), EnrolmentStatus::Used);
    assert_eq!(
        env.store
            .user_by_login("camille.martin@diplomatie.fr.example")
            .await
            .unwrap(),
        Some(first.clone())
    );
    assert_eq!(env.store.user(first.id).await.unwrap(), Some(first.clone()));

    let second = user("someone.else@diplomatie.fr.example", "FR", now);
    let again = enrol(&env, l.id, &second).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert_eq!(env.store.user(second.id).await.unwrap(), None);

    // Another link, but the login is taken.
    let l2 = link("FR", now);
    issue(&env, &l2).await;
    let twin = user("CAMILLE.MARTIN@diplomatie.fr.example", "FR", now);
    assert!(matches!(
        enrol(&env, l2.id, &twin).await,
        Err(StoreError::Conflict(_))
    ));
    let l2 = env
        .store
        .enrolment_by_hash(&l2.secret_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        l2.status_at(now),
        EnrolmentStatus::Usable,
        "nothing half-done"
    );

    let fr = env.store.users_of_state(state("FR")).await.unwrap();
    assert_eq!(fr, vec![first]);
    assert!(
        env.store
            .users_of_state(state("DE"))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn enrolment_link_expires_and_can_be_revoked(backend: Backend) {
    let env = Env::new(backend).await;
    let now = now(&env);
    let l = link("FR", now);
    issue(&env, &l).await;
    let late = user("late@diplomatie.fr.example", "FR", l.expires_at);
    assert!(matches!(
        enrol(&env, l.id, &late).await,
        Err(StoreError::Conflict(_))
    ));

    let l2 = link("FR", now);
    issue(&env, &l2).await;
    env.store
        .apply(
            vec![Change::RevokeEnrolment { id: l2.id, at: now }],
            event("enrolment.revoke", "FR", l2.id),
            now,
        )
        .await
        .unwrap();
    let revoked = env
        .store
        .enrolment_by_hash(&l2.secret_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(revoked.status_at(now), EnrolmentStatus::Revoked);
    let u = user("revoked@diplomatie.fr.example", "FR", now);
    assert!(matches!(
        enrol(&env, l2.id, &u).await,
        Err(StoreError::Conflict(_))
    ));
    // Revoking twice is refused.
    let twice = env
        .store
        .apply(
            vec![Change::RevokeEnrolment { id: l2.id, at: now }],
            event("enrolment.revoke", "FR", l2.id),
            now,
        )
        .await;
    assert!(matches!(twice, Err(StoreError::NotFound(_))), "{twice:?}");
}

async fn sessions_end(backend: Backend) {
    let env = Env::new(backend).await;
    let now = now(&env);
    let l = link("FR", now);
    issue(&env, &l).await;
    let u = user("sessions@diplomatie.fr.example", "FR", now);
    enrol(&env, l.id, &u).await.unwrap();

    let s = |tag: &str| Session {
        id_hash: format!("{tag}-{}", Uuid::new_v4().simple()),
        user: u.id,
        created_at: now,
        last_seen_at: now,
        revoked_at: None,
    };
    let (a, b) = (s("a"), s("b"));
    env.store.insert_session(&a).await.unwrap();
    env.store.insert_session(&b).await.unwrap();
    assert!(matches!(
        env.store.insert_session(&a).await,
        Err(StoreError::Conflict(_))
    ));

    // Activity keeps a session alive past the idle timeout; the stored time only moves forward.
    let later = now + SignedDuration::from_mins(20);
    env.store.touch_session(&a.id_hash, later).await.unwrap();
    env.store.touch_session(&a.id_hash, now).await.unwrap();
    let a_now = env.store.session(&a.id_hash).await.unwrap().unwrap();
    assert_eq!(a_now.last_seen_at, later);
    let at_40 = now + SignedDuration::from_mins(40);
    assert_eq!(a_now.status_at(at_40), SessionStatus::Active);
    let b_now = env.store.session(&b.id_hash).await.unwrap().unwrap();
    assert_eq!(b_now.status_at(at_40), SessionStatus::Idle);

    env.store.revoke_session(&a.id_hash, at_40).await.unwrap();
    let a_out = env.store.session(&a.id_hash).await.unwrap().unwrap();
    assert_eq!(a_out.status_at(at_40), SessionStatus::Revoked);
    // A revoked session is not revived by a late request.
    env.store
        .touch_session(&a.id_hash, at_40 + SignedDuration::from_mins(1))
        .await
        .unwrap();
    assert_eq!(env.store.session(&a.id_hash).await.unwrap().unwrap(), a_out);

    // Sign out everywhere: the one still open.
    assert_eq!(env.store.revoke_sessions_of(u.id, at_40).await.unwrap(), 1);
    assert_eq!(env.store.revoke_sessions_of(u.id, at_40).await.unwrap(), 0);
    assert_eq!(env.store.session("no such session").await.unwrap(), None);
}

async fn sign_in_failures_are_counted(backend: Backend) {
    let env = Env::new(backend).await;
    let now = now(&env);
    let key = "account:camille.martin@diplomatie.fr.example";
    assert_eq!(env.store.sign_in_failures(key).await.unwrap(), None);
    // Concurrent failures (parallel guesses) all count.
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let store = env.store.clone();
        tasks.push(tokio::spawn(async move {
            store.record_sign_in_failure(key, now).await.unwrap()
        }));
    }
    let mut counts: Vec<u32> = Vec::new();
    for t in tasks {
        counts.push(t.await.unwrap().failures);
    }
    counts.sort();
    assert_eq!(counts, (1..=10).collect::<Vec<_>>());
    let r = env.store.sign_in_failures(key).await.unwrap().unwrap();
    assert_eq!(r.failures, 10);
    assert_eq!(r.retry_after(now), Some(LOCKOUT));
    // Another key is untouched; a success clears the record.
    assert_eq!(
        env.store
            .sign_in_failures("address:192.0.2.1")
            .await
            .unwrap(),
        None
    );
    env.store.clear_sign_in_failures(key).await.unwrap();
    assert_eq!(env.store.sign_in_failures(key).await.unwrap(), None);
}

/// Who may issue which link (domain.md: the administrator for state administrators; a state's
/// administrator for its own state's administrators and POC users), for participating states
/// only, POC users bound to an active entry of the same state; the secret is shown once and
/// only its hash is stored; revocation ends a link.
async fn enrolment_links_through_the_use_cases(backend: Backend) {
    let env = Env::new(backend).await;
    let admin = env
        .app
        .authenticate(&env.token(Role::Admin, None, None).await)
        .await
        .unwrap();
    let issue = |p, role, code, poc| {
        let app = env.app.clone();
        async move {
            app.issue_enrolment(&p, role, state(code), poc, "Camille Martin", None)
                .await
        }
    };

    let r = issue(admin.clone(), Role::StateAdmin, "FR", None).await;
    assert!(
        matches!(r, Err(AppError::StateNotParticipating)),
        "{:?}",
        r.err()
    );
    env.admit("FR").await;
    env.admit("EG").await;

    let issued = issue(admin.clone(), Role::StateAdmin, "FR", None)
        .await
        .unwrap();
    assert!(issued.secret.starts_with("lsn_enrol_"));
    assert_ne!(issued.link.secret_hash, issued.secret);
    assert_eq!(
        issued
            .link
            .expires_at
            .duration_since(issued.link.created_at),
        SignedDuration::from_hours(7 * 24)
    );
    let (found, status) = env.app.enrolment_link(&issued.secret).await.unwrap();
    assert_eq!(found.id, issued.link.id);
    assert_eq!(status, EnrolmentStatus::Usable);
    let audit = env
        .store
        .audit(&liaison_store::AuditQuery {
            action: Some("enrolment.issue".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert!(
        !audit[0].detail.contains(&issued.secret),
        "secret in the audit log"
    );

    // The administrator does not enrol POC users; another state's administrator enrols nobody here.
    let r = issue(admin.clone(), Role::Poc, "FR", Some(Uuid::new_v4())).await;
    assert!(
        matches!(r, Err(AppError::Forbidden(Denied::RoleNotAllowed))),
        "{:?}",
        r.err()
    );
    let eg_admin = env
        .app
        .authenticate(&env.token(Role::StateAdmin, Some("EG"), None).await)
        .await
        .unwrap();
    let r = issue(eg_admin.clone(), Role::StateAdmin, "FR", None).await;
    assert!(
        matches!(r, Err(AppError::Forbidden(Denied::OtherState))),
        "{:?}",
        r.err()
    );

    // A POC user is bound to an active entry of the issuing state.
    let eg_token = env.token(Role::StateAdmin, Some("EG"), None).await;
    let created = env
        .call(
            "POST",
            "/api/v1/pocs",
            Some(&eg_token),
            Some(&arabic_entry("EG")),
        )
        .await;
    let entry: Uuid = created.json["id"].as_str().unwrap().parse().unwrap();
    issue(eg_admin.clone(), Role::Poc, "EG", Some(entry))
        .await
        .unwrap();
    let r = issue(eg_admin.clone(), Role::Poc, "EG", None).await;
    assert!(matches!(r, Err(AppError::Invalid(_))), "{:?}", r.err());
    let fr_admin = env
        .app
        .authenticate(&env.token(Role::StateAdmin, Some("FR"), None).await)
        .await
        .unwrap();
    let r = issue(fr_admin.clone(), Role::Poc, "FR", Some(entry)).await;
    assert!(
        matches!(r, Err(AppError::Invalid(_))),
        "another state's entry: {:?}",
        r.err()
    );
    let r = env
        .app
        .issue_enrolment(&fr_admin, Role::StateAdmin, state("FR"), None, "  ", None)
        .await;
    assert!(
        matches!(r, Err(AppError::Invalid(_))),
        "blank name: {:?}",
        r.err()
    );

    // Revocation, once; unknown secrets are not found.
    env.app
        .revoke_enrolment(&fr_admin, &issued.link)
        .await
        .unwrap();
    let (_, status) = env.app.enrolment_link(&issued.secret).await.unwrap();
    assert_eq!(status, EnrolmentStatus::Revoked);
    assert!(matches!(
        env.app.revoke_enrolment(&fr_admin, &issued.link).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        env.app.enrolment_link("lsn_enrol_nothing").await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        env.app.enrolment_link(&"x".repeat(10_000)).await,
        Err(AppError::NotFound)
    ));
}
