//! Collecting field errors while parsing a request into domain values, so that one 422 names
//! every bad field at once.

use super::{ApiError, FieldIssue, FieldProblem};

#[derive(Default)]
pub struct FieldParser {
    errors: Vec<FieldProblem>,
}

impl FieldParser {
    /// Keeps the value, or records why `field` is wrong.
    pub fn take<T, E: Into<FieldIssue>>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(FieldProblem::new(field, e.into()));
                None
            }
        }
    }

    /// Like [`FieldParser::take`] for optional input: `None` stays `Some(None)`.
    pub fn take_opt<T, E: Into<FieldIssue>>(
        &mut self,
        field: &str,
        value: Option<Result<T, E>>,
    ) -> Option<Option<T>> {
        match value {
            None => Some(None),
            Some(result) => self.take(field, result).map(Some),
        }
    }

    pub fn push(&mut self, field: impl Into<String>, issue: FieldIssue) {
        self.errors.push(FieldProblem::new(field, issue));
    }

    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// The 422 for what was recorded in a request body.
    pub fn into_error(self) -> ApiError {
        ApiError::fields(self.errors)
    }

    /// The 400 for what was recorded in query parameters.
    pub fn into_parameter_error(self) -> ApiError {
        let mut error = ApiError::fields(self.errors);
        error.code = super::ErrorCode::InvalidParameter;
        error
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut fields = Vec::new();
        for (field, list) in errors.field_errors() {
            for e in list {
                let issue = match e.code.as_ref() {
                    "length" => match (e.params.get("min"), e.params.get("max")) {
                        (_, Some(max)) if max.as_u64().is_some() => FieldIssue::TooLong {
                            max: max.as_u64().unwrap_or_default() as usize,
                        },
                        (Some(min), _) => FieldIssue::TooShort {
                            min: min.as_u64().unwrap_or_default() as usize,
                        },
                        _ => FieldIssue::OutOfRange,
                    },
                    _ => FieldIssue::OutOfRange,
                };
                fields.push(FieldProblem::new(field.to_string(), issue));
            }
        }
        ApiError::fields(fields)
    }
}
