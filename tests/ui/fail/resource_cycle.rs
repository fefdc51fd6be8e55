// References between generic items order them; a cycle is named at a token.
#[cicd_dsl::stack(name = "generic-cycle")]
pub mod generic_cycle {
    #[resource(AWS::SSM::Parameter, Type = "String", Value = B)]
    pub struct A;

    #[resource(AWS::SSM::Parameter, Type = "String", Value = sub("${A}-suffix"))]
    pub struct B;
}

fn main() {}
