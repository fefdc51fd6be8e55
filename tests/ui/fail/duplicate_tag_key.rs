// A tag key given twice, on the stack and on an item (quoted or not): each
// second one is an error.
#[cicd_dsl::stack(name = "twice", tags(Team = "devops", "Team" = "platform"))]
pub mod twice {
    #[log_group(retention_days = 7, tags(Owner = "a", Cost = "b", Owner = "c"))]
    pub struct Logs;
}

fn main() {}
