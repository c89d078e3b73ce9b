//! The phone parser on any text: it must give a number or an error, never panic, and a
//! number it gives must parse again to one that dials the same.

#![no_main]

use handbill::phone::{Phone, ShortCode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(phone) = text.parse::<Phone>() {
        let again: Phone = phone.standard().parse().expect("a standard form parses");
        assert!(again.dials_same(&phone), "{text:?} → {}", phone.standard());
        let _ = phone.tel_uri();
    }
    let _ = text.parse::<ShortCode>();
});
