//! No library code: this crate holds the trybuild suite of cicd-dsl's
//! compile-time checks (`tests/ui.rs`, cases under `tests/ui/`).
