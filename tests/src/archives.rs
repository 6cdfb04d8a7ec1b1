//! Reading back what the server bundles.

use std::collections::BTreeMap;
use std::io::Read;

/// Every entry of a ZIP, by name.
pub fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("an entry");
            let mut content = Vec::new();
            file.read_to_end(&mut content).expect("its bytes");
            (file.name().expect("a name").into_owned(), content)
        })
        .collect()
}
