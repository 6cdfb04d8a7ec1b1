use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GeoError {
    #[error("latitude must be between -90 and 90")]
    Latitude,
    #[error("longitude must be between -180 and 180")]
    Longitude,
    #[error("must be between {min} and {max} metres")]
    Radius { min: u32, max: u32 },
}

/// A WGS-84 position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    latitude: f64,
    longitude: f64,
}

impl GeoPoint {
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, GeoError> {
        if !latitude.is_finite() || !(-90.0..=90.0).contains(&latitude) {
            return Err(GeoError::Latitude);
        }
        if !longitude.is_finite() || !(-180.0..=180.0).contains(&longitude) {
            return Err(GeoError::Longitude);
        }
        Ok(Self {
            latitude,
            longitude,
        })
    }

    pub fn latitude(&self) -> f64 {
        self.latitude
    }

    pub fn longitude(&self) -> f64 {
        self.longitude
    }

    /// Great-circle distance in metres (haversine; ample for a geofence of a few hundred).
    pub fn distance_m(&self, other: &GeoPoint) -> f64 {
        const EARTH_RADIUS_M: f64 = 6_371_008.8;
        let (p1, p2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let dp = p2 - p1;
        let dl = (other.longitude - self.longitude).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }
}

/// How far from a unit a photo or a phone may be and still count as "at the unit".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GeofenceRadius(u32);

impl GeofenceRadius {
    pub const MIN: u32 = 10;
    pub const MAX: u32 = 10_000;
    /// SPEC §2.1: 300 m unless the unit says otherwise.
    pub const DEFAULT: GeofenceRadius = GeofenceRadius(300);

    pub fn new(metres: u32) -> Result<Self, GeoError> {
        if (Self::MIN..=Self::MAX).contains(&metres) {
            Ok(Self(metres))
        } else {
            Err(GeoError::Radius {
                min: Self::MIN,
                max: Self::MAX,
            })
        }
    }

    pub fn metres(self) -> u32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_outside_the_globe_are_refused() {
        assert!(GeoPoint::new(30.27, 120.16).is_ok());
        assert_eq!(GeoPoint::new(91.0, 0.0), Err(GeoError::Latitude));
        assert_eq!(GeoPoint::new(0.0, -180.5), Err(GeoError::Longitude));
        assert_eq!(GeoPoint::new(f64::NAN, 0.0), Err(GeoError::Latitude));
    }

    #[test]
    fn distances_are_in_metres() {
        let west_lake = GeoPoint::new(30.2480, 120.1480).unwrap();
        let nearby = GeoPoint::new(30.2489, 120.1480).unwrap();
        let d = west_lake.distance_m(&nearby);
        assert!((95.0..105.0).contains(&d), "{d}");
        assert_eq!(west_lake.distance_m(&west_lake), 0.0);
    }

    #[test]
    fn geofence_radius_is_bounded() {
        assert_eq!(GeofenceRadius::DEFAULT.metres(), 300);
        assert!(GeofenceRadius::new(9).is_err());
        assert!(GeofenceRadius::new(10_001).is_err());
    }
}
