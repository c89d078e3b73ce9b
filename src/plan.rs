//! What a build makes: materials × languages → jobs, each with its output file name.

use crate::project::Project;

/// The languages the § 52.6 notice must be posted in, whatever the coalition prints else.
pub const NOTICE_LANGUAGES: [&str; 2] = ["en", "es"];

/// A kind of printed material. Each has one built-in template, `templates/<name>.typ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Material {
    /// A US Letter flyer: what trafficking is, its signs, who to call.
    Flyer,
    /// A 3.5 × 2 in card, front and back, discreet enough to carry.
    WalletCard,
    /// An 11 × 17 in poster, readable across a room.
    Poster,
    /// The California Civil Code § 52.6 notice, one US Letter page per language.
    Notice,
    /// The § 52.6 notice in English, Spanish and the county's third language, on one
    /// 11 × 17 in sheet.
    NoticeCombined,
}

impl Material {
    /// Every material, in build order.
    pub const ALL: [Material; 5] = [
        Material::Flyer,
        Material::WalletCard,
        Material::Poster,
        Material::Notice,
        Material::NoticeCombined,
    ];

    /// The name used in file names and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Material::Flyer => "flyer",
            Material::WalletCard => "wallet-card",
            Material::Poster => "poster",
            Material::Notice => "notice",
            Material::NoticeCombined => "notice-combined",
        }
    }

    /// The material of this name, as file names and data files spell it.
    pub fn from_name(name: &str) -> Option<Material> {
        Material::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether a campaign may print the material, one copy per location: a § 52.6 notice
    /// is each business's own posting, never a campaign's.
    pub fn in_campaigns(self) -> bool {
        !self.is_notice()
    }

    /// How many pages the material has; any other count means the content overflowed.
    pub fn pages(self) -> usize {
        match self {
            Material::WalletCard => 2,
            _ => 1,
        }
    }

    /// The trim size in inches (width, height).
    pub fn trim_inches(self) -> (f64, f64) {
        match self {
            Material::Flyer | Material::Notice => (8.5, 11.0),
            Material::WalletCard => (3.5, 2.0),
            Material::Poster | Material::NoticeCombined => (11.0, 17.0),
        }
    }

    /// Whether the material prints the who-to-call guide, and so every contact it names.
    pub fn prints_guide(self) -> bool {
        matches!(self, Material::Flyer | Material::WalletCard)
    }

    /// Whether this is a § 52.6 notice, held to the statute's size and type rules.
    pub fn is_notice(self) -> bool {
        matches!(self, Material::Notice | Material::NoticeCombined)
    }

    /// The least span of a QR code's modules (quiet zone not counted), in inches: small
    /// enough for a card, large enough to scan from where the material is read.
    pub fn min_qr_inches(self) -> f64 {
        match self {
            Material::WalletCard => 0.8,
            Material::Flyer | Material::Notice | Material::NoticeCombined => 1.0,
            Material::Poster => 3.0,
        }
    }

    /// The least type size of the numbers it prints, in points: the statute's 16 pt on the
    /// notice, 6 pt wherever no larger floor is set.
    pub fn type_floor_pt(self) -> f64 {
        match self {
            Material::Notice | Material::NoticeCombined => 16.0,
            _ => 6.0,
        }
    }

    /// The codes (by name in [`crate::inputs::Codes::all`]) the material must carry.
    pub fn required_codes(self) -> &'static [&'static str] {
        match self {
            Material::Flyer => &["hotline", "contact-form"],
            Material::WalletCard | Material::Poster => &["hotline"],
            Material::Notice | Material::NoticeCombined => &[],
        }
    }
}

/// One document to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// What to make.
    pub material: Material,
    /// In which language; for the combined notice, its first language.
    pub lang: String,
}

impl Job {
    /// The document's name: its output file without `.pdf`, such as `flyer-en`.
    pub fn name(&self) -> String {
        match self.material {
            Material::NoticeCombined => self.material.name().to_string(),
            _ => format!("{}-{}", self.material.name(), self.lang),
        }
    }

    /// The file the job writes, such as `flyer-en.pdf`.
    pub fn file_name(&self) -> String {
        format!("{}.pdf", self.name())
    }
}

/// The jobs of a build: every material (or only those in `only`) in each of its languages.
pub fn plan(project: &Project, only: &[Material]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for material in Material::ALL {
        if !only.is_empty() && !only.contains(&material) {
            continue;
        }
        let langs: Vec<&str> = match material {
            Material::Notice => NOTICE_LANGUAGES.to_vec(),
            Material::NoticeCombined => vec![NOTICE_LANGUAGES[0]],
            _ => project
                .languages
                .iter()
                .map(|(lang, _)| lang.as_str())
                .collect(),
        };
        jobs.extend(langs.into_iter().map(|lang| Job {
            material,
            lang: lang.to_string(),
        }));
    }
    jobs
}
