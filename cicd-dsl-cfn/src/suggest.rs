//! A minimal "did you mean" for unknown property names.

/// The candidate closest to `name` by edit distance (ASCII case ignored),
/// when it is close enough to be a plausible typo: at most a third of the
/// longer name's length, and at least one edit allowed. A candidate equal to
/// `name` except for case always wins. Ties go to the earlier candidate.
pub fn suggest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = name.to_ascii_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&lowered, &candidate.to_ascii_lowercase());
        let limit = (lowered.chars().count().max(candidate.chars().count()) / 3).max(1);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_and_case() {
        let names = ["RetentionInDays", "LogGroupName", "KmsKeyId"];
        assert_eq!(suggest("RetentionDays", names), Some("RetentionInDays"));
        assert_eq!(suggest("loggroupname", names), Some("LogGroupName"));
        assert_eq!(suggest("KmsKeyID", names), Some("KmsKeyId"));
        assert_eq!(suggest("Banana", names), None);
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }
}
