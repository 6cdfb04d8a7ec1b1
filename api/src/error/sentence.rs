//! A use case's refusal as one line of English for the command line, with each field named as
//! the flag that set it (`unit_id` → `--unit-id`).

use anfang_usecases::Error;

use super::{ApiError, ErrorCode, Language, field};

pub fn command_line(e: &Error) -> String {
    let answer = ApiError::from(e.clone());
    if answer.fields.is_empty() {
        return match answer.code {
            ErrorCode::Internal => "internal error (the log says more)".to_owned(),
            code => code.title(Language::En).to_owned(),
        };
    }
    answer
        .fields
        .iter()
        .map(|f| {
            format!(
                "--{}: {}",
                f.field.replace('_', "-"),
                field::message(&f.issue, Language::En)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
