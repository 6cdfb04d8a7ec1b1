//! An official document typeset by the typst compiler, used as a library: the layout is the
//! template `templates/official.typ`, which reads the document as JSON (so no text a person
//! typed is ever read as markup) and its photographs as files. Nothing outside the document is
//! reachable from the template: the world serves only those files and the fonts.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

use super::DocumentError;
use super::model::OfficialDocument;

const TEMPLATE: &str = include_str!("../../templates/official.typ");

/// The compiler's standard library and the fonts, found on first use and shared by every
/// document after.
pub struct Typesetter {
    font_dir: Option<PathBuf>,
    loaded: OnceLock<Loaded>,
}

struct Loaded {
    library: LazyHash<Library>,
    fonts: FontStore,
}

impl Typesetter {
    /// Fonts from `font_dir` first (a bureau's licensed 小标宋 and 仿宋_GB2312), then the
    /// system's.
    pub fn new(font_dir: Option<PathBuf>) -> Self {
        Self {
            font_dir,
            loaded: OnceLock::new(),
        }
    }

    /// Only the fonts' names are read here; a font's file is read when a document uses it.
    fn loaded(&self) -> &Loaded {
        self.loaded.get_or_init(|| {
            let mut fonts = FontStore::new();
            if let Some(dir) = &self.font_dir {
                fonts.extend(typst_kit::fonts::scan(dir));
            }
            fonts.extend(typst_kit::fonts::system());
            Loaded {
                library: LazyHash::new(Library::default()),
                fonts,
            }
        })
    }

    /// Whether any font can set Chinese text; without one a document would print boxes.
    pub fn has_chinese_font(&self) -> bool {
        self.loaded()
            .fonts
            .book()
            .select_fallback(None, typst::text::FontVariant::default(), "中")
            .is_some()
    }

    pub fn pdf(&self, document: &OfficialDocument) -> Result<Vec<u8>, DocumentError> {
        let job = Job::new(self.loaded(), document)?;
        let compiled = typst::compile::<PagedDocument>(&job);
        let paged = compiled.output.map_err(|e| typeset_error(&e))?;
        typst_pdf::pdf(&paged, &typst_pdf::PdfOptions::default()).map_err(|e| typeset_error(&e))
    }
}

fn typeset_error(errors: &[typst::diag::SourceDiagnostic]) -> DocumentError {
    DocumentError::Typeset(
        errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

fn file_id(path: &str) -> Result<FileId, DocumentError> {
    let vpath = VirtualPath::new(path).map_err(|e| DocumentError::Typeset(format!("{e:?}")))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

/// One document's world: the template, its data, its photographs.
struct Job<'a> {
    typesetter: &'a Loaded,
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl<'a> Job<'a> {
    fn new(typesetter: &'a Loaded, document: &OfficialDocument) -> Result<Self, DocumentError> {
        let main = Source::new(file_id("/official.typ")?, TEMPLATE.to_owned());
        let mut files = HashMap::new();
        let data =
            serde_json::to_vec(document).map_err(|e| DocumentError::Typeset(e.to_string()))?;
        files.insert(file_id("/document.json")?, Bytes::new(data));
        for (name, jpeg) in &document.images {
            files.insert(
                file_id(&format!("/images/{name}"))?,
                Bytes::new(jpeg.clone()),
            );
        }
        Ok(Self {
            typesetter,
            main,
            files,
        })
    }
}

impl World for Job<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.typesetter.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.typesetter.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.typesetter.fonts.font(index)
    }

    /// Every date the document prints comes with its data; the template never asks the clock.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
