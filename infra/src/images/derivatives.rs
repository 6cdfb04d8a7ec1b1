//! The two images ever served: a display size and a thumbnail, re-encoded as JPEG from the
//! decoded pixels, so no byte of the upload (metadata, trailing data) survives.

use bytes::Bytes;
use fast_image_resize::images::Image;
use fast_image_resize::{PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::DynamicImage;
use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;

use super::ImageError;

pub const DISPLAY_EDGE: u32 = 1600;
pub const THUMB_EDGE: u32 = 320;
const QUALITY: u8 = 82;

pub struct Derived {
    pub display: Bytes,
    pub thumb: Bytes,
    /// The thumbnail's pixels, for hashing.
    pub thumb_image: DynamicImage,
}

/// Takes the decoded image (its buffer is reused, not copied, when it is already 8-bit RGB),
/// scales it, then turns the small result upright.
pub fn make(image: DynamicImage, orientation: Option<Orientation>) -> Result<Derived, ImageError> {
    let rgb = DynamicImage::ImageRgb8(image.into_rgb8());
    let mut display = scaled(&rgb, DISPLAY_EDGE)?;
    drop(rgb);
    if let Some(orientation) = orientation {
        display.apply_orientation(orientation);
    }
    // The thumbnail from the display size: the same result, a fraction of the work.
    let thumb = scaled(&display, THUMB_EDGE)?;
    Ok(Derived {
        display: encode(&display)?,
        thumb: encode(&thumb)?,
        thumb_image: thumb,
    })
}

/// `image` with its long edge at most `edge` (never enlarged).
fn scaled(image: &DynamicImage, edge: u32) -> Result<DynamicImage, ImageError> {
    let (w, h) = (image.width(), image.height());
    let long = w.max(h);
    if long <= edge {
        return Ok(image.clone());
    }
    let (dw, dh) = if w >= h {
        (
            edge,
            ((u64::from(h) * u64::from(edge)) / u64::from(w)).max(1) as u32,
        )
    } else {
        (
            ((u64::from(w) * u64::from(edge)) / u64::from(h)).max(1) as u32,
            edge,
        )
    };
    let mut destination = Image::new(dw, dh, PixelType::U8x3);
    Resizer::new()
        .resize(
            image,
            &mut destination,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(
                fast_image_resize::FilterType::CatmullRom,
            )),
        )
        .map_err(|_| ImageError::Corrupt)?;
    image::RgbImage::from_raw(dw, dh, destination.into_vec())
        .map(DynamicImage::ImageRgb8)
        .ok_or(ImageError::Corrupt)
}

fn encode(image: &DynamicImage) -> Result<Bytes, ImageError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(image)
        .map_err(|_| ImageError::Corrupt)?;
    Ok(Bytes::from(out))
}
