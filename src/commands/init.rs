//! `handbill init`: write a new project and say what to do next.

use handbill::Error;
use handbill::init::{self, Coalition};
use handbill::project::UNFILLED;

use crate::cli::InitArgs;

/// Runs `init`.
pub(crate) fn run(args: InitArgs) -> Result<(), Error> {
    let coalition = Coalition {
        name: args.name,
        region: args.region,
        today: time::OffsetDateTime::now_utc().date(),
    };
    let written = init::write(&args.dir, &coalition)?;
    let dir = args.dir.display();
    let who = coalition.name.as_deref().unwrap_or("a new coalition");
    println!(
        "Made a project for {who} in {dir} ({} files).",
        written.len()
    );
    println!();
    println!("Next:");
    println!(
        "  1. Fill in every value that begins {UNFILLED} in {dir}/data: `handbill -p {dir} check` lists each one."
    );
    println!(
        "  2. Call every local number you wrote, and set its record's `verified` to that day."
    );
    println!("  3. Set the website and contact form in {dir}/data/coalition.toml.");
    println!("  4. `handbill -p {dir} build` writes the kit to {dir}/out.");
    Ok(())
}
