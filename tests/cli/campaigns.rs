//! Campaign files: loading and validation.
