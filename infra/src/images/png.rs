//! A PNG's ancillary chunks can carry compressed payloads the decoder inflates in full (an
//! iCCP profile of 36 KB becomes 200 MB). None of them matters to the pixels we re-encode, so
//! the decoder is handed only the chunks that make the image. (EXIF is read from the original
//! before this, and nothing of the original is ever served.)

/// The chunks the pixels are made of; every other chunk is dropped.
const PIXEL_CHUNKS: [&[u8; 4]; 5] = [b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"];
const SIGNATURE_LEN: usize = 8;

/// The PNG with only its pixel chunks, or `None` when it has nothing else (or its chunk
/// structure is broken, which the decoder then reports).
pub fn pixel_chunks_only(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut kept = Vec::new();
    let mut dropped = false;
    let mut at = SIGNATURE_LEN;
    while at + 12 <= bytes.len() {
        let length = u32::from_be_bytes(bytes[at..at + 4].try_into().ok()?) as usize;
        let end = at.checked_add(12)?.checked_add(length)?;
        if end > bytes.len() {
            return None;
        }
        let kind = &bytes[at + 4..at + 8];
        if PIXEL_CHUNKS.iter().any(|k| k.as_slice() == kind) {
            kept.push(at..end);
        } else {
            dropped = true;
        }
        at = end;
        if kind == b"IEND" {
            break;
        }
    }
    if !dropped {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..SIGNATURE_LEN]);
    for range in kept {
        out.extend_from_slice(&bytes[range]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&[0, 0, 0, 0]);
        out
    }

    #[test]
    fn only_the_pixel_chunks_are_kept() {
        let mut image = Vec::new();
        image::DynamicImage::new_rgb8(4, 4)
            .write_to(
                &mut std::io::Cursor::new(&mut image),
                image::ImageFormat::Png,
            )
            .unwrap();
        assert_eq!(pixel_chunks_only(&image), None, "nothing to drop");

        // An iCCP chunk after IHDR: dropped, and the rest still decodes.
        let ihdr_end = SIGNATURE_LEN + 12 + 13;
        let mut with_profile = image[..ihdr_end].to_vec();
        with_profile.extend(chunk(b"iCCP", b"profile\0\0xyz"));
        with_profile.extend_from_slice(&image[ihdr_end..]);
        let cleaned = pixel_chunks_only(&with_profile).expect("something dropped");
        assert_eq!(cleaned, image);
        assert!(image::load_from_memory(&cleaned).is_ok());
    }

    #[test]
    fn a_broken_structure_is_left_to_the_decoder() {
        let mut broken = b"\x89PNG\r\n\x1a\n".to_vec();
        broken.extend_from_slice(&u32::MAX.to_be_bytes());
        broken.extend_from_slice(b"iCCPxxxx");
        assert_eq!(pixel_chunks_only(&broken), None);
    }
}
