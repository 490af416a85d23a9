//! Money and rates are the shared vocabulary's (`shopbench_core::{Cents, Rate}`);
//! seed 002's JSON gives amounts in dollars, so every amount field here is
//! (de)serialised with `shopbench_core::dollars`.

pub use shopbench_core::{Cents, Rate};
