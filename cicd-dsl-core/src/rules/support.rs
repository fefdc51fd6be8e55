//! Small helpers the rule files share: lists in messages.

/// `a, b, c` with at most `limit` entries and "and N more" after them.
pub fn list_truncated<S: AsRef<str>>(items: &[S], limit: usize) -> String {
    let shown: Vec<&str> = items.iter().take(limit).map(AsRef::as_ref).collect();
    let mut text = shown.join(", ");
    if items.len() > limit {
        text.push_str(&format!(" and {} more", items.len() - limit));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_long_lists() {
        assert_eq!(list_truncated(&["a", "b", "c"], 2), "a, b and 1 more");
        assert_eq!(list_truncated(&["a", "b"], 2), "a, b");
    }
}
