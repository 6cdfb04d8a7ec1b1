//! The photo pipeline (SPEC §3.3): decide the type from the bytes, refuse what is hostile
//! (oversize, pixel floods, truncated JPEGs, anything but JPEG/PNG/WebP/GIF), read capture time,
//! GPS and orientation from EXIF, and make the two derivatives that are ever served: freshly
//! encoded JPEGs without any metadata, upright. CPU-bound: run it on a blocking thread.

mod derivatives;
mod jpeg;
mod metadata;
mod png;
mod sniff;

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use image::metadata::Orientation;
use image::{ColorType, DynamicImage, ImageDecoder, ImageReader, Limits};
use thiserror::Error;

pub use derivatives::{DISPLAY_EDGE, THUMB_EDGE};
pub use metadata::PhotoMetadata;
pub use sniff::ImageFormat;

/// What an upload may be.
#[derive(Debug, Clone, Copy)]
pub struct ImageLimits {
    pub max_bytes: usize,
    pub max_side: u32,
    pub max_pixels: u64,
    /// The most memory decoding may take: the decoder's output, its conversion to 8-bit RGB
    /// when it is anything else, and a progressive JPEG's coefficients, counted before a pixel
    /// is decoded. Also the decoders' own allocation limit.
    pub max_decode_bytes: u64,
}

impl Default for ImageLimits {
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            max_side: 8192,
            max_pixels: 50_000_000,
            // A 50-megapixel photo in 8-bit RGB (150 MB) fits; the same pixels in 16 bits or
            // with alpha, which would need twice or three times that, do not.
            max_decode_bytes: 160 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImageError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max} bytes")]
    TooLarge { max: usize },
    #[error("HEIC/HEIF photos are not supported yet; send JPEG, PNG or WebP")]
    Heic,
    #[error("not an image this service accepts; send JPEG, PNG or WebP")]
    Unsupported,
    #[error("the declared type {declared} does not match the content ({actual})")]
    DeclaredTypeLies {
        declared: String,
        actual: &'static str,
    },
    #[error("the image is {width}×{height}; at most {max_side} px a side and {max_pixels} pixels")]
    TooManyPixels {
        width: u32,
        height: u32,
        max_side: u32,
        max_pixels: u64,
    },
    #[error("decoding the image would take {needed} bytes of memory; at most {max}")]
    TooCostly { needed: u64, max: u64 },
    #[error("the JPEG is truncated (no end-of-image marker)")]
    Truncated,
    #[error("the image cannot be decoded")]
    Corrupt,
}

/// A photo made safe: the facts about the original, and the derivatives to serve.
#[derive(Debug, Clone)]
pub struct ProcessedPhoto {
    pub format: ImageFormat,
    /// SHA-256 of the original bytes, hex.
    pub sha256: String,
    /// 64-bit perceptual hash of the upright image: near-identical photos are a few bits apart.
    pub phash: u64,
    /// Upright dimensions.
    pub width: u32,
    pub height: u32,
    pub metadata: PhotoMetadata,
    pub display: Bytes,
    pub thumb: Bytes,
}

/// Checks, decodes and derives. `declared` is the client's `Content-Type`, if any: it must
/// agree with the content when it names an image type.
/// `zone` is the bureau's time zone, in which a capture time without an offset is read.
pub fn process(
    original: &[u8],
    declared: Option<&str>,
    limits: &ImageLimits,
    zone: chrono_tz::Tz,
) -> Result<ProcessedPhoto, ImageError> {
    if original.is_empty() {
        return Err(ImageError::Empty);
    }
    if original.len() > limits.max_bytes {
        return Err(ImageError::TooLarge {
            max: limits.max_bytes,
        });
    }
    let format = sniff::sniff(original)?;
    if let Some(declared) = declared.filter(|d| d.starts_with("image/"))
        && !format.accepts_declared(declared)
    {
        return Err(ImageError::DeclaredTypeLies {
            declared: declared.to_owned(),
            actual: format.mime(),
        });
    }
    if format == ImageFormat::Jpeg && !jpeg::has_end_marker(original) {
        return Err(ImageError::Truncated);
    }
    let metadata = metadata::read(original, zone);
    let image = decode(original, format, limits)?;
    let (width, height) = upright_size(image.width(), image.height(), metadata.orientation);
    // Scaled first, turned upright after: the same pixels, without a second full-size buffer.
    let derived = derivatives::make(image, metadata.orientation)?;
    // From the thumbnail: the same signal as from the full image, at a fraction of the cost.
    let phash = perceptual_hash(&derived.thumb_image);
    let (display, thumb) = (derived.display, derived.thumb);
    Ok(ProcessedPhoto {
        format,
        sha256: crate::secrets::sha256_hex(original),
        phash,
        width,
        height,
        metadata,
        display,
        thumb,
    })
}

fn decode(
    bytes: &[u8],
    format: ImageFormat,
    limits: &ImageLimits,
) -> Result<DynamicImage, ImageError> {
    let cleaned = match format {
        ImageFormat::Png => png::pixel_chunks_only(bytes),
        _ => None,
    };
    let input = cleaned.as_deref().unwrap_or(bytes);
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(limits.max_side);
    decoder_limits.max_image_height = Some(limits.max_side);
    decoder_limits.max_alloc = Some(limits.max_decode_bytes);
    let mut reader = ImageReader::with_format(Cursor::new(input), format.image_format());
    reader.limits(decoder_limits);
    // Decoders are third-party code fed hostile input: a panic must not take the worker down.
    let decoded = catch_unwind(AssertUnwindSafe(|| -> Result<DynamicImage, ImageError> {
        let decoder = reader.into_decoder().map_err(|e| refusal(e, limits))?;
        let (width, height) = decoder.dimensions();
        let too_many = ImageError::TooManyPixels {
            width,
            height,
            max_side: limits.max_side,
            max_pixels: limits.max_pixels,
        };
        if width > limits.max_side
            || height > limits.max_side
            || u64::from(width) * u64::from(height) > limits.max_pixels
        {
            return Err(too_many);
        }
        let pixels = u64::from(width) * u64::from(height);
        let conversion = match decoder.color_type() {
            ColorType::Rgb8 => 0,
            _ => pixels * 3,
        };
        let coefficients = match format {
            ImageFormat::Jpeg => jpeg::coefficient_bytes(input),
            _ => 0,
        };
        let needed = decoder.total_bytes() + conversion + coefficients;
        if needed > limits.max_decode_bytes {
            return Err(ImageError::TooCostly {
                needed,
                max: limits.max_decode_bytes,
            });
        }
        DynamicImage::from_decoder(decoder).map_err(|e| refusal(e, limits))
    }));
    decoded.map_err(|_| ImageError::Corrupt)?
}

/// A decoder's refusal, in our terms.
fn refusal(e: image::ImageError, limits: &ImageLimits) -> ImageError {
    match e {
        image::ImageError::Limits(_) => ImageError::TooCostly {
            needed: limits.max_decode_bytes.saturating_add(1),
            max: limits.max_decode_bytes,
        },
        _ => ImageError::Corrupt,
    }
}

/// The dimensions once turned upright: a quarter turn swaps them.
fn upright_size(width: u32, height: u32, orientation: Option<Orientation>) -> (u32, u32) {
    match orientation {
        Some(
            Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH,
        ) => (height, width),
        _ => (width, height),
    }
}

fn perceptual_hash(image: &DynamicImage) -> u64 {
    let hasher = image_hasher::HasherConfig::new()
        .hash_size(8, 8)
        .preproc_dct()
        .hash_alg(image_hasher::HashAlg::Mean)
        .to_hasher();
    let hash = hasher.hash_image(image);
    let mut bits = [0u8; 8];
    for (slot, byte) in bits.iter_mut().zip(hash.as_bytes()) {
        *slot = *byte;
    }
    u64::from_be_bytes(bits)
}

/// How many bits two perceptual hashes differ in.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Photos whose hashes differ in at most this many of 64 bits are "near-identical".
pub const NEAR_DUPLICATE_BITS: u32 = 10;

/// When the photo was taken, as the camera says.
pub fn captured_at(metadata: &PhotoMetadata) -> Option<DateTime<Utc>> {
    metadata.captured_at
}
