#[cicd_dsl::stack(name = "no-target")]
pub mod no_target {
    #[bucket(versioned, eventbridge)]
    pub struct Artifacts;

    #[role(assumed_by = Events)]
    pub struct EventsRole;

    #[rule(on = s3_object_created(bucket = Artifacts, key = "source.zip"), role = EventsRole)]
    pub struct OnUpload;
}

fn main() {}
