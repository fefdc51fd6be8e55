//! The procedural macros of cicd-dsl. This crate is a shell: the parsing
//! lives in `parse`, the rules in `cicd-dsl-core`, and the code generation
//! in `expand`; the `#[proc_macro_attribute]` functions only connect them.

mod app;
mod check;
mod ctxt;
mod expand;
mod markers;
mod parse;
#[cfg(test)]
mod scale_tests;
#[cfg(test)]
mod span_tests;

use proc_macro::TokenStream;

/// Declares a stack: a module whose items are AWS resources.
///
/// ```ignore
/// #[cicd_dsl::stack(name = "my-stack", tags(Team = "devops"))]
/// pub mod my_stack {
///     #[bucket(versioned)]
///     pub struct Artifacts;
/// }
/// ```
///
/// See the `cicd-dsl` crate documentation for every resource attribute.
#[proc_macro_attribute]
pub fn stack(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::stack(args.into(), input.into()).into()
}

/// Declares an app: a module whose `#[stack(...)]` modules are the stacks
/// of one binary. Items refer to items of other stacks by name, as within a
/// stack; such a reference becomes an export of the producer and an
/// `Fn::ImportValue` in the consumer.
///
/// ```ignore
/// #[cicd_dsl::app]
/// pub mod my_app {
///     #[stack(name = "artifacts")]
///     pub mod artifacts {
///         #[bucket]
///         pub struct Store;
///     }
///     #[stack(name = "jobs")]
///     pub mod jobs {
///         #[role(assumed_by = Lambda, grants(Store.read()))]
///         pub struct Reader;
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn app(args: TokenStream, input: TokenStream) -> TokenStream {
    app::app(args.into(), input.into()).into()
}

/// The marker traits of `cicd_dsl::kinds`, one per kind of the core; used
/// by that module only.
#[doc(hidden)]
#[proc_macro]
pub fn kind_markers(_input: TokenStream) -> TokenStream {
    markers::kind_markers().into()
}

/// Resource attributes are read by `#[stack]`; on their own they are a
/// mistake, reported with the fix.
macro_rules! resource_attribute {
    ($($name:ident),* $(,)?) => {$(
        #[doc = concat!("`#[", stringify!($name), "(...)]`: a resource of a `#[stack]` module; see `#[stack]`.")]
        #[proc_macro_attribute]
        pub fn $name(_args: TokenStream, input: TokenStream) -> TokenStream {
            expand::outside_stack(stringify!($name), input.into()).into()
        }
    )*};
}

resource_attribute!(
    bucket,
    ecr_repository,
    log_group,
    role,
    codebuild_project,
    function,
    pipeline,
    rule,
    resource,
    output,
    suppress,
    moved
);

#[cfg(test)]
mod tests {
    use cicd_dsl_core::Kind;

    /// A proc-macro attribute has to be declared by name, so the list above
    /// repeats the kinds' attributes; this keeps it in step with the one
    /// list of kinds in the core.
    #[test]
    fn an_attribute_for_every_kind_of_the_core_and_nothing_else() {
        let source = include_str!("lib.rs");
        let list = source
            .split_once("resource_attribute!(\n")
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(list, _)| list)
            .expect("lib.rs invokes resource_attribute!");
        let mut declared: Vec<&str> = list
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect();
        let mut expected: Vec<&str> = Kind::all().map(Kind::attribute).collect();
        expected.extend(["output", "suppress", "moved"]);
        declared.sort_unstable();
        expected.sort_unstable();
        assert_eq!(declared, expected);
    }
}
