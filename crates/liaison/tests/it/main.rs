//! The one integration-test binary (linking dominates on 2 cores). Each test module exercises
//! use cases through the real router, CLI and stores; most tests run on SQLite and PostgreSQL.

mod support;

mod api;
mod audit;
mod authz;
mod import_export;
mod processes;
