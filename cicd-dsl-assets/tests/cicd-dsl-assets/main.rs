//! Building a cargo package into a reproducible Lambda zip, one test
//! binary.

mod build_cargo_asset;
