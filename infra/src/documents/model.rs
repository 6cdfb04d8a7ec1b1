//! An official document (公文) as GB/T 9704-2012 lays it out, independent of the file format:
//! the head (版头), the body (主体) with its attachments, and the foot (版记). The PDF and the
//! DOCX are both rendered from this, so they say the same.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct OfficialDocument {
    /// 发文机关, printed in red at the head with 文件.
    pub issuing_body: String,
    /// 发文字号, e.g. `杭人社暗〔2026〕12号`; `None` before one is given.
    pub number: Option<String>,
    pub title: String,
    /// 主送机关, joined as they print (`各窗口服务单位`).
    pub addressees: String,
    pub body: Vec<Block>,
    pub attachments: Vec<Attachment>,
    /// 发文机关署名.
    pub signature: String,
    /// 成文日期 in Chinese (`2026年12月2日`); `None` while the document is not dated yet.
    pub date: Option<String>,
    /// A draft is marked as such on every page and carries no seal space.
    pub draft: bool,
    /// 抄送, joined as they print; `None` for none.
    pub copy_to: Option<String>,
    /// 印发机关.
    pub printing_office: String,
    /// 印发日期 in Chinese.
    pub printed_on: String,
    /// Images the blocks name, by name (JPEG bytes); not part of the JSON the PDF reads.
    #[serde(skip)]
    pub images: Vec<(String, Vec<u8>)>,
}

/// One part of a body or an attachment.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// 一级标题: `一、总体情况` (黑体).
    Heading {
        text: String,
    },
    /// 二级标题: `（一）……` (楷体), run into the paragraph that follows it.
    Subheading {
        text: String,
    },
    /// A body paragraph, indented two characters.
    Paragraph {
        text: String,
    },
    Table(Table),
    /// Photographs side by side, with a caption.
    Figure {
        images: Vec<FigureImage>,
        caption: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureImage {
    /// The image's name among the document's images.
    pub name: String,
    pub width_px: u32,
    pub height_px: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    /// Relative column widths, one per column.
    pub widths: Vec<u16>,
    pub rows: Vec<Vec<String>>,
    /// Said instead of an empty table.
    pub empty: String,
}

/// 附件: listed after the body (附件说明) and printed after it, each from a new page.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A day as a 公文 writes it: `2026年12月2日` (no leading zeros).
pub fn chinese_date(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_date_has_no_leading_zeros() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(chinese_date(day), "2026年3月5日");
    }
}
