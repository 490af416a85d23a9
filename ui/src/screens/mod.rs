//! One module per screen; each `view(app)` renders it.

pub mod ask;
pub mod case;
pub mod cases;
pub mod close_case;
pub mod connect;
pub mod diagnosis;
pub mod estimate;
pub mod estimate_list;
pub mod live;
pub mod module_scans;
pub mod proposals;
pub mod scan;
pub mod settings;
pub mod vehicle;
