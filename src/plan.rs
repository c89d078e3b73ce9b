//! What a build makes: materials × languages → jobs, each with its output file name.

use crate::project::Project;

/// A kind of printed material. Each has one built-in template, `templates/<name>.typ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Material {
    /// A US Letter flyer: what trafficking is, its signs, who to call.
    Flyer,
    /// A 3.5 × 2 in card, front and back, discreet enough to carry.
    WalletCard,
    /// An 11 × 17 in poster, readable across a room.
    Poster,
}

impl Material {
    /// Every material, in build order.
    pub const ALL: [Material; 3] = [Material::Flyer, Material::WalletCard, Material::Poster];

    /// The name used in file names and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Material::Flyer => "flyer",
            Material::WalletCard => "wallet-card",
            Material::Poster => "poster",
        }
    }

    /// How many pages the material has; any other count means the content overflowed.
    pub fn pages(self) -> usize {
        match self {
            Material::Flyer | Material::Poster => 1,
            Material::WalletCard => 2,
        }
    }

    /// The least span of a QR code's modules (quiet zone not counted), in inches: small
    /// enough for a card, large enough to scan from where the material is read.
    pub fn min_qr_inches(self) -> f64 {
        match self {
            Material::WalletCard => 0.8,
            Material::Flyer => 1.0,
            Material::Poster => 3.0,
        }
    }

    /// The codes (by name in [`crate::inputs::Codes::all`]) the material must carry.
    pub fn required_codes(self) -> &'static [&'static str] {
        match self {
            Material::Flyer => &["hotline", "contact-form"],
            Material::WalletCard | Material::Poster => &["hotline"],
        }
    }

    /// The trim size in inches (width, height).
    pub fn trim_inches(self) -> (f64, f64) {
        match self {
            Material::Flyer => (8.5, 11.0),
            Material::WalletCard => (3.5, 2.0),
            Material::Poster => (11.0, 17.0),
        }
    }
}

/// One document to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// What to make.
    pub material: Material,
    /// In which language (a code listed in `coalition.toml`).
    pub lang: String,
}

impl Job {
    /// The file the job writes, such as `flyer-en.pdf`.
    pub fn file_name(&self) -> String {
        format!("{}-{}.pdf", self.material.name(), self.lang)
    }
}

/// The jobs of a build: every material (or only those in `only`) in every language.
pub fn plan(project: &Project, only: &[Material]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for material in Material::ALL {
        if !only.is_empty() && !only.contains(&material) {
            continue;
        }
        for (lang, _) in &project.languages {
            jobs.push(Job {
                material,
                lang: lang.clone(),
            });
        }
    }
    jobs
}
