//! "Did you mean ...?": the one way every message of the DSL offers the
//! name a typo most likely meant. The edit distance and its threshold live
//! in `cicd-dsl-iam` (the lowest crate, which suggests IAM actions with them).

pub use cicd_dsl_iam::nearest;

/// `did you mean `x`?` for the nearest candidate, or `otherwise` when no
/// candidate is close.
pub fn did_you_mean<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    match nearest(typed, candidates) {
        Some(close) => format!("did you mean `{close}`?"),
        None => otherwise(),
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_the_nearest_or_falls_back() {
        let keys = ["versioned", "name"];
        assert_eq!(
            did_you_mean("versoned", keys, String::new),
            "did you mean `versioned`?"
        );
        assert_eq!(
            did_you_mean("colour", keys, || "use one of: versioned, name".into()),
            "use one of: versioned, name"
        );
    }
}
