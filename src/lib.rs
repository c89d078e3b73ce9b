//! handbill: print-ready anti-trafficking outreach materials from TOML data and Typst
//! templates.
//!
//! Data flows one way: [`project`] loads and validates the data, [`plan`] turns it into
//! jobs, [`render`] compiles each job in a sandboxed [`world`], [`output`] writes the files.
//! [`build`] runs that pipeline for the commands.

pub mod build;
pub mod codes;
pub mod error;
pub mod files;
pub mod impose;
pub mod init;
pub mod inputs;
pub mod limits;
pub mod manifest;
pub mod notice;
pub mod output;
pub mod overflow;
pub mod phone;
pub mod plan;
pub mod policy;
pub mod preview;
pub mod project;
pub mod qr;
pub mod reference;
pub mod render;
pub mod report;
pub mod services;
pub mod verify;
pub mod world;

pub use error::{DataError, Error};
