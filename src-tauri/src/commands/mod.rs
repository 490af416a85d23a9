//! Tauri commands: one-line adapters over [`crate::handlers`].

pub mod case;
pub mod diagnose;
pub mod estimate;
pub mod link;
pub mod live;
pub mod report;
pub mod vehicle;
