//! Field problems in words: the stable code and the message in each language.

use anfang_usecases::FieldIssue;

use super::{Language, rules};

pub fn code(issue: &FieldIssue) -> &'static str {
    match issue {
        FieldIssue::Required => "required",
        FieldIssue::Format { .. } => "format",
        FieldIssue::TooLong { .. } => "too_long",
        FieldIssue::TooShort { .. } => "too_short",
        FieldIssue::OutOfRange => "out_of_range",
        FieldIssue::UnknownReference => "unknown_reference",
        FieldIssue::NotAllowed => "not_allowed",
        FieldIssue::Repeated => "repeated",
        FieldIssue::WrongType { .. } => "wrong_type",
        FieldIssue::BadQuery { .. } => "bad_query",
        FieldIssue::Compressed => "compressed",
        FieldIssue::Rule(rule) => rules::code(rule),
    }
}

pub fn message(issue: &FieldIssue, language: Language) -> String {
    let zh = language == Language::Zh;
    let pick = |z: &str, e: &str| if zh { z.to_owned() } else { e.to_owned() };
    match issue {
        FieldIssue::Required => pick("必填", "is required"),
        FieldIssue::Format { expected } => {
            if zh {
                "格式不正确".into()
            } else {
                format!("must be {expected}")
            }
        }
        FieldIssue::TooLong { max } => {
            if zh {
                format!("不能超过 {max} 个字符")
            } else {
                format!("must be at most {max} characters")
            }
        }
        FieldIssue::TooShort { min } => {
            if zh {
                format!("不能少于 {min} 个字符")
            } else {
                format!("must be at least {min} characters")
            }
        }
        FieldIssue::OutOfRange => pick("超出允许范围", "is out of range"),
        FieldIssue::UnknownReference => pick(
            "引用的对象不存在",
            "refers to something that does not exist",
        ),
        FieldIssue::NotAllowed => pick("不允许的字段", "is not a field of this request"),
        FieldIssue::Repeated => pick("字段重复", "is given more than once"),
        FieldIssue::WrongType { detail } => pick("字段类型不正确", detail),
        FieldIssue::BadQuery { detail } => pick("查询参数无效", detail),
        FieldIssue::Compressed => pick(
            "不接受压缩的请求体，请直接发送",
            "compressed request bodies are not accepted; send the body as it is",
        ),
        FieldIssue::Rule(rule) => rules::message(rule, language),
    }
}
