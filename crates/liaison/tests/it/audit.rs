#[allow(unused_imports)]
use crate::on_both_backends;
use crate::support::*;
