//! Recordings as phones write them, made byte by byte: ISO media files (MP4, MOV, 3GP, M4A)
//! with their movie index before or after the media, and the plain audio streams.

/// A box: its size, its kind, its body.
pub fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let size = u32::try_from(body.len() + 8).expect("a small box");
    let mut out = size.to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(body);
    out
}

/// Seconds from 1904-01-01 (the ISO media epoch) to 1970-01-01.
const EPOCH_1904: u32 = 2_082_844_800;

/// What a made-up movie holds.
#[derive(Debug, Clone)]
pub struct Movie {
    pub brand: [u8; 4],
    pub video: bool,
    pub duration_ms: u32,
    /// Unix seconds.
    pub created: u32,
    /// ISO 6709, as `©xyz` carries it.
    pub location: Option<&'static str>,
    /// Bytes of media data (`mdat`).
    pub media_bytes: usize,
    /// The index at the start (a "fast start" file) or at the end (as recorders write it).
    pub index_first: bool,
}

impl Default for Movie {
    fn default() -> Self {
        Self {
            brand: *b"mp42",
            video: true,
            duration_ms: 61_500,
            created: 1_796_000_000,
            location: Some("+30.2741+120.1551+010.000/"),
            media_bytes: 64 * 1024,
            index_first: false,
        }
    }
}

fn movie_header(m: &Movie) -> Vec<u8> {
    let mut body = vec![0, 0, 0, 0];
    body.extend_from_slice(&(m.created + EPOCH_1904).to_be_bytes());
    body.extend_from_slice(&(m.created + EPOCH_1904).to_be_bytes());
    body.extend_from_slice(&1000u32.to_be_bytes());
    body.extend_from_slice(&m.duration_ms.to_be_bytes());
    body.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    body.extend_from_slice(&0x0100u16.to_be_bytes());
    body.extend_from_slice(&[0; 10]);
    for word in [0x0001_0000u32, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000] {
        body.extend_from_slice(&word.to_be_bytes());
    }
    body.extend_from_slice(&[0; 24]);
    body.extend_from_slice(&2u32.to_be_bytes());
    boxed(b"mvhd", &body)
}

fn track(handler: &[u8; 4]) -> Vec<u8> {
    let mut hdlr = vec![0; 8];
    hdlr.extend_from_slice(handler);
    hdlr.extend_from_slice(&[0; 12]);
    // A QuickTime-style name whose bytes are no UTF-8: never a reason to refuse.
    hdlr.extend_from_slice(b"\x0c\xc4\xe3\xba\xc3Handler\0");
    boxed(b"trak", &boxed(b"mdia", &boxed(b"hdlr", &hdlr)))
}

/// The movie's index (`moov`).
pub fn movie_index(m: &Movie) -> Vec<u8> {
    let mut moov = movie_header(m);
    moov.extend(track(b"soun"));
    if m.video {
        moov.extend(track(b"vide"));
    }
    if let Some(place) = m.location {
        let mut xyz = u16::try_from(place.len())
            .expect("short")
            .to_be_bytes()
            .to_vec();
        xyz.extend_from_slice(&0x15c7u16.to_be_bytes());
        xyz.extend_from_slice(place.as_bytes());
        moov.extend(boxed(b"udta", &boxed(b"\xa9xyz", &xyz)));
    }
    boxed(b"moov", &moov)
}

/// Media data that does not repeat (so that a part in the wrong place shows).
pub fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as u8
        })
        .collect()
}

fn file_type(m: &Movie) -> Vec<u8> {
    let mut ftyp = m.brand.to_vec();
    ftyp.extend_from_slice(&[0, 0, 0, 0]);
    ftyp.extend_from_slice(b"isom");
    boxed(b"ftyp", &ftyp)
}

/// A movie written to `out` as it is made, its media data a mebibyte at a time (for files
/// too large to hold), its index at the end; its size.
pub fn write_movie(out: &mut impl std::io::Write, m: &Movie) -> std::io::Result<u64> {
    let head = file_type(m);
    let index = movie_index(m);
    let media_box = u64::try_from(m.media_bytes).expect("fits") + 16;
    out.write_all(&head)?;
    // A 64-bit box size: media data of gigabytes outgrows the 32-bit one.
    out.write_all(&1u32.to_be_bytes())?;
    out.write_all(b"mdat")?;
    out.write_all(&media_box.to_be_bytes())?;
    let mut left = m.media_bytes;
    let mut seed = 0;
    while left > 0 {
        let n = left.min(1 << 20);
        out.write_all(&noise(n, seed))?;
        left -= n;
        seed += 1;
    }
    out.write_all(&index)?;
    Ok(head.len() as u64 + media_box + index.len() as u64)
}

pub fn movie(m: &Movie) -> Vec<u8> {
    let mut file = file_type(m);
    let index = movie_index(m);
    if m.index_first {
        file.extend_from_slice(&index);
    }
    file.extend(boxed(
        b"mdat",
        &noise(m.media_bytes, u64::from(m.duration_ms)),
    ));
    if !m.index_first {
        file.extend_from_slice(&index);
    }
    file
}

/// An AMR narrow-band voice recording, as feature phones and call recorders write.
pub fn amr(frames: usize) -> Vec<u8> {
    let mut file = b"#!AMR\n".to_vec();
    for i in 0..frames {
        file.push(0x3c);
        file.extend(noise(31, i as u64));
    }
    file
}
