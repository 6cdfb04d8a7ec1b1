pub mod create;
pub mod current;
pub mod list;
pub mod publish;
pub mod show;
pub mod update;
