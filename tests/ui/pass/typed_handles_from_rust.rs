// Items are types: plain Rust can ask for their names and ARNs, require a
// kind with a trait bound, and synthesize the stack.
use cicd_dsl::{Attr, Item, ItemRef, OutputItem};

#[cicd_dsl::stack(name = "handles", tags(Team = "devops"))]
pub mod pipeline {
    #[bucket(versioned)]
    pub struct Artifacts;

    #[ecr_repository(name = "handles-images", keep_last = 5)]
    pub struct Images;

    #[log_group(retention_days = 7)]
    pub struct Logs;

    #[role(assumed_by = Lambda, grants(Images.pull(), Artifacts.read()))]
    pub struct ReaderRole;

    #[function(
        code = inline("def handler(event, context):\n    return event\n"),
        role = ReaderRole,
        logs = Logs,
        environment(BUCKET = Artifacts.name(), IMAGES = Images.uri())
    )]
    pub struct Reader;

    #[output(name = "imagesUri", value = Images.uri())]
    pub struct ImagesUri;
}

/// Only buckets are accepted here; a log group would not compile.
fn bucket_arn<B: cicd_dsl::kinds::Bucket>() -> ItemRef {
    B::arn()
}

fn main() {
    assert_eq!(
        <pipeline::Artifacts as Item>::arn(),
        ItemRef::new("Artifacts", Attr::Arn)
    );
    assert_eq!(bucket_arn::<pipeline::Artifacts>(), <pipeline::Artifacts as Item>::arn());
    assert_eq!(
        <pipeline::Images as cicd_dsl::Item>::uri(),
        ItemRef::new("Images", Attr::Uri)
    );
    assert_eq!(<pipeline::Reader as Item>::KIND, cicd_dsl::Kind::Function);
    assert_eq!(<pipeline::ImagesUri as OutputItem>::NAME, "ImagesUri");

    let stack = pipeline::stack();
    let template = cicd_dsl::synthesize(&stack, &cicd_dsl::SynthConfig::default())
        .expect("the stack synthesizes");
    assert_eq!(template.stack_name, "handles");
    let resources = template.resources();
    for id in ["Artifacts", "Images", "Logs", "ReaderRole", "Reader"] {
        assert!(resources.contains_key(id), "{id} is in the template");
    }
    assert!(template.outputs().is_some_and(|o| o.contains_key("imagesUri")));
}
