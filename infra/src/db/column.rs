//! Typed values in TEXT columns, written once: ids, codes and status enums are stored through
//! their `Display` and read back through `FromStr`. A row holds `Text<UserId>`, not a string
//! to parse; a stored text that does not parse fails the query as a corrupt row.

use std::fmt::{Debug, Display};
use std::str::FromStr;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types;
use diesel::sqlite::Sqlite;

use super::DbConnection;

pub(super) type MultiBackend = <DbConnection as diesel::Connection>::Backend;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, AsExpression, FromSqlRow)]
#[diesel(sql_type = sql_types::Text)]
pub struct Text<T>(pub T);

impl<T> Text<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T, DB> FromSql<sql_types::Text, DB> for Text<T>
where
    DB: Backend,
    String: FromSql<sql_types::Text, DB>,
    T: FromStr,
    T::Err: Display,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let stored = String::from_sql(bytes)?;
        stored
            .parse()
            .map(Text)
            .map_err(|e| format!("a stored row does not make sense: {stored:?}: {e}").into())
    }
}

impl<T: Display + Debug> ToSql<sql_types::Text, Pg> for Text<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        use std::io::Write;
        write!(out, "{}", self.0)?;
        Ok(IsNull::No)
    }
}

impl<T: Display + Debug> ToSql<sql_types::Text, Sqlite> for Text<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(self.0.to_string());
        Ok(IsNull::No)
    }
}

impl<T: Display + Debug + Send + Sync + 'static> ToSql<sql_types::Text, MultiBackend> for Text<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((sql_types::Text, self));
        Ok(IsNull::No)
    }
}
