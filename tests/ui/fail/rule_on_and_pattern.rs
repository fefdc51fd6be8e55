// `on` and `pattern` both say which events a rule matches; giving both left
// the last one silently winning.
#[cicd_dsl::stack(name = "both")]
pub mod both {
    #[bucket(versioned, eventbridge)]
    pub struct Artifacts;

    #[role(assumed_by = CodePipeline)]
    pub struct PipelineRole;

    #[role(assumed_by = Events)]
    pub struct EventsRole;

    #[pipeline(role = PipelineRole, artifacts = Artifacts)]
    pub enum Release {
        #[source(s3(bucket = Artifacts, key = "source.zip"))]
        Source,
    }

    #[rule(
        on = s3_object_created(bucket = Artifacts, key = "source.zip"),
        pattern = r#"{"source": ["aws.s3"]}"#,
        target = Release,
        role = EventsRole
    )]
    pub struct OnUpload;
}

fn main() {}
