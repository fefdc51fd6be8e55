// `snap_start` on a runtime SnapStart supports (Python 3.12+) synthesizes
// SnapStart on published versions; without it the property is absent.
#[cicd_dsl::stack(name = "snap-start")]
pub mod snap_start {
    #[role(assumed_by = Lambda)]
    pub struct Role;

    #[function(runtime = "python3.13", code = inline("def handler(e, c): pass"), snap_start, role = Role)]
    pub struct Snappy;

    #[function(code = inline("def handler(e, c): pass"), role = Role)]
    pub struct Plain;
}

fn main() {
    let stack = snap_start::stack();
    let template = cicd_dsl::synthesize(&stack, &cicd_dsl::SynthConfig::default())
        .expect("the stack synthesizes");
    let resources = template.resources();
    let props = |id: &str| resources[id]["Properties"].clone();
    assert_eq!(
        props("Snappy")["SnapStart"].to_string(),
        r#"{"ApplyOn":"PublishedVersions"}"#
    );
    assert!(props("Plain").get("SnapStart").is_none());
}
