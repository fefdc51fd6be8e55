//! The binary that runs every stack binary's AWS commands, started on its
//! own, one test binary.

mod started_by_hand;
