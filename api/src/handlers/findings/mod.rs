pub mod evidence;
pub mod export;
pub mod list;
pub mod photos;
pub mod show;
pub mod steps;
pub mod summary;
