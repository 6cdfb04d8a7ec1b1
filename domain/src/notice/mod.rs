//! The monthly notice (月度通报), SPEC §3.6: a month's inspections summed up, units ranked
//! (红黑榜), the frequent problems, typical cases, rectification status and the units marked for
//! a talk with the leadership (约谈). Generated as a draft, frozen once published.

mod letterhead;
mod order;
mod period;
mod ranking;
mod record;
mod snapshot;
mod talk;
pub mod typical;
mod visibility;

pub use letterhead::{
    BodyName, DocumentNumber, Letterhead, LetterheadError, LetterheadRule, MAX_ORGANS,
    NumberPrefix, RawLetterhead,
};
pub use order::OrderScope;
pub use period::{NoticePeriod, PeriodError, local_midnight};
pub use ranking::{MIN_INSPECTIONS_TO_RANK, Tally, mean_score, rank};
pub use record::{Issue, Notice, NoticeError, NoticeStatus, Stamp};
pub use snapshot::*;
pub use talk::last_of_type;
pub use visibility::NoticeScope;
