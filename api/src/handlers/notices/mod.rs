pub mod create;
pub mod evidence;
pub mod export;
pub mod list;
pub mod orders;
pub mod publish;
pub mod show;
pub mod signing;
