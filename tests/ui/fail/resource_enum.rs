// A value outside the schema's enum lists the allowed values (or the nearest).
#[cicd_dsl::stack(name = "generic-enum")]
pub mod generic_enum {
    #[resource(AWS::SSM::Parameter, Type = "Strin", Value = "v")]
    pub struct Setting;

    #[resource(AWS::Logs::LogGroup, RetentionInDays = 10)]
    pub struct Logs;
}

fn main() {}
