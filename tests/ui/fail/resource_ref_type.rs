// The schema says `RoleArn` takes an IAM role's ARN.
#[cicd_dsl::stack(name = "generic-ref-type")]
pub mod generic_ref_type {
    #[resource(AWS::SQS::Queue)]
    pub struct Jobs;

    #[role(assumed_by = States)]
    pub struct MachineRole;

    #[resource(
        AWS::StepFunctions::StateMachine,
        RoleArn = Jobs.arn(),
        DefinitionString = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"
    )]
    pub struct Machine;
}

fn main() {}
