//! The value of `deploy --import` (a field of `DeployFlags`; see
//! `cicd_dsl_deploy::Adoption`).

/// `Item=identifier`, both non-empty.
pub fn parse_import(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((item, identifier)) if !item.is_empty() && !identifier.is_empty() => {
            Ok((item.to_owned(), identifier.to_owned()))
        }
        _ => Err(format!(
            "`{text}` is not ITEM=IDENTIFIER (the item's logical id, then the existing resource's name)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_is_item_equals_identifier() {
        assert_eq!(
            parse_import("Images=docker-image-repo"),
            Ok(("Images".to_owned(), "docker-image-repo".to_owned()))
        );
        assert_eq!(
            parse_import("Logs=/aws/x=y"),
            Ok(("Logs".to_owned(), "/aws/x=y".to_owned()))
        );
        assert!(parse_import("Images").is_err());
        assert!(parse_import("=repo").is_err());
        assert!(parse_import("Images=").is_err());
    }
}
