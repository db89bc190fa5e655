//! The one integration-test binary (linking dominates on 2 cores). Each test module exercises
//! use cases through the real router, CLI and stores; most tests run on SQLite and PostgreSQL.

// Test code states its expectations with unwrap/panic; the deny lints are for product code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod accounts;
mod api;
mod audit;
mod authz;
mod import_export;
mod pages;
mod ping;
mod poc_cli;
mod processes;
mod threads;
mod web_admin;
mod web_auth;
mod web_directory;
mod web_pings;
mod web_threads;
