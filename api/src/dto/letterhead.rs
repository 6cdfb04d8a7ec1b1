use anfang_domain::notice::{BodyName, Letterhead, MAX_ORGANS, NumberPrefix, RawLetterhead};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who issues the notices and to whom (GB/T 9704-2012 版头 and 版记). Every field is given when
/// setting it; a published notice keeps the letterhead it was issued under.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterheadDto {
    /// 发文机关, printed in red at the head, e.g. `杭州市人力资源和社会保障局`.
    #[schema(
        min_length = 1,
        max_length = 40,
        example = "杭州市人力资源和社会保障局"
    )]
    pub issuing_body: String,
    /// The words before the year in the document number: `杭人社暗` gives `杭人社暗〔2026〕12号`.
    #[schema(
        min_length = 1,
        max_length = 12,
        pattern = "^[^〔〕\\[\\]()（）号\\s]+$",
        example = "杭人社暗"
    )]
    pub number_prefix: String,
    /// 主送: at least one.
    #[schema(min_items = 1, max_items = 30, example = json!(["各窗口服务单位"]))]
    pub addressees: Vec<String>,
    /// 抄送.
    #[schema(max_items = 30, example = json!(["市纪委监委驻局纪检监察组"]))]
    pub copy_to: Vec<String>,
    /// 印发机关, printed at the foot with the printing date.
    #[schema(
        min_length = 1,
        max_length = 40,
        example = "杭州市人力资源和社会保障局办公室"
    )]
    pub printing_office: String,
    /// Whether a notice must be signed by a leader (签发) before it is published.
    pub signature_required: bool,
}

// The schema's bounds are the domain's.
const _: () = assert!(BodyName::MAX_CHARS == 40 && NumberPrefix::MAX_CHARS == 12);
const _: () = assert!(MAX_ORGANS == 30);

impl LetterheadDto {
    pub fn into_raw(self) -> RawLetterhead {
        RawLetterhead {
            issuing_body: self.issuing_body,
            number_prefix: self.number_prefix,
            addressees: self.addressees,
            copy_to: self.copy_to,
            printing_office: self.printing_office,
            signature_required: self.signature_required,
        }
    }
}

impl From<Letterhead> for LetterheadDto {
    fn from(l: Letterhead) -> Self {
        let raw = RawLetterhead::from(l);
        Self {
            issuing_body: raw.issuing_body,
            number_prefix: raw.number_prefix,
            addressees: raw.addressees,
            copy_to: raw.copy_to,
            printing_office: raw.printing_office,
            signature_required: raw.signature_required,
        }
    }
}
