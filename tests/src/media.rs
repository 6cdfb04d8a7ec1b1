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

/// A PCM WAV voice recording: 16-bit mono at 8 kHz, `seconds` long.
pub fn wav(seconds: u32) -> Vec<u8> {
    let (rate, samples) = (8000u32, 8000 * seconds);
    let data = samples * 2;
    let mut file = b"RIFF".to_vec();
    file.extend_from_slice(&(36 + data).to_le_bytes());
    file.extend_from_slice(b"WAVEfmt ");
    file.extend_from_slice(&16u32.to_le_bytes());
    file.extend_from_slice(&1u16.to_le_bytes()); // PCM
    file.extend_from_slice(&1u16.to_le_bytes()); // mono
    file.extend_from_slice(&rate.to_le_bytes());
    file.extend_from_slice(&(rate * 2).to_le_bytes());
    file.extend_from_slice(&2u16.to_le_bytes());
    file.extend_from_slice(&16u16.to_le_bytes());
    file.extend_from_slice(b"data");
    file.extend_from_slice(&data.to_le_bytes());
    file.extend(noise(data as usize, 3));
    file
}

/// A constant-bitrate MP3 of `frames` MPEG-1 layer III frames at 128 kbit/s and 44.1 kHz
/// (1,152 samples, 417 bytes each), without a Xing tag: its length follows from its bitrate.
pub fn mp3(frames: usize) -> Vec<u8> {
    let mut file = Vec::with_capacity(frames * 417);
    for _ in 0..frames {
        file.extend_from_slice(&[0xFF, 0xFB, 0x90, 0xC4]);
        file.resize(file.len() + 413, 0);
    }
    file
}

/// An Opus voice recording in Ogg, `seconds` long: the identification and comment headers,
/// then a page of fifty 20 ms packets per second, the last page marked as the stream's end.
pub fn ogg_opus(seconds: u32) -> Vec<u8> {
    const PRE_SKIP: u16 = 312;
    let mut head = b"OpusHead\x01\x01".to_vec();
    head.extend_from_slice(&PRE_SKIP.to_le_bytes());
    head.extend_from_slice(&48_000u32.to_le_bytes());
    head.extend_from_slice(&[0, 0, 0]);
    let mut tags = b"OpusTags".to_vec();
    tags.extend_from_slice(&6u32.to_le_bytes());
    tags.extend_from_slice(b"anfang");
    tags.extend_from_slice(&0u32.to_le_bytes());
    let mut file = ogg_page(0x02, 0, 0, &[head]);
    file.extend(ogg_page(0, 0, 1, &[tags]));
    for second in 0..seconds {
        // Configuration 1: SILK narrow-band, one 20 ms frame.
        let packets: Vec<Vec<u8>> = (0..50)
            .map(|i| {
                let mut packet = vec![0x08];
                packet.extend(noise(40, u64::from(second * 50 + i)));
                packet
            })
            .collect();
        let granule = u64::from(PRE_SKIP) + u64::from(second + 1) * 48_000;
        let flags = if second + 1 == seconds { 0x04 } else { 0 };
        file.extend(ogg_page(flags, granule, second + 2, &packets));
    }
    file
}

/// One Ogg page of short packets (under 255 bytes each), with its CRC.
fn ogg_page(flags: u8, granule: u64, sequence: u32, packets: &[Vec<u8>]) -> Vec<u8> {
    let mut page = b"OggS\0".to_vec();
    page.push(flags);
    page.extend_from_slice(&granule.to_le_bytes());
    page.extend_from_slice(&0x616e_6667u32.to_le_bytes());
    page.extend_from_slice(&sequence.to_le_bytes());
    page.extend_from_slice(&[0; 4]);
    page.push(u8::try_from(packets.len()).expect("under 255 packets"));
    for p in packets {
        page.push(u8::try_from(p.len()).expect("a short packet"));
    }
    for p in packets {
        page.extend_from_slice(p);
    }
    let crc = ogg_crc(&page);
    page[22..26].copy_from_slice(&crc.to_le_bytes());
    page
}

/// Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, starting from zero.
fn ogg_crc(bytes: &[u8]) -> u32 {
    let mut crc = 0u32;
    for &b in bytes {
        crc ^= u32::from(b) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04C1_1DB7
            } else {
                crc << 1
            };
        }
    }
    crc
}
