//! Writing: the site on disk, swapped in atomically (`staging`), an edition packed as an
//! archive (`archive`), and a new edition's folder (`scaffold`).

pub mod archive;
pub mod scaffold;
pub mod staging;
