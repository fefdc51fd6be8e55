// Keys inside nested lists are once only too: `actions` twice in one
// `allow(...)`, `key` twice in `s3(...)` and in `s3_object_created(...)`.
// (`allow(...)` itself may repeat: each is one statement.)
#[cicd_dsl::stack(name = "twice")]
pub mod twice {
    #[bucket(versioned, eventbridge)]
    pub struct Artifacts;

    #[role(
        assumed_by = CodePipeline,
        allow(actions("s3:GetObject"), resources(Artifacts.objects()), actions("s3:PutObject")),
        allow(actions("s3:ListBucket"), resources(Artifacts.arn()))
    )]
    pub struct PipelineRole;

    #[role(assumed_by = Events)]
    pub struct EventsRole;

    #[pipeline(role = PipelineRole, artifacts = Artifacts)]
    pub enum Release {
        #[source(s3(bucket = Artifacts, key = "source.zip", key = "other.zip"))]
        Source,
    }

    #[rule(
        on = s3_object_created(bucket = Artifacts, key = "a.zip", key = "b.zip"),
        target = Release,
        role = EventsRole
    )]
    pub struct OnUpload;
}

fn main() {}
