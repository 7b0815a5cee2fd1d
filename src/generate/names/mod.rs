//! Word lists for synthetic names: places, people and bodies in eleven European languages.
//!
//! The names are made up from syllables and common name parts, so that the generated data
//! looks like real cooperation data (accents, long compound names, many languages) without
//! naming any real place, person or organisation on purpose.

mod languages;

pub use languages::LANGUAGES;

use rand::Rng;
use rand::seq::IndexedRandom;

/// A language's name parts.
pub struct Language {
    /// Syllables that start a place name.
    pub heads: &'static [&'static str],
    /// Syllables that end a place name.
    pub tails: &'static [&'static str],
    /// Given names.
    pub given: &'static [&'static str],
    /// Family names.
    pub family: &'static [&'static str],
    /// Templates for public bodies; `{}` is a place name.
    pub bodies: &'static [(&'static str, &'static str)],
    /// Legal-form suffixes of companies.
    pub company_forms: &'static [&'static str],
    /// Job titles.
    pub roles: &'static [&'static str],
}

/// A made-up place name in a language: one or two head syllables and a tail.
pub fn place(language: &Language, rng: &mut impl Rng) -> String {
    let head = language.heads.choose(rng).copied().unwrap_or("Al");
    let tail = language.tails.choose(rng).copied().unwrap_or("ia");
    let mut name = String::with_capacity(16);
    name.push_str(head);
    // Some names get a second head, for variety and length.
    if rng.random_bool(0.6) && !head.ends_with(' ') && !head.ends_with('-') {
        let second = language.heads.choose(rng).copied().unwrap_or("");
        if !second.ends_with(' ') && !second.ends_with('-') {
            name.push_str(&second.to_lowercase());
        }
    }
    if head.ends_with(' ') || head.ends_with('-') {
        // A separate word starts with a capital: "Bad Heim", "Sainte-Ville".
        let mut chars = tail.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
    } else {
        name.push_str(tail);
    }
    name
}

/// A made-up person's name in a language.
pub fn person(language: &Language, rng: &mut impl Rng) -> String {
    let given = language.given.choose(rng).copied().unwrap_or("Alex");
    let family = language.family.choose(rng).copied().unwrap_or("Smith");
    if rng.random_bool(0.3) {
        let second = language.family.choose(rng).copied().unwrap_or("");
        format!("{given} {family}-{second}")
    } else {
        format!("{given} {family}")
    }
}

/// Base words for topics; the long tail combines them with qualifiers.
pub const TOPIC_WORDS: &[&str] = &[
    "renewable energy",
    "hydrogen",
    "circular economy",
    "digital transformation",
    "artificial intelligence",
    "smart manufacturing",
    "sustainable tourism",
    "blue economy",
    "agri-food",
    "water management",
    "public health",
    "e-government",
    "cultural heritage",
    "vocational training",
    "higher education",
    "mobility",
    "logistics",
    "biotechnology",
    "climate adaptation",
    "biodiversity",
    "social innovation",
    "entrepreneurship",
    "cybersecurity",
    "space technology",
    "advanced materials",
    "creative industries",
    "forestry",
    "fisheries",
    "housing",
    "rural development",
    "urban regeneration",
    "energy efficiency",
    "data infrastructure",
    "robotics",
    "photonics",
    "ageing",
    "migration",
    "gender equality",
    "youth employment",
    "quantum technology",
];

/// Qualifiers that make the long tail of topics.
pub const TOPIC_QUALIFIERS: &[&str] = &[
    "rural",
    "urban",
    "coastal",
    "cross-border",
    "small-business",
    "mountain",
    "island",
    "industrial",
    "community",
    "regional",
    "inclusive",
    "low-carbon",
];

/// Words for project titles.
pub const PROJECT_WORDS: &[&str] = &[
    "Network",
    "Alliance",
    "Platform",
    "Pathways",
    "Accelerator",
    "Living Lab",
    "Observatory",
    "Partnership",
    "Roadmap",
    "Hub",
    "Toolkit",
    "Valley",
];
