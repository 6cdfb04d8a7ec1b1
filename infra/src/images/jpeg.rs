//! A truncated JPEG decodes "successfully": the decoder fills the missing rows with grey. So a
//! JPEG must carry its end-of-image marker after the start of its scan data. (Bytes after the
//! marker — an appended ZIP or HTML — are allowed: only re-encoded derivatives are ever served.)

/// Is there an end-of-image marker (FF D9) after the first start-of-scan (FF DA)?
pub fn has_end_marker(bytes: &[u8]) -> bool {
    let Some(scan) = start_of_scan(bytes) else {
        return false;
    };
    // In entropy-coded data a 0xFF byte is always followed by 0x00 or a restart marker, so the
    // first FF D9 after the scan starts is the real end of the image.
    bytes[scan..].windows(2).any(|w| w == [0xFF, 0xD9])
}

/// Walks the marker segments before the scan; `None` when the structure is broken.
fn start_of_scan(bytes: &[u8]) -> Option<usize> {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if marker == 0xDA {
            return Some(at + 2 + length);
        }
        at += 2 + length;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_jpeg() -> Vec<u8> {
        let image = image::RgbImage::from_pixel(16, 16, image::Rgb([200, 30, 30]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut out)
            .encode_image(&image)
            .unwrap();
        out
    }

    #[test]
    fn a_whole_jpeg_has_its_end_marker_and_a_cut_one_does_not() {
        let whole = tiny_jpeg();
        assert!(has_end_marker(&whole));
        assert!(!has_end_marker(&whole[..whole.len() - 2]));
        assert!(!has_end_marker(&whole[..whole.len() / 2]));
        let mut with_tail = whole.clone();
        with_tail.extend_from_slice(b"PK\x03\x04<html>");
        assert!(
            has_end_marker(&with_tail),
            "a tail after the end is allowed"
        );
    }
}
