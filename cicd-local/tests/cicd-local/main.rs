//! The local endpoint's lifecycle, one test binary: starting, reusing and
//! stopping the real extended moto server.

mod endpoint;
