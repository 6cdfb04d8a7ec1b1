pub mod activate;
pub mod close;
pub mod create;
pub mod draw;
pub mod draw_record;
pub mod list;
pub mod show;
pub mod update;
