//! The California Civil Code § 52.6 notice: the statute's words, with the numbers filled in
//! from the contact records in the forms the statute prints them.
//!
//! The English text is the law's and lives here, in code, not in a content file. Other
//! languages are built in as unofficial translations, or dropped in by a project as
//! `data/notice/<lang>.toml` (for instance the Department of Justice's official one).

use serde::{Deserialize, Serialize};

use crate::phone::{Phone, ShortCode};

/// The numbers the notice prints, each in the statute's own form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbers {
    /// The text short code grouped as the statute prints it: `233-733`.
    pub text: String,
    /// The National Human Trafficking Hotline: `1-888-373-7888`.
    pub hotline: String,
    /// CAST's vanity spelling: `1-888-KEY-2-FRE(EDOM)`.
    pub(crate) cast_vanity: String,
    /// CAST's digits: `1-888-539-2373`.
    pub cast: String,
}

impl Numbers {
    /// The numbers as the statute itself prints them.
    pub fn statute() -> Self {
        Self {
            text: "233-733".into(),
            hotline: "1-888-373-7888".into(),
            cast_vanity: "1-888-KEY-2-FRE(EDOM)".into(),
            cast: "1-888-539-2373".into(),
        }
    }

    /// Where these numbers differ from the statute's: (what the notice prints, the statute's).
    pub(crate) fn differences(&self) -> Vec<(String, String)> {
        let law = Self::statute();
        [
            (&self.text, law.text),
            (&self.hotline, law.hotline),
            (&self.cast_vanity, law.cast_vanity),
            (&self.cast, law.cast),
        ]
        .into_iter()
        .filter(|(ours, law)| *ours != law)
        .map(|(ours, law)| (ours.clone(), law))
        .collect()
    }

    /// The forms of the hotline's short code and phone, and of CAST's phone.
    pub fn new(text: &ShortCode, hotline: &Phone, cast: &Phone) -> Self {
        let code = text.to_string();
        let (a, b) = code.split_at(code.len() / 2);
        Self {
            text: format!("{a}-{b}"),
            hotline: hotline.standard(),
            cast_vanity: cast
                .vanity()
                .map_or_else(|| cast.standard(), str::to_string),
            cast: cast.standard(),
        }
    }

    /// Splits `template` at its placeholders: text and numbers alternate, text first, so a
    /// template can keep each number whole on one line.
    fn fill(&self, template: &str) -> Vec<String> {
        let mut segments = vec![String::new()];
        let mut rest = template;
        while let Some((at, placeholder)) = PLACEHOLDERS
            .iter()
            .filter_map(|p| rest.find(p).map(|at| (at, *p)))
            .min()
        {
            let number = match placeholder {
                "{text}" => &self.text,
                "{hotline}" => &self.hotline,
                "{cast-vanity}" => &self.cast_vanity,
                _ => &self.cast,
            };
            segments
                .last_mut()
                .expect("never empty")
                .push_str(&rest[..at]);
            segments.push(number.clone());
            segments.push(String::new());
            rest = &rest[at + placeholder.len()..];
        }
        segments.last_mut().expect("never empty").push_str(rest);
        segments
    }
}

/// The placeholders every notice text must use, so its numbers come from the data.
pub(crate) const PLACEHOLDERS: [&str; 4] = ["{text}", "{hotline}", "{cast-vanity}", "{cast}"];

/// A notice's words in one language, before its numbers are filled in.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NoticeText {
    /// Where the text comes from.
    pub source: String,
    /// True for an official text; false prints the `unofficial` line.
    pub official: bool,
    /// The line saying the translation is unofficial, in its own language.
    #[serde(default)]
    pub unofficial: String,
    /// The paragraphs before the list, with `{text}`, `{hotline}`, `{cast-vanity}` and
    /// `{cast}` where the numbers go.
    pub paragraphs: Vec<String>,
    /// The line that opens the list ("The hotlines are:").
    pub(crate) list_intro: String,
    /// The list's items.
    pub items: Vec<String>,
}

/// A notice's words in one language, numbers filled in, as templates receive them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Section {
    /// The language code.
    pub lang: String,
    /// The paragraphs before the list, each as text and numbers alternating, text first.
    pub paragraphs: Vec<Vec<String>>,
    /// The line that opens the list.
    pub(crate) list_intro: String,
    /// The list's items.
    pub items: Vec<String>,
    /// The unofficial-translation line, when the text is not official.
    pub unofficial: Option<String>,
}

impl NoticeText {
    /// The text with its numbers filled in.
    pub(crate) fn section(&self, lang: &str, numbers: &Numbers) -> Section {
        Section {
            lang: lang.to_string(),
            paragraphs: self.paragraphs.iter().map(|p| numbers.fill(p)).collect(),
            list_intro: self.list_intro.clone(),
            items: self.items.clone(),
            unofficial: (!self.official).then(|| self.unofficial.clone()),
        }
    }

    /// A number typed into the text itself, by the rule every data text follows
    /// ([`crate::project::text::find_number`]): the notice's numbers must come from the
    /// contact records, through the placeholders. Dropped-in texts are checked as data
    /// files; this keeps the built-in ones to the same rule.
    #[cfg(test)]
    fn typed_number(&self) -> Option<String> {
        self.paragraphs
            .iter()
            .chain([&self.list_intro, &self.unofficial])
            .chain(&self.items)
            .find_map(|field| {
                crate::project::text::find_number(field).map(|n| field[n.range].to_string())
            })
    }

    /// Placeholders the text never uses: such a text would print a number from nowhere.
    pub(crate) fn missing_placeholders(&self) -> Vec<&'static str> {
        let all = self.paragraphs.concat();
        PLACEHOLDERS
            .into_iter()
            .filter(|p| !all.contains(p))
            .collect()
    }
}

impl Section {
    /// Every paragraph, line and item of the section in reading order, for checks against
    /// the page.
    pub(crate) fn pieces(&self) -> Vec<String> {
        let mut pieces: Vec<String> = self.paragraphs.iter().map(|p| p.concat()).collect();
        pieces.push(self.list_intro.clone());
        pieces.extend(self.items.iter().cloned());
        pieces.extend(self.unofficial.clone());
        pieces
    }
}

/// The statute's text, as amended by SB 225 (2017). Only the numbers come from data.
pub fn english() -> NoticeText {
    NoticeText {
        source: "California Civil Code § 52.6, as amended by SB 225 (2017)".into(),
        official: true,
        unofficial: String::new(),
        paragraphs: vec![
            "If you or someone you know is being forced to engage in any activity and cannot \
             leave\u{2014}whether it is commercial sex, housework, farm work, construction, \
             factory, retail, or restaurant work, or any other activity\u{2014}text {text} \
             (Be Free) or call the National Human Trafficking Hotline at {hotline} or the \
             California Coalition to Abolish Slavery and Trafficking (CAST) at {cast-vanity} \
             or {cast} to access help and services."
                .into(),
            "Victims of slavery and human trafficking are protected under United States and \
             California law."
                .into(),
        ],
        list_intro: "The hotlines are:".into(),
        items: vec![
            "Available 24 hours a day, 7 days a week.".into(),
            "Toll-free.".into(),
            "Operated by nonprofit, nongovernmental organizations.".into(),
            "Anonymous and confidential.".into(),
            "Accessible in more than 160 languages.".into(),
            "Able to provide help, referral to services, training, and general information.".into(),
        ],
    }
}

/// A Spanish translation made for this project: unofficial until reviewed.
pub fn spanish() -> NoticeText {
    NoticeText {
        source: "Unofficial translation made for handbill; not reviewed".into(),
        official: false,
        unofficial: "Traducción no oficial, aún sin revisar. El Departamento de Justicia de \
                     California publica la traducción oficial."
            .into(),
        paragraphs: vec![
            "Si usted o alguien que usted conoce está siendo obligado a realizar cualquier \
             actividad y no puede irse\u{2014}ya sea sexo comercial, trabajo doméstico, trabajo \
             agrícola, construcción, trabajo en una fábrica, en una tienda o en un restaurante, \
             o cualquier otra actividad\u{2014}envíe un mensaje de texto al {text} (Be Free) o \
             llame a la Línea Nacional contra la Trata de Personas al {hotline} o a la \
             Coalición de California para Abolir la Esclavitud y la Trata de Personas (CAST) \
             al {cast-vanity} o {cast} para obtener ayuda y servicios."
                .into(),
            "Las víctimas de la esclavitud y de la trata de personas están protegidas por las \
             leyes de los Estados Unidos y de California."
                .into(),
        ],
        list_intro: "Las líneas de ayuda:".into(),
        items: vec![
            "Atienden las 24 horas del día, los 7 días de la semana.".into(),
            "Son gratuitas.".into(),
            "Son operadas por organizaciones sin fines de lucro y no gubernamentales.".into(),
            "Son anónimas y confidenciales.".into(),
            "Atienden en más de 160 idiomas.".into(),
            "Pueden brindar ayuda, remisión a servicios, capacitación e información general."
                .into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_texts_take_every_number_from_data() {
        assert!(english().missing_placeholders().is_empty());
        assert!(spanish().missing_placeholders().is_empty());
    }

    #[test]
    fn numbers_typed_into_a_text_are_found() {
        assert_eq!(
            english().typed_number(),
            None,
            "160 languages is no phone number"
        );
        let mut text = spanish();
        text.items.push("Envíe AYUDA al 233722.".into());
        assert_eq!(text.typed_number().as_deref(), Some("233722"));
        text.items.pop();
        text.list_intro = "Llame al 1 888 373 7888:".into();
        assert_eq!(text.typed_number().as_deref(), Some("1 888 373 7888"));
    }

    #[test]
    fn numbers_print_in_the_statutes_forms() {
        let numbers = Numbers::new(
            &"233733".parse().unwrap(),
            &"1-888-373-7888".parse().unwrap(),
            &"1-888-KEY-2-FRE(EDOM)".parse().unwrap(),
        );
        assert_eq!(numbers.text, "233-733");
        assert_eq!(numbers.hotline, "1-888-373-7888");
        assert_eq!(numbers.cast_vanity, "1-888-KEY-2-FRE(EDOM)");
        assert_eq!(numbers.cast, "1-888-539-2373");
        assert_eq!(
            numbers.fill("at {cast-vanity} or {cast}."),
            [
                "at ",
                "1-888-KEY-2-FRE(EDOM)",
                " or ",
                "1-888-539-2373",
                "."
            ]
        );
    }
}
