//! The photo pipeline (SPEC §3.3): decide the type from the bytes, refuse what is hostile
//! (oversize, pixel floods, truncated JPEGs, anything but JPEG/PNG/WebP/GIF), read capture time,
//! GPS and orientation from EXIF, and make the two derivatives that are ever served: freshly
//! encoded JPEGs without any metadata, upright. CPU-bound: run it on a blocking thread.

mod derivatives;
mod jpeg;
mod metadata;
mod sniff;

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use image::metadata::Orientation;
use image::{DynamicImage, ImageReader, Limits};
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
}

impl Default for ImageLimits {
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            max_side: 8192,
            max_pixels: 50_000_000,
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
pub fn process(
    original: &[u8],
    declared: Option<&str>,
    limits: &ImageLimits,
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
    let metadata = metadata::read(original);
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
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(limits.max_side);
    decoder_limits.max_image_height = Some(limits.max_side);
    // Room for the largest allowed image at 16 bits × 4 channels, and no more.
    decoder_limits.max_alloc = Some(limits.max_pixels * 8);
    reader.limits(decoder_limits.clone());
    let (width, height) = reader.into_dimensions().map_err(|_| ImageError::Corrupt)?;
    if width > limits.max_side
        || height > limits.max_side
        || u64::from(width) * u64::from(height) > limits.max_pixels
    {
        return Err(ImageError::TooManyPixels {
            width,
            height,
            max_side: limits.max_side,
            max_pixels: limits.max_pixels,
        });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    reader.limits(decoder_limits);
    // Decoders are third-party code fed hostile input: a panic must not take the worker down.
    catch_unwind(AssertUnwindSafe(|| reader.decode()))
        .map_err(|_| ImageError::Corrupt)?
        .map_err(|e| match e {
            image::ImageError::Limits(_) => ImageError::TooManyPixels {
                width,
                height,
                max_side: limits.max_side,
                max_pixels: limits.max_pixels,
            },
            _ => ImageError::Corrupt,
        })
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
