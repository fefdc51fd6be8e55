// Event pattern leaves are arrays of values to match.
#[cicd_dsl::stack(name = "pattern-leaf")]
pub mod pattern_leaf {
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
        pattern = r#"{"source": "aws.s3"}"#,
        target = Release,
        role = EventsRole
    )]
    pub struct OnUpload;
}

fn main() {}
