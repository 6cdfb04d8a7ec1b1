use super::Language;

/// What is wrong with one field of a request.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldIssue {
    Required,
    /// The value does not have the expected shape; the text says which (in English).
    Format {
        expected: &'static str,
    },
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    OutOfRange,
    /// A reference to something that does not exist (a unit, a unit type).
    UnknownReference,
    /// A rule between fields or of the business, explained in both languages.
    Rule {
        zh: &'static str,
        en: String,
    },
}

impl FieldIssue {
    pub fn code(&self) -> &'static str {
        match self {
            FieldIssue::Required => "required",
            FieldIssue::Format { .. } => "format",
            FieldIssue::TooLong { .. } => "too_long",
            FieldIssue::TooShort { .. } => "too_short",
            FieldIssue::OutOfRange => "out_of_range",
            FieldIssue::UnknownReference => "unknown_reference",
            FieldIssue::Rule { .. } => "rule",
        }
    }

    pub fn message(&self, language: Language) -> String {
        match (self, language) {
            (FieldIssue::Required, Language::Zh) => "必填".into(),
            (FieldIssue::Required, Language::En) => "is required".into(),
            (FieldIssue::Format { .. }, Language::Zh) => "格式不正确".into(),
            (FieldIssue::Format { expected }, Language::En) => format!("must be {expected}"),
            (FieldIssue::TooLong { max }, Language::Zh) => format!("不能超过 {max} 个字符"),
            (FieldIssue::TooLong { max }, Language::En) => {
                format!("must be at most {max} characters")
            }
            (FieldIssue::TooShort { min }, Language::Zh) => format!("不能少于 {min} 个字符"),
            (FieldIssue::TooShort { min }, Language::En) => {
                format!("must be at least {min} characters")
            }
            (FieldIssue::OutOfRange, Language::Zh) => "超出允许范围".into(),
            (FieldIssue::OutOfRange, Language::En) => "is out of range".into(),
            (FieldIssue::UnknownReference, Language::Zh) => "引用的对象不存在".into(),
            (FieldIssue::UnknownReference, Language::En) => {
                "refers to something that does not exist".into()
            }
            (FieldIssue::Rule { zh, .. }, Language::Zh) => (*zh).into(),
            (FieldIssue::Rule { en, .. }, Language::En) => en.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// A JSON path into the request, e.g. `items[3].weight`.
    pub field: String,
    pub issue: FieldIssue,
}

impl FieldError {
    pub fn new(field: impl Into<String>, issue: FieldIssue) -> Self {
        Self {
            field: field.into(),
            issue,
        }
    }
}
