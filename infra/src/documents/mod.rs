//! Official documents (公文) after GB/T 9704-2012, as PDF (typeset by typst) and as DOCX (to
//! edit before signing): the monthly notice and each unit's rectification order. Both formats
//! are rendered from one [`model::OfficialDocument`].

mod docx;
pub mod model;
pub mod notice;
pub mod order;
mod pdf;

use thiserror::Error;

pub use pdf::Typesetter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    Pdf,
    Docx,
}

impl DocumentFormat {
    pub const ALL: [DocumentFormat; 2] = [DocumentFormat::Pdf, DocumentFormat::Docx];

    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Docx => "docx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }
}

#[derive(Debug, Error)]
pub enum DocumentError {
    #[error("typesetting: {0}")]
    Typeset(String),
    #[error("DOCX: {0}")]
    Docx(String),
}

/// The document in `format`.
pub fn render(
    typesetter: &Typesetter,
    document: &model::OfficialDocument,
    format: DocumentFormat,
) -> Result<Vec<u8>, DocumentError> {
    match format {
        DocumentFormat::Pdf => typesetter.pdf(document),
        DocumentFormat::Docx => docx::render(document),
    }
}
