//! No library code yet: this crate holds the cross-crate tests of
//! cicd-dsl. `ui/` is the trybuild suite of the compile-time checks
//! (`ui/main.rs`, cases under `ui/pass` and `ui/fail`): every mistake the
//! DSL knows before a deploy must be a compile error at the user's own
//! token, with a help line, and these cases pin the exact text. Regenerate
//! the `.stderr` files with `TRYBUILD=overwrite` and read them.
