pub mod letterhead;
pub mod show;
pub mod update;
