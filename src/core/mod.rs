//! The leaf of the pipeline, used by every stage and using none: the site model, located
//! problems, the output map, and where each file is published. Does no I/O.

pub mod diagnostics;
pub(crate) mod html;
pub mod language;
pub mod links;
pub mod model;
pub(crate) mod nesting;
pub mod outline;
pub mod output;
pub mod pdf_sizes;
pub mod routes;
pub(crate) mod select;
pub mod status;
pub mod translation;
pub mod units;
