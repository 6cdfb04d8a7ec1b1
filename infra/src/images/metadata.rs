//! What EXIF says about a photo: when it was taken, where, and which way up. Malformed EXIF is
//! ignored, never fatal: the photo is still evidence, it just tells less.

use std::io::Cursor;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use exif::{In, Reader, Tag, Value};
use image::metadata::Orientation;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhotoMetadata {
    pub captured_at: Option<DateTime<Utc>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub orientation: Option<Orientation>,
}

/// Reads what EXIF says; a capture time without an offset is read in `zone`, the bureau's,
/// where its inspectors' phones are set.
pub fn read(bytes: &[u8], zone: Tz) -> PhotoMetadata {
    let Ok(exif) = Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return PhotoMetadata::default();
    };
    let text = |tag: Tag| {
        exif.get_field(tag, In::PRIMARY)
            .and_then(|f| match &f.value {
                Value::Ascii(v) => v
                    .first()
                    .map(|s| String::from_utf8_lossy(s).trim().to_owned()),
                _ => None,
            })
    };
    let offset = text(Tag::OffsetTimeOriginal).and_then(|o| parse_offset(&o));
    let captured_at = text(Tag::DateTimeOriginal)
        .or_else(|| text(Tag::DateTime))
        .and_then(|t| NaiveDateTime::parse_from_str(&t, "%Y:%m:%d %H:%M:%S").ok())
        .and_then(|local| match offset {
            Some(offset) => offset
                .from_local_datetime(&local)
                .single()
                .map(|t| t.with_timezone(&Utc)),
            // A time a clock change makes ambiguous is taken at its earlier reading.
            None => zone
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&Utc)),
        });
    let coordinate = |value: Tag, reference: Tag, negative: &str| {
        let field = exif.get_field(value, In::PRIMARY)?;
        let Value::Rational(parts) = &field.value else {
            return None;
        };
        if parts.len() < 3 || parts.iter().any(|p| p.denom == 0) {
            return None;
        }
        let degrees = parts[0].to_f64() + parts[1].to_f64() / 60.0 + parts[2].to_f64() / 3600.0;
        let sign = if text(reference).is_some_and(|r| r.eq_ignore_ascii_case(negative)) {
            -1.0
        } else {
            1.0
        };
        Some(sign * degrees).filter(|v| v.is_finite())
    };
    let latitude =
        coordinate(Tag::GPSLatitude, Tag::GPSLatitudeRef, "S").filter(|v| v.abs() <= 90.0);
    let longitude =
        coordinate(Tag::GPSLongitude, Tag::GPSLongitudeRef, "W").filter(|v| v.abs() <= 180.0);
    let orientation = exif
        .get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u8::try_from(v).ok())
        .and_then(Orientation::from_exif);
    PhotoMetadata {
        captured_at,
        latitude: latitude.and(longitude).and(latitude),
        longitude: latitude.and(longitude),
        orientation,
    }
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    let sign = match text.get(0..1)? {
        "+" => 1,
        "-" => -1,
        _ => return None,
    };
    let hours: i32 = text.get(1..3)?.parse().ok()?;
    let minutes: i32 = text.get(4..6)?.parse().ok()?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}
