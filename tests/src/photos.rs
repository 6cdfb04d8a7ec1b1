//! Photos as phones send them, and files as attackers do: every test image is made here.

use std::io::Cursor;

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use crate::{Answer, Session, TestApp};

/// A picture with some structure (so that perceptual hashes mean something): a gradient with
/// a bright square whose place depends on `seed`.
pub fn picture(width: u32, height: u32, seed: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let inside = (x + seed * 7) % width < width / 3 && (y + seed * 5) % height < height / 3;
        if inside {
            Rgb([240, 240, 220])
        } else {
            Rgb([
                (x * 255 / width) as u8,
                (y * 255 / height) as u8,
                ((x + y + seed) % 256) as u8,
            ])
        }
    })
}

/// A scene unlike [`picture`]'s: diagonal stripes in other colours.
pub fn other_scene(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        if ((x + 2 * y) / 40) % 2 == 0 {
            Rgb([20, 90, 200])
        } else {
            Rgb([230, 120, 30])
        }
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&image)
        .expect("jpeg");
    out
}

pub fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

pub fn jpeg(width: u32, height: u32, seed: u32, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&picture(width, height, seed))
        .expect("jpeg");
    out
}

/// EXIF as a phone writes it: capture time with its offset, GPS, orientation.
pub struct Exif {
    pub taken: &'static str,
    pub offset: &'static str,
    pub latitude: f64,
    pub longitude: f64,
    pub orientation: u16,
}

fn dms(value: f64) -> Vec<Rational> {
    let degrees = value.abs().floor();
    let minutes = ((value.abs() - degrees) * 60.0).floor();
    let seconds = ((value.abs() - degrees) * 60.0 - minutes) * 60.0;
    vec![
        Rational {
            num: degrees as u32,
            denom: 1,
        },
        Rational {
            num: minutes as u32,
            denom: 1,
        },
        Rational {
            num: (seconds * 1000.0).round() as u32,
            denom: 1000,
        },
    ]
}

/// `jpeg` with an APP1 EXIF segment right after its start marker.
pub fn with_exif(jpeg: &[u8], exif: &Exif) -> Vec<u8> {
    let fields = [
        Field {
            tag: Tag::DateTimeOriginal,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![exif.taken.as_bytes().to_vec()]),
        },
        Field {
            tag: Tag::OffsetTimeOriginal,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![exif.offset.as_bytes().to_vec()]),
        },
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![exif.orientation]),
        },
        Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![if exif.latitude >= 0.0 {
                b"N".to_vec()
            } else {
                b"S".to_vec()
            }]),
        },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(dms(exif.latitude)),
        },
        Field {
            tag: Tag::GPSLongitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![if exif.longitude >= 0.0 {
                b"E".to_vec()
            } else {
                b"W".to_vec()
            }]),
        },
        Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(dms(exif.longitude)),
        },
    ];
    let mut writer = Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).expect("exif");
    app1(jpeg, &tiff.into_inner())
}

/// `jpeg` with an APP1 "Exif" segment holding `payload` (valid or not).
pub fn app1(jpeg: &[u8], payload: &[u8]) -> Vec<u8> {
    let length = (2 + 6 + payload.len()) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A PNG whose header claims `width`×`height` over a tiny body: a decompression bomb's shape.
pub fn pixel_flood(width: u32, height: u32) -> Vec<u8> {
    let mut png = encode(
        &DynamicImage::ImageRgb8(RgbImage::new(1, 1)),
        ImageFormat::Png,
    );
    // IHDR starts at byte 8: length (4), "IHDR" (4), width (4), height (4), … , CRC.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

pub fn cmyk_jpeg(width: u16, height: u16) -> Vec<u8> {
    let data: Vec<u8> = (0..u32::from(width) * u32::from(height))
        .flat_map(|i| [(i % 200) as u8, 40, 90, 10])
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 85)
        .encode(&data, width, height, jpeg_encoder::ColorType::Cmyk)
        .expect("cmyk");
    out
}

pub fn progressive_jpeg(width: u16, height: u16) -> Vec<u8> {
    let image = picture(u32::from(width), u32::from(height), 3);
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 85);
    encoder.set_progressive(true);
    encoder
        .encode(image.as_raw(), width, height, jpeg_encoder::ColorType::Rgb)
        .expect("progressive");
    out
}

pub fn png16(width: u32, height: u32) -> Vec<u8> {
    let image = image::ImageBuffer::<Rgb<u16>, _>::from_fn(width, height, |x, y| {
        Rgb([(x * 300) as u16, (y * 300) as u16, 40000])
    });
    encode(&DynamicImage::ImageRgb16(image), ImageFormat::Png)
}

pub fn animated_gif() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut out);
        for seed in 0..3 {
            let frame = image::DynamicImage::ImageRgb8(picture(24, 16, seed)).to_rgba8();
            encoder
                .encode_frame(image::Frame::new(frame))
                .expect("gif frame");
        }
    }
    out
}

pub fn heic_header() -> Vec<u8> {
    let mut out = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    out.resize(512, 0);
    out
}

/// Uploads `bytes` as the `file` of a photo of `report`, with optional form fields.
pub async fn upload(
    app: &TestApp,
    session: &Session,
    report: &str,
    bytes: Vec<u8>,
    content_type: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let path = format!("/api/v1/reports/{report}/photos");
    upload_to(app, session, &path, bytes, content_type, fields).await
}

/// Posts `bytes` as the `file` of a multipart form to `path`, with optional form fields.
pub async fn upload_to(
    app: &TestApp,
    session: &Session,
    path: &str,
    bytes: Vec<u8>,
    content_type: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name("../../etc/passwd")
        .mime_str(content_type)
        .expect("mime");
    let mut form = reqwest::multipart::Form::new().part("file", part);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(&session.access_token)
        .multipart(form)
        .send()
        .await
        .expect("upload sent");
    crate::read(response).await
}

/// The raw bytes of a photo variant, and the response headers.
pub async fn download(
    app: &TestApp,
    session: &Session,
    photo: &str,
    variant: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/photos/{photo}?variant={variant}")))
        .bearer_auth(&session.access_token)
        .send()
        .await
        .expect("download sent");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (
        status,
        headers,
        response.bytes().await.expect("body").to_vec(),
    )
}
