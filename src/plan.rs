//! What a build makes: materials × languages → jobs, each with its output file name.

use crate::project::Project;

/// The languages the § 52.6 notice must be posted in, whatever the coalition prints else.
pub(crate) const NOTICE_LANGUAGES: [&str; 2] = ["en", "es"];

/// A kind of printed material. Each has one built-in template, `templates/<name>.typ`,
/// and one row in the table of `Spec`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Material {
    /// A US Letter flyer for bystanders: what trafficking is, its signs, whom to call.
    Flyer,
    /// A 3.5 × 2 in card for someone who may be searched: it names neither trafficking
    /// nor the hotline, and its front has no code.
    PocketCard,
    /// A 3.5 × 2 in card for drivers on the freight corridor: what to notice at a truck
    /// stop, what to note, whom to call.
    DriverCard,
    /// A US Letter sheet for laundromat and grocery boards: a message and ten tabs to tear
    /// off, each with the number and the text code.
    TearOff,
    /// An 11 × 17 in poster, readable across a room.
    Poster,
    /// The poster on US Letter, for shops without a tabloid printer.
    PosterLetter,
    /// One 11 × 17 in poster with a panel in every language the coalition prints.
    PosterMultilingual,
    /// A 5 × 7 in sticker for the inside of a restroom stall, read by someone alone.
    RestroomSticker,
    /// The California Civil Code § 52.6 notice, one US Letter page per language.
    Notice,
    /// The § 52.6 notice in English, Spanish and the county's third language, on one
    /// 11 × 17 in sheet.
    NoticeCombined,
    /// A campaign's route sheet: its locations in corridor order, for the volunteers who
    /// post the pieces. Made with every campaign, never on its own.
    #[value(skip)]
    Route,
}

/// Whom a material speaks to. A piece for someone who may need help and a piece for
/// someone who may notice are written differently, and never mixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Someone who may need help: the question, the number, the text code and the
    /// reassurance; never the signs or the bystander's advice.
    Victim,
    /// Someone who may notice: the signs, whom to call, "don't approach; 911 in an
    /// emergency".
    Bystander,
    /// Everyone: the statute's words.
    Public,
    /// The coalition's own volunteers.
    Volunteers,
}

/// Everything the pipeline knows about a material, in one place.
#[derive(Debug)]
pub(crate) struct Spec {
    /// The name used in file names, data files and on the command line; the template is
    /// `templates/<name>.typ`.
    pub name: &'static str,
    /// The trim size in inches (width, height).
    pub(crate) trim_inches: (f64, f64),
    /// How many pages it has, any other count meaning the content overflowed; `None` for
    /// a list that takes as many pages as it needs.
    pub pages: Option<usize>,
    /// The codes (by name in [`crate::inputs::Codes::all`]) it must carry.
    pub(crate) required_codes: &'static [&'static str],
    /// The least span of a QR code's modules (quiet zone not counted), in inches: small
    /// enough for a card, large enough to scan from where the material is read.
    pub(crate) min_qr_inches: f64,
    /// The least size of every glyph it prints, in points, as laid out: what a reader
    /// over 50 reads where the piece is read (the statute's 16 pt on the notice).
    pub(crate) type_floor_pt: f64,
    /// Whom it speaks to.
    pub audience: Audience,
    /// Whether it carries the poster's headline (in each of its languages), held to at
    /// most three lines and never one word alone on the last.
    pub headline: bool,
    /// Whether someone who may be searched carries it: it names neither trafficking nor
    /// the hotline.
    pub discreet: bool,
    /// How many tabs to tear off it has along its width, each carrying the number and the
    /// text code; none for most.
    pub tabs: usize,
    /// Whether it prints the who-to-call guide, and so every contact the guide names.
    pub(crate) prints_guide: bool,
    /// Whether it is a § 52.6 notice, held to the statute's size and type rules.
    pub notice: bool,
    /// How far inside the trim every glyph and code must stay, in inches: a cut that
    /// wanders must not take a letter of the number with it.
    pub(crate) safe_inches: f64,
    /// Whether it is a card, laid out on the sheets of [`crate::impose::SHEETS`] too.
    pub card: bool,
    /// Whether a campaign may print it, one copy per location: a § 52.6 notice is each
    /// business's own posting, never a campaign's.
    pub(crate) in_campaigns: bool,
}

const LETTER: (f64, f64) = (8.5, 11.0);
const TABLOID: (f64, f64) = (11.0, 17.0);
const CARD: (f64, f64) = (3.5, 2.0);

/// A row with the defaults most materials share, to be completed.
const fn spec(name: &'static str, trim_inches: (f64, f64), audience: Audience) -> Spec {
    Spec {
        name,
        trim_inches,
        pages: Some(1),
        required_codes: &["hotline"],
        min_qr_inches: 1.0,
        type_floor_pt: 9.0,
        audience,
        headline: false,
        discreet: false,
        tabs: 0,
        prints_guide: false,
        notice: false,
        safe_inches: 0.125,
        card: false,
        in_campaigns: false,
    }
}

/// The table, in the order of [`Material`]'s variants.
const SPECS: [Spec; 11] = [
    Spec {
        required_codes: &["hotline", "contact-form"],
        prints_guide: true,
        in_campaigns: true,
        ..spec("flyer", LETTER, Audience::Bystander)
    },
    Spec {
        pages: Some(2),
        min_qr_inches: 0.8,
        type_floor_pt: 7.0,
        discreet: true,
        safe_inches: 0.1875,
        card: true,
        ..spec("pocket-card", CARD, Audience::Victim)
    },
    Spec {
        pages: Some(2),
        min_qr_inches: 0.8,
        type_floor_pt: 7.0,
        safe_inches: 0.1875,
        card: true,
        ..spec("driver-card", CARD, Audience::Bystander)
    },
    Spec {
        tabs: 10,
        ..spec("tear-off", LETTER, Audience::Bystander)
    },
    Spec {
        min_qr_inches: 3.0,
        type_floor_pt: 14.0,
        headline: true,
        in_campaigns: true,
        ..spec("poster", TABLOID, Audience::Victim)
    },
    Spec {
        min_qr_inches: 1.5,
        type_floor_pt: 11.0,
        headline: true,
        in_campaigns: true,
        ..spec("poster-letter", LETTER, Audience::Victim)
    },
    Spec {
        min_qr_inches: 2.0,
        type_floor_pt: 14.0,
        headline: true,
        ..spec("poster-multilingual", TABLOID, Audience::Victim)
    },
    Spec {
        min_qr_inches: 1.25,
        type_floor_pt: 14.0,
        ..spec("restroom-sticker", (5.0, 7.0), Audience::Victim)
    },
    Spec {
        required_codes: &[],
        type_floor_pt: 16.0,
        notice: true,
        ..spec("notice", LETTER, Audience::Public)
    },
    Spec {
        required_codes: &[],
        type_floor_pt: 16.0,
        notice: true,
        ..spec("notice-combined", TABLOID, Audience::Public)
    },
    Spec {
        pages: None,
        required_codes: &[],
        ..spec("route", LETTER, Audience::Volunteers)
    },
];

impl Material {
    /// Every material the kit makes, in build order.
    pub(crate) const ALL: [Material; 10] = [
        Material::Flyer,
        Material::PocketCard,
        Material::DriverCard,
        Material::TearOff,
        Material::Poster,
        Material::PosterLetter,
        Material::PosterMultilingual,
        Material::RestroomSticker,
        Material::Notice,
        Material::NoticeCombined,
    ];

    /// The material's row of the table.
    pub(crate) fn spec(self) -> &'static Spec {
        &SPECS[self as usize]
    }

    /// The name used in file names and on the command line.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The material of this name, as file names and data files spell it.
    pub(crate) fn from_name(name: &str) -> Option<Material> {
        Material::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether a campaign may print the material.
    pub(crate) fn in_campaigns(self) -> bool {
        self.spec().in_campaigns
    }

    /// Whether the material prints the who-to-call guide, and so every contact it names.
    pub(crate) fn prints_guide(self) -> bool {
        self.spec().prints_guide
    }

    /// Whom the material speaks to.
    pub fn audience(self) -> Audience {
        self.spec().audience
    }

    /// Whether this is a § 52.6 notice, held to the statute's size and type rules.
    pub(crate) fn is_notice(self) -> bool {
        self.spec().notice
    }
}

/// One document to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// What to make.
    pub material: Material,
    /// In which language; for the combined notice, its first language.
    pub lang: String,
    /// The campaign (and location) it is made for; `None` for the kit.
    pub place: Option<Place>,
}

/// Where in a campaign a job belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The campaign's id.
    pub campaign: String,
    /// The location's id; `None` for what serves the whole campaign (its route sheets).
    pub location: Option<String>,
    /// Which of the campaign's route sheets, when its stops take more than one; `None` for
    /// a location's piece and for a route sheet that lists every stop.
    pub part: Option<Part>,
}

/// The most stops one route sheet lists. A campaign with more is printed as several
/// sheets, each a day's drive or less, so a campaign of any size is made in memory that
/// does not grow with it: typst holds a whole document's layout at once.
pub const STOPS_PER_SHEET: usize = 100;

/// One of the route sheets a long campaign is printed as: the `number`th of `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Part {
    /// From 1.
    pub number: usize,
    /// How many sheets the campaign takes.
    pub of: usize,
}

impl Part {
    /// The sheets a campaign of `stops` stops is printed as: one `None` when a sheet
    /// holds them all.
    pub fn all(stops: usize) -> Vec<Option<Part>> {
        let of = stops.div_ceil(STOPS_PER_SHEET);
        if of <= 1 {
            return vec![None];
        }
        (1..=of).map(|number| Some(Part { number, of })).collect()
    }

    /// The stops, by their place in corridor order, that this sheet lists of `stops`.
    /// Sheets differ by one stop at most, so the last is never a stub.
    pub fn range(self, stops: usize) -> std::ops::Range<usize> {
        let at = |k: usize| k * stops / self.of;
        at(self.number - 1)..at(self.number)
    }
}

impl Place {
    /// A location's place in its campaign.
    pub fn location(campaign: &str, location: &str) -> Self {
        Self {
            campaign: campaign.to_string(),
            location: Some(location.to_string()),
            part: None,
        }
    }
}

impl Job {
    /// A job of the kit.
    pub fn kit(material: Material, lang: &str) -> Self {
        Self {
            material,
            lang: lang.to_string(),
            place: None,
        }
    }

    /// The document's name: its output path without `.pdf`, such as `flyer-en` or
    /// `i5-siskiyou/weed-exit-747/poster-es`.
    pub fn name(&self) -> String {
        let file = match self.material {
            Material::NoticeCombined | Material::PosterMultilingual => {
                self.material.name().to_string()
            }
            _ => format!("{}-{}", self.material.name(), self.lang),
        };
        let Some(place) = &self.place else {
            return file;
        };
        let campaign = &place.campaign;
        match (&place.location, place.part) {
            (Some(location), _) => format!("{campaign}/{location}/{file}"),
            (None, None) => format!("{campaign}/{file}"),
            (None, Some(part)) => format!("{campaign}/{file}-part{}", part.number),
        }
    }

    /// The codes (by name in [`crate::inputs::Codes::all`]) the document must carry: its
    /// material's, and on a location's copy the contact-form code with the location's
    /// tags, which is what the copy is for.
    pub(crate) fn required_codes(&self) -> Vec<&'static str> {
        let mut codes = self.material.spec().required_codes.to_vec();
        let for_location = self.place.as_ref().is_some_and(|p| p.location.is_some());
        if for_location && !codes.contains(&"contact-form") {
            codes.push("contact-form");
        }
        codes
    }

    /// The file the job writes, relative to the output folder and `/`-separated, such as
    /// `flyer-en.pdf`.
    pub fn path(&self) -> String {
        format!("{}.pdf", self.name())
    }
}

/// What a build makes: by default the kit, every material.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Make the kit: every material in each of its languages.
    pub kit: bool,
    /// Make these campaigns, by id.
    pub campaigns: Vec<String>,
    /// Only these materials; all when empty. A campaign's route sheet is always made.
    pub only: Vec<Material>,
}

impl Default for Scope {
    fn default() -> Self {
        Self {
            kit: true,
            campaigns: Vec::new(),
            only: Vec::new(),
        }
    }
}

impl Scope {
    /// Whether the material is selected.
    pub(crate) fn selects(&self, material: Material) -> bool {
        self.only.is_empty() || self.only.contains(&material) || material == Material::Route
    }
}

/// The jobs of a build, in build order: the kit, then each campaign's locations and its
/// route sheets.
pub fn plan(project: &Project, scope: &Scope) -> Vec<Job> {
    let mut jobs = Vec::new();
    if scope.kit {
        for material in Material::ALL.into_iter().filter(|&m| scope.selects(m)) {
            let langs: Vec<&str> = match material {
                Material::Notice => NOTICE_LANGUAGES.to_vec(),
                Material::NoticeCombined => vec![NOTICE_LANGUAGES[0]],
                Material::PosterMultilingual => project
                    .languages
                    .first()
                    .map(|(lang, _)| lang.as_str())
                    .into_iter()
                    .collect(),
                _ => project
                    .languages
                    .iter()
                    .map(|(lang, _)| lang.as_str())
                    .collect(),
            };
            jobs.extend(langs.into_iter().map(|lang| Job::kit(material, lang)));
        }
    }
    for campaign in &project.campaigns {
        if !scope.campaigns.contains(&campaign.id) {
            continue;
        }
        for location in &campaign.locations {
            for &material in location.materials.iter().filter(|&&m| scope.selects(m)) {
                for lang in &location.languages {
                    jobs.push(Job {
                        material,
                        lang: lang.clone(),
                        place: Some(Place::location(&campaign.id, &location.id)),
                    });
                }
            }
        }
        for part in Part::all(campaign.locations.len()) {
            for lang in &campaign.languages {
                jobs.push(Job {
                    material: Material::Route,
                    lang: lang.clone(),
                    place: Some(Place {
                        campaign: campaign.id.clone(),
                        location: None,
                        part,
                    }),
                });
            }
        }
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_holds_up_to_its_limit_and_then_the_stops_split() {
        assert_eq!(Part::all(0), vec![None]);
        assert_eq!(Part::all(STOPS_PER_SHEET), vec![None]);
        let two = Part::all(STOPS_PER_SHEET + 1);
        assert_eq!(two.len(), 2);
        assert_eq!(two[1], Some(Part { number: 2, of: 2 }));
    }

    #[test]
    fn the_sheets_list_every_stop_once_in_order_and_none_is_a_stub() {
        for stops in (1..=1_000).chain([9_999, 10_000, 10_001, 123_457]) {
            let parts = Part::all(stops);
            let mut next = 0;
            let mut sizes = Vec::new();
            for part in parts.iter().flatten() {
                let range = part.range(stops);
                assert_eq!(range.start, next, "{stops} stops: {part:?} follows on");
                assert!(range.len() <= STOPS_PER_SHEET, "{stops} stops: {part:?}");
                next = range.end;
                sizes.push(range.len());
            }
            if parts == [None] {
                assert!(stops <= STOPS_PER_SHEET);
                continue;
            }
            assert_eq!(
                next, stops,
                "{stops} stops: the last sheet ends with the last"
            );
            let (least, most) = (sizes.iter().min(), sizes.iter().max());
            assert!(
                most.unwrap() - least.unwrap() <= 1,
                "{stops} stops: {sizes:?}"
            );
        }
    }

    #[test]
    fn a_long_campaigns_sheets_are_named_by_part() {
        let job = |part| Job {
            material: Material::Route,
            lang: "es".into(),
            place: Some(Place {
                campaign: "i5".into(),
                location: None,
                part,
            }),
        };
        assert_eq!(job(None).path(), "i5/route-es.pdf");
        assert_eq!(
            job(Some(Part { number: 3, of: 4 })).path(),
            "i5/route-es-part3.pdf"
        );
        let piece = Job {
            material: Material::Poster,
            lang: "es".into(),
            place: Some(Place::location("i5", "weed-exit-747")),
        };
        assert_eq!(piece.path(), "i5/weed-exit-747/poster-es.pdf");
    }
}
