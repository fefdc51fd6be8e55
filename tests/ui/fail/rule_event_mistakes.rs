// Mistakes in the events a rule matches, one rule each: all are reported in
// one build, each at its own token.
#[cicd_dsl::stack(name = "rule-events")]
pub mod rule_events {
    // Versioned for the pipeline's source, but it does not send its events
    // to EventBridge.
    #[bucket(versioned)]
    pub struct Artifacts;

    #[bucket(eventbridge)]
    pub struct Uploads;

    #[role(assumed_by = CodePipeline)]
    pub struct PipelineRole;

    #[role(assumed_by = Events)]
    pub struct EventsRole;

    #[pipeline(role = PipelineRole, artifacts = Artifacts)]
    pub enum Release {
        #[source(s3(bucket = Artifacts, key = "source.zip"))]
        Source,
    }

    // A hand-written event pattern must be JSON (here a trailing comma).
    #[rule(pattern = r#"{"source": ["aws.s3"],}"#, target = Release, role = EventsRole)]
    pub struct PatternNotJson;

    // Event pattern leaves are arrays of values to match.
    #[rule(pattern = r#"{"source": "aws.s3"}"#, target = Release, role = EventsRole)]
    pub struct PatternLeafNotArray;

    // `on` and `pattern` both say which events a rule matches; giving both
    // left the last one silently winning.
    #[rule(
        on = s3_object_created(bucket = Uploads, key = "source.zip"),
        pattern = r#"{"source": ["aws.s3"]}"#,
        target = Release,
        role = EventsRole
    )]
    pub struct OnAndPattern;

    // The bucket does not send events to EventBridge, so the rule never fires.
    #[rule(
        on = s3_object_created(bucket = Artifacts, key = "source.zip"),
        target = Release,
        role = EventsRole
    )]
    pub struct OnSilentBucket;

    // An empty key names no object to watch.
    #[rule(on = s3_object_created(bucket = Uploads, key = ""), target = Release, role = EventsRole)]
    pub struct OnEmptyKey;
}

fn main() {}
