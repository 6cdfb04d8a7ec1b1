//! Documents looked at as a person would: a PDF's pages turned into pictures (pdftoppm) and its
//! text read off them (pdftotext), a DOCX opened by LibreOffice and printed to PDF. The tools
//! are Debian's poppler-utils and libreoffice-writer, which `.ci/run` installs; a machine
//! without them skips these checks with a message, except in CI, where they must run.

use std::path::Path;
use std::process::Command;

/// Whether `tool` can run here; in CI (`CI=true`) a missing tool fails the test instead.
pub fn available(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !found {
        assert!(
            std::env::var("CI").is_err(),
            "{tool} is needed to read the documents (poppler-utils, libreoffice-writer-nogui)"
        );
        eprintln!("{tool} not installed: the document is not looked at here");
    }
    found
}

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// The text a reader sees, page after page.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = scratch();
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&input)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Each page turned into a picture at 36 dpi: its width and height in pixels.
pub fn pdf_page_sizes(pdf: &[u8]) -> Vec<(u32, u32)> {
    let dir = scratch();
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, pdf).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", "36", "-png"])
        .arg(&input)
        .arg(dir.path().join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|p| {
            let png = std::fs::read(p).unwrap();
            // The IHDR chunk: width and height, big-endian, right after the signature.
            let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
            (be(16), be(20))
        })
        .collect()
}

/// The DOCX as LibreOffice opens and prints it.
pub fn docx_as_pdf(docx: &[u8]) -> Vec<u8> {
    let dir = scratch();
    let input = dir.path().join("notice.docx");
    std::fs::write(&input, docx).unwrap();
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "LibreOffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = dir.path().join("notice.pdf");
    assert!(
        Path::new(&printed).exists(),
        "LibreOffice printed nothing: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::read(printed).unwrap()
}
