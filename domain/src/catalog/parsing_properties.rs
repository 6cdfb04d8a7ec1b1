//! Whatever a client sends, parsing it into a catalog value answers yes or no; it never panics.

use proptest::prelude::*;

use super::{DistrictCode, ItemCode, UnitCode, UnitTypeCode};
use crate::user::{Password, Username};

proptest! {
    #[test]
    fn code_parsers_never_panic(raw in "\\PC{0,12}") {
        let _ = ItemCode::parse(&raw);
        let _ = UnitCode::parse(&raw);
        let _ = UnitTypeCode::parse(&raw);
        let _ = DistrictCode::parse(&raw);
        let _ = Username::parse(&raw);
        let _ = Password::parse(&raw);
    }

    #[test]
    fn an_accepted_item_code_keeps_its_text_and_dimension(raw in "(ATT|PRC|CMP|DSC|ENV|DIG)-[0-9]{2}") {
        let code = ItemCode::parse(&raw).unwrap();
        prop_assert_eq!(code.as_str(), raw.as_str());
        prop_assert_eq!(code.dimension().code(), &raw[..3]);
    }
}
