//! "Did you mean ...?" for misspelt action names and service prefixes.

use crate::catalog::{Action, all_actions, lookup_action, service_actions, supported_services};

/// Levenshtein distance, ignoring ASCII case. Names are short (< 60
/// chars), so the two-row table is cheap; this only runs on the error path.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate a typo most likely meant, for every "did you mean ...?" of
/// the project (keys, choices, item names, runtimes, IAM actions): the
/// closest by [`edit_distance`] within a third of the typed length (at least
/// one edit), ties to the first candidate so the answer is deterministic.
/// Failing that, a candidate the typed word begins (`retention` ->
/// `retention_days`), when the word is long enough (4+) to mean something.
pub fn nearest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (typed.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let mut completion = None;
    for candidate in candidates {
        let distance = edit_distance(typed, candidate);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
        if completion.is_none() && typed.len() >= 4 && candidate.starts_with(typed) {
            completion = Some(candidate);
        }
    }
    best.map(|(_, candidate)| candidate).or(completion)
}

fn nearest_action_in(action_part: &str, actions: &'static [Action]) -> Option<&'static Action> {
    let name = nearest(action_part, actions.iter().map(Action::action_name))?;
    actions.iter().find(|a| a.action_name() == name)
}

/// The nearest valid name for a misspelt `service:Action`, for a
/// "did you mean `...`?" hint.
///
/// - A name that exists (in any case) returns its exact-cased form.
/// - Known service: the closest action of that service by edit distance on
///   the lowercased name (`s3:GetObjet` -> `s3:GetObject`,
///   `ecr:PushImage` -> `ecr:PutImage`); failing that, an action of another
///   service with a close action part (`s3:PutLogEvents` -> `logs:PutLogEvents`).
/// - Unknown service: the nearest service prefix; if that service has an action
///   close to the action part the full action is returned (`s4:GetObject` ->
///   `s3:GetObject`), otherwise the prefix alone (`lamda:Frobnicate` -> `lambda`).
///
/// Returns `None` for names without a colon, for wildcard patterns, and when
/// nothing is close enough to be a plausible intent.
pub fn suggest_action(name: &str) -> Option<&'static str> {
    let (service, action_part) = name.split_once(':')?;
    if service.is_empty() || action_part.is_empty() || name.contains(['*', '?']) {
        return None;
    }
    if let Some(action) = lookup_action(name) {
        return Some(action.name);
    }
    let same_service = service_actions(service);
    if !same_service.is_empty() {
        if let Some(action) = nearest_action_in(action_part, same_service) {
            return Some(action.name);
        }
        return nearest_action_in(action_part, all_actions()).map(|a| a.name);
    }
    if let Some(prefix) = nearest(service, supported_services().iter().copied()) {
        return Some(
            nearest_action_in(action_part, service_actions(prefix)).map_or(prefix, |a| a.name),
        );
    }
    all_actions()
        .iter()
        .find(|a| a.action_name().eq_ignore_ascii_case(action_part))
        .map(|a| a.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("getobject", "getobjet"), 1);
        assert_eq!(edit_distance("pushimage", "putimage"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("ABC", "abc"), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn nearest_finds_typos_and_completions_but_not_far_words() {
        assert_eq!(
            nearest("versoned", ["versioned", "name"]),
            Some("versioned")
        );
        assert_eq!(
            nearest("Versioned", ["name", "versioned"]),
            Some("versioned")
        );
        assert_eq!(
            nearest("retention", ["name", "retention_days"]),
            Some("retention_days")
        );
        assert_eq!(nearest("re", ["name", "retention_days"]), None);
        assert_eq!(nearest("colour", ["versioned", "name"]), None);
        // One edit is allowed even in a short word; ties go to the first.
        assert_eq!(nearest("s4", ["s3", "s5"]), Some("s3"));
    }

    #[test]
    fn misspelt_actions_suggest_the_intended_one() {
        assert_eq!(suggest_action("s3:GetObjet"), Some("s3:GetObject"));
        assert_eq!(suggest_action("ecr:PushImage"), Some("ecr:PutImage"));
        assert_eq!(
            suggest_action("logs:PutLogEvent"),
            Some("logs:PutLogEvents")
        );
        assert_eq!(
            suggest_action("codebuild:StartBuilds"),
            Some("codebuild:StartBuild")
        );
        assert_eq!(
            suggest_action("codepipeline:PutJobSucessResult"),
            Some("codepipeline:PutJobSuccessResult")
        );
        assert_eq!(
            suggest_action("lambda:InvokeFunctions"),
            Some("lambda:InvokeFunction")
        );
        assert_eq!(suggest_action("iam:PasRole"), Some("iam:PassRole"));
        assert_eq!(suggest_action("sts:AssumeRoles"), Some("sts:AssumeRole"));
        assert_eq!(suggest_action("events:PutEvent"), Some("events:PutEvents"));
    }

    #[test]
    fn same_service_wins_over_other_services() {
        assert_eq!(suggest_action("s3:GetObjectAcls"), Some("s3:GetObjectAcl"));
        // `TagResource` exists in many services and `cloudwatch:` sorts first;
        // the typed service must still win.
        assert_eq!(suggest_action("ecr:TagResources"), Some("ecr:TagResource"));
    }

    #[test]
    fn action_of_the_wrong_service_points_at_the_right_one() {
        assert_eq!(suggest_action("s3:PutLogEvents"), Some("logs:PutLogEvents"));
    }

    #[test]
    fn existing_names_return_their_canonical_casing() {
        assert_eq!(suggest_action("s3:getobject"), Some("s3:GetObject"));
    }

    #[test]
    fn unknown_service_suggests_the_nearest_service() {
        assert_eq!(suggest_action("s4:GetObject"), Some("s3:GetObject"));
        assert_eq!(
            suggest_action("lamda:InvokeFunction"),
            Some("lambda:InvokeFunction")
        );
        assert_eq!(suggest_action("lamda:Frobnicate"), Some("lambda"));
        assert_eq!(
            suggest_action("codebiuld:StartBuild"),
            Some("codebuild:StartBuild")
        );
    }

    #[test]
    fn nothing_plausible_means_no_suggestion() {
        assert_eq!(suggest_action("s3:Xyzzy"), None);
        assert_eq!(suggest_action("nonsense:Xyzzy"), None);
        assert_eq!(suggest_action("GetObject"), None);
        assert_eq!(suggest_action("s3:Get*"), None);
        assert_eq!(suggest_action(":GetObject"), None);
        assert_eq!(suggest_action("s3:"), None);
    }
}
