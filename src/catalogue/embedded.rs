//! The data files, compiled in by `build.rs` so that the binary is self-contained and the
//! tests read the very same bytes.

include!(concat!(env!("OUT_DIR"), "/data_files.rs"));
