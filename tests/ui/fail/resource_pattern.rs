// An event bus name is letters, digits and `/.-_`.
#[cicd_dsl::stack(name = "generic-pattern")]
pub mod generic_pattern {
    #[resource(AWS::Events::EventBus, Name = "my bus")]
    pub struct Bus;
}

fn main() {}
