// Three buckets that wait on each other: the cycle is named in order.
#[cicd_dsl::stack(name = "cycle")]
pub mod cycle {
    #[bucket(depends_on = Second)]
    pub struct First;

    #[bucket(depends_on = Third)]
    pub struct Second;

    #[bucket(depends_on = First)]
    pub struct Third;
}

fn main() {}
