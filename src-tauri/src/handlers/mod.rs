//! What the commands do, without Tauri: each function takes values (and the
//! session or a folder) and returns values, so it is tested without a window.

pub mod case;
pub mod diagnose;
pub mod link;
pub mod report;
