//! `liaison`: one binary for the server, the demo, and the operator's commands.

mod cli;
mod duration;
mod lines;
mod ping_cli;
mod poc_cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
