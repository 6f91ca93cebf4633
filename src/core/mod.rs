//! The leaf of the pipeline, used by every stage and using none: the site model, located
//! problems, the output map, and where each file is published. Does no I/O.

pub mod diagnostics;
pub mod html;
pub mod links;
pub mod model;
pub mod nesting;
pub mod outline;
pub mod output;
pub mod routes;
pub mod select;
