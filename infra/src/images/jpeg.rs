//! A truncated JPEG decodes "successfully": the decoder fills the missing rows with grey. So a
//! JPEG must carry its end-of-image marker after the start of its scan data. (Bytes after the
//! marker — an appended ZIP or HTML — are allowed: only re-encoded derivatives are ever served.)

/// Is there scan data, and an end-of-image marker (FF D9) after it? A scan header followed
/// at once by the end marker has no pixels at all: the decoder would invent a grey picture.
pub fn has_end_marker(bytes: &[u8]) -> bool {
    let Some(scan) = start_of_scan(bytes) else {
        return false;
    };
    // In entropy-coded data a 0xFF byte is always followed by 0x00 or a restart marker, so the
    // first FF D9 after the scan starts is the real end of the image.
    bytes
        .get(scan..)
        .and_then(|data| data.windows(2).position(|w| w == [0xFF, 0xD9]))
        .is_some_and(|end| end > 0)
}

/// What decoding a JPEG costs beyond its output: a progressive one keeps every DCT coefficient
/// (two bytes a sample, per component at its sampling) until its last scan.
pub fn coefficient_bytes(bytes: &[u8]) -> u64 {
    let Some(frame) = frame_header(bytes) else {
        return 0;
    };
    if !frame.progressive {
        return 0;
    }
    let (h_max, v_max) = frame.components.iter().fold((1, 1), |(h, v), c| {
        (h.max(u64::from(c.0)), v.max(u64::from(c.1)))
    });
    let (width, height) = (u64::from(frame.width), u64::from(frame.height));
    frame
        .components
        .iter()
        .map(|&(h, v)| {
            // Each component is stored in whole 8×8 blocks of its own (sub-sampled) size.
            let w = (width * u64::from(h)).div_ceil(h_max).div_ceil(8) * 8;
            let hh = (height * u64::from(v)).div_ceil(v_max).div_ceil(8) * 8;
            w * hh * 2
        })
        .sum()
}

struct Frame {
    progressive: bool,
    width: u16,
    height: u16,
    /// Each component's horizontal and vertical sampling factors.
    components: Vec<(u8, u8)>,
}

/// The start-of-frame segment (SOF0–SOF15 but DHT, JPG and DAC).
fn frame_header(bytes: &[u8]) -> Option<Frame> {
    let (marker, payload) = segments(bytes).find(|(marker, _)| {
        (0xC0..=0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
    })?;
    let segment = &bytes[payload];
    let count = usize::from(*segment.get(5)?);
    let components = (0..count)
        .map(|i| {
            let sampling = *segment.get(6 + i * 3 + 1)?;
            Some(((sampling >> 4).max(1), (sampling & 0x0F).max(1)))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Frame {
        progressive: matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE),
        height: u16::from_be_bytes([*segment.get(1)?, *segment.get(2)?]),
        width: u16::from_be_bytes([*segment.get(3)?, *segment.get(4)?]),
        components,
    })
}

/// Where the scan data starts: just after the first start-of-scan segment.
fn start_of_scan(bytes: &[u8]) -> Option<usize> {
    segments(bytes)
        .find(|(marker, _)| *marker == 0xDA)
        .map(|(_, payload)| payload.end)
}

/// The marker segments from the start of the file up to and including the first scan header:
/// each marker with where its payload (after the two length bytes) lies. Ends early where the
/// structure is broken.
fn segments(bytes: &[u8]) -> impl Iterator<Item = (u8, std::ops::Range<usize>)> + '_ {
    let mut at = 2;
    let mut done = false;
    std::iter::from_fn(move || {
        while !done && at + 4 <= bytes.len() {
            if bytes[at] != 0xFF {
                break;
            }
            let marker = bytes[at + 1];
            if marker == 0xFF {
                at += 1;
                continue;
            }
            let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
            let payload = at + 4..at + 2 + length.max(2);
            if payload.end > bytes.len() {
                break;
            }
            at = payload.end;
            done = marker == 0xDA;
            return Some((marker, payload));
        }
        None
    })
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
    fn a_scan_without_data_is_no_picture() {
        let whole = tiny_jpeg();
        let scan = start_of_scan(&whole).unwrap();
        let mut empty = whole[..scan].to_vec();
        empty.extend_from_slice(&[0xFF, 0xD9]);
        assert!(!has_end_marker(&empty));
    }

    #[test]
    fn only_progressive_jpegs_keep_their_coefficients() {
        let baseline = tiny_jpeg();
        assert_eq!(coefficient_bytes(&baseline), 0);
        // The same frame marked progressive (SOF2): 16×16, three components at 1×1 each.
        let mut progressive = baseline.clone();
        let sof = progressive
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .unwrap();
        progressive[sof + 1] = 0xC2;
        // Luma in full; chroma in full or sub-sampled, so between one and three planes.
        let plane = 16 * 16 * 2;
        let cost = coefficient_bytes(&progressive);
        assert!(
            (plane + 2 * 8 * 8 * 2..=3 * plane).contains(&cost),
            "{cost}"
        );
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
