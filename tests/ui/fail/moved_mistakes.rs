// `#[moved(from = ...)]` mistakes: the old name still an item, two items
// claiming one old name, an item moved from itself, a second `#[moved]`,
// and a key other than `from`.
#[cicd_dsl::stack(name = "moves")]
pub mod moves {
    #[bucket(versioned)]
    pub struct Artifacts;

    #[bucket(versioned)]
    #[moved(from = Artifacts)]
    pub struct Store;

    #[bucket(versioned)]
    #[moved(from = Logs)]
    pub struct Archive;

    #[bucket(versioned)]
    #[moved(from = Logs)]
    pub struct Backup;

    #[bucket(versioned)]
    #[moved(from = Cache)]
    pub struct Cache;

    #[bucket(versioned)]
    #[moved(from = Old)]
    #[moved(from = Older)]
    pub struct Twice;

    #[bucket(versioned)]
    #[moved(to = Elsewhere)]
    pub struct Wrong;
}

fn main() {}
