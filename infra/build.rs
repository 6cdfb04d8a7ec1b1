//! `embed_migrations!` reads the migration directories at compile time; as diesel's own guide
//! advises, tell cargo to rebuild when they change, or a new migration is silently left out.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
