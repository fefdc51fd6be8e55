/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a likely typo (at most a third of the word's length, at least 1).
/// A candidate that extends the word (`retention` -> `retention_days`) also
/// counts, when the word is long enough to mean something.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let typo = candidates
        .iter()
        .map(|c| (distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    typo.or_else(|| {
        (word.len() >= 4)
            .then(|| candidates.iter().copied().find(|c| c.starts_with(word)))
            .flatten()
    })
}

/// Levenshtein distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn finds_a_typo() {
        assert_eq!(
            nearest("versoned", ["versioned", "name"]),
            Some("versioned")
        );
    }

    #[test]
    fn completes_a_prefix() {
        assert_eq!(
            nearest("retention", ["name", "retention_days"]),
            Some("retention_days")
        );
        assert_eq!(nearest("re", ["name", "retention_days"]), None);
    }

    #[test]
    fn ignores_far_words() {
        assert_eq!(nearest("colour", ["versioned", "name"]), None);
    }
}
