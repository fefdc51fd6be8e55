// A parameter's name has 1 to 2048 characters.
#[cicd_dsl::stack(name = "generic-length")]
pub mod generic_length {
    #[resource(AWS::SSM::Parameter, Name = "", Type = "String", Value = "v")]
    pub struct Setting;
}

fn main() {}
