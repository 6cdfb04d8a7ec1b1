//! The names people read beside the codes and ids a page shows: districts, unit types, units
//! and people, each kind looked up in one query for the whole page.

use std::collections::{BTreeSet, HashMap};

use anfang_domain::ids::{UnitId, UserId};
use diesel::prelude::*;

use super::schema::{unit_types, units, users};
use super::{DbConnection, DbError, districts};

/// What a page shows by code or id, collected before its names are looked up.
#[derive(Debug, Default)]
pub struct Wanted {
    districts: BTreeSet<String>,
    unit_types: BTreeSet<String>,
    units: BTreeSet<String>,
    people: BTreeSet<String>,
}

impl Wanted {
    pub fn district(&mut self, code: &str) -> &mut Self {
        self.districts.insert(code.to_owned());
        self
    }

    pub fn unit_type(&mut self, code: &str) -> &mut Self {
        self.unit_types.insert(code.to_owned());
        self
    }

    pub fn unit(&mut self, id: UnitId) -> &mut Self {
        self.units.insert(id.to_string());
        self
    }

    pub fn person(&mut self, id: UserId) -> &mut Self {
        self.people.insert(id.to_string());
        self
    }

    /// At most one query per kind asked for.
    pub fn load(&self, conn: &mut DbConnection) -> Result<Names, DbError> {
        let districts = districts::names_of(conn, self.districts.iter().map(String::as_str))?;
        let unit_types = if self.unit_types.is_empty() {
            HashMap::new()
        } else {
            unit_types::table
                .filter(unit_types::code.eq_any(&self.unit_types))
                .select((unit_types::code, unit_types::name, unit_types::name_en))
                .load::<(String, String, String)>(conn)?
                .into_iter()
                .map(|(code, zh, en)| (code, UnitTypeNames { zh, en }))
                .collect()
        };
        let units = if self.units.is_empty() {
            HashMap::new()
        } else {
            units::table
                .filter(units::id.eq_any(&self.units))
                .select((units::id, units::name))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect()
        };
        let people = if self.people.is_empty() {
            HashMap::new()
        } else {
            users::table
                .filter(users::id.eq_any(&self.people))
                .select((users::id, users::display_name))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect()
        };
        Ok(Names {
            districts,
            unit_types,
            units,
            people,
        })
    }
}

#[derive(Debug, Clone)]
pub struct UnitTypeNames {
    pub zh: String,
    pub en: String,
}

/// The names looked up for a page. A code or id it does not hold reads as itself, so an answer
/// never loses what it names (codes refer only to listed districts and types, ids to rows that
/// are never deleted).
#[derive(Debug, Clone, Default)]
pub struct Names {
    districts: HashMap<String, String>,
    unit_types: HashMap<String, UnitTypeNames>,
    units: HashMap<String, String>,
    people: HashMap<String, String>,
}

impl Names {
    pub fn district(&self, code: &str) -> String {
        self.districts
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    pub fn unit_type(&self, code: &str) -> UnitTypeNames {
        self.unit_types
            .get(code)
            .cloned()
            .unwrap_or_else(|| UnitTypeNames {
                zh: code.to_owned(),
                en: code.to_owned(),
            })
    }

    pub fn unit(&self, id: UnitId) -> String {
        let id = id.to_string();
        self.units.get(&id).cloned().unwrap_or(id)
    }

    pub fn person(&self, id: UserId) -> String {
        let id = id.to_string();
        self.people.get(&id).cloned().unwrap_or(id)
    }
}

/// A unit as people read it: by name, with its type and district named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub unit_name: String,
    pub unit_type: String,
    pub unit_type_name: String,
    pub unit_type_name_en: String,
    pub district: String,
    pub district_name: String,
}

impl Wanted {
    /// What [`Names::place`] needs.
    pub fn place(&mut self, unit: UnitId, unit_type: &str, district: &str) -> &mut Self {
        self.unit(unit).unit_type(unit_type).district(district)
    }
}

impl Names {
    /// `unit_type` and `district` as given: a report keeps those the unit had when visited.
    pub fn place(&self, unit: UnitId, unit_type: &str, district: &str) -> Place {
        let type_names = self.unit_type(unit_type);
        Place {
            unit_name: self.unit(unit),
            unit_type: unit_type.to_owned(),
            unit_type_name: type_names.zh,
            unit_type_name_en: type_names.en,
            district: district.to_owned(),
            district_name: self.district(district),
        }
    }
}

/// A value with the names it is shown with.
#[derive(Debug, Clone)]
pub struct Named<T> {
    pub value: T,
    pub names: Names,
}

impl Wanted {
    pub fn load_for<T>(&self, conn: &mut DbConnection, value: T) -> Result<Named<T>, DbError> {
        Ok(Named {
            names: self.load(conn)?,
            value,
        })
    }
}
