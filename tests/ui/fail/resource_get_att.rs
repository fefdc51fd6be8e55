// `attr("...")` names an attribute of the target's type, for generic and
// built-in items alike.
#[cicd_dsl::stack(name = "generic-get-att")]
pub mod generic_get_att {
    #[resource(AWS::SQS::Queue)]
    pub struct Jobs;

    #[log_group(retention_days = 7)]
    pub struct Logs;

    #[role(assumed_by = Lambda)]
    pub struct WorkerRole;

    #[function(
        code = inline("def handler(event, context):\n    return None\n"),
        role = WorkerRole,
        environment(QUEUE_URL = Jobs.attr("QueueUrll"))
    )]
    pub struct Worker;

    #[resource(AWS::SSM::Parameter, Type = "String", Value = Logs.attr("Name"))]
    pub struct LogsName;
}

fn main() {}
