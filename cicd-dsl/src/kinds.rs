//! One marker trait per kind of item, so that code outside a stack module
//! can require "a bucket" or "a role" and get a clear error otherwise:
//! `Bucket`, `Repository`, `LogGroup`, `Role`, `Project`, `Function`,
//! `Pipeline`, `Rule` and `Generic`. Each says, when an item does not
//! implement it, what the item should have been and which attribute
//! declares one. They are written out from the core's list of kinds
//! (`cicd_dsl_core::Kind`) by the macros crate.

cicd_dsl_macros::kind_markers!();

#[cfg(test)]
mod tests {
    use cicd_dsl_core::Kind;

    /// The attribute re-exports in lib.rs repeat each kind's attribute;
    /// this keeps them in step with the one list of kinds in the core.
    #[test]
    fn an_attribute_for_every_kind_of_the_core() {
        let lib = include_str!("lib.rs");
        let reexports = lib
            .split_once("pub use cicd_dsl_macros::{")
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(list, _)| list)
            .expect("lib.rs re-exports the attribute macros");
        let names: Vec<&str> = reexports.split(',').map(str::trim).collect();
        for kind in Kind::all() {
            assert!(
                names.contains(&kind.attribute()),
                "{kind:?} is not re-exported"
            );
        }
    }
}
