//! Synthetic CORDIS downloads: zips shaped like the publisher's (`project.csv` and
//! `organization.csv`, `;`-separated, every field quoted), for measuring the importer on a
//! million participation rows. Organisations take part with a heavy tail, as in the real data;
//! amounts use both decimal marks; a few rows carry the quirks the reader must survive.

use std::io::Write;
use std::path::{Path, PathBuf};

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::names::{self, LANGUAGES};
use super::{GenerateError, draw};
use crate::progress::Progress;

/// The zips written, by programme: the file name and the `frameworkProgramme` value.
const PROGRAMMES: [(&str, &str, f64); 3] = [
    ("cordis-HORIZONprojects-csv.zip", "HORIZON", 0.4),
    ("cordis-h2020projects-csv.zip", "H2020", 0.4),
    ("cordis-fp7projects-csv.zip", "FP7", 0.2),
];

/// Real NUTS 3 codes (of NUTS 2016, 2021 and 2024) and country codes as CORDIS writes them;
/// the organisations are spread over them.
const PLACES: &[(&str, &str)] = &[
    ("ES", "ES130"),
    ("ES", "ES213"),
    ("ES", "ES300"),
    ("ES", "ES511"),
    ("ES", "ES618"),
    ("PT", "PT11A"),
    ("PT", "PT170"),
    ("FR", "FR101"),
    ("FR", "FRK26"),
    ("DE", "DE212"),
    ("DE", "DE300"),
    ("DE", "DEA23"),
    ("IT", "ITC4C"),
    ("IT", "ITI43"),
    ("NL", "NL329"),
    ("BE", "BE100"),
    ("EL", "EL303"),
    ("EL", "EL522"),
    ("UK", "UKI42"),
    ("UK", "UKM82"),
    ("IE", "IE061"),
    ("PL", "PL911"),
    ("SE", "SE110"),
    ("FI", "FI1B1"),
    ("AT", "AT130"),
    ("CZ", "CZ010"),
    ("DK", "DK011"),
    ("NO", "NO081"),
    ("CH", "CH040"),
    ("MX", ""),
    ("US", ""),
    ("BR", ""),
    ("XK", ""),
    ("ES", "ES"),
    ("IT", ""),
];

const ROLES: [&str; 5] = [
    "coordinator",
    "participant",
    "partner",
    "thirdParty",
    "associatedPartner",
];
const ACTIVITIES: [&str; 5] = ["HES", "REC", "PRC", "PUB", "OTH"];
const PROJECT_HEADER: &str = "\"id\";\"acronym\";\"status\";\"title\";\"startDate\";\"endDate\";\"totalCost\";\"ecMaxContribution\";\"legalBasis\";\"topics\";\"ecSignatureDate\";\"frameworkProgramme\";\"masterCall\";\"subCall\";\"fundingScheme\";\"nature\";\"objective\";\"contentUpdateDate\";\"rcn\";\"grantDoi\"";
const ORGANISATION_HEADER: &str = "\"projectID\";\"projectAcronym\";\"organisationID\";\"vatNumber\";\"name\";\"shortName\";\"SME\";\"activityType\";\"street\";\"postCode\";\"city\";\"country\";\"nutsCode\";\"geolocation\";\"organizationURL\";\"contactForm\";\"contentUpdateDate\";\"rcn\";\"order\";\"role\";\"ecContribution\";\"netEcContribution\";\"totalCost\";\"endOfParticipation\";\"active\"";

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CordisSummary {
    /// The zips written.
    pub files: Vec<PathBuf>,
    /// Project rows.
    pub projects: usize,
    /// Participation rows.
    pub participations: usize,
    /// Distinct organisations.
    pub organisations: usize,
}

/// A made-up organisation.
struct Organisation {
    name: String,
    activity: &'static str,
    place: (&'static str, &'static str),
    town: String,
}

/// Writes three CORDIS-shaped zips (Horizon Europe, H2020, FP7) with about `rows`
/// participation rows in all into `out`.
pub fn generate_cordis(
    rows: usize,
    seed: u64,
    out: &Path,
    progress: &dyn Progress,
) -> Result<CordisSummary, GenerateError> {
    if rows < 100 {
        return Err(GenerateError::TooSmall {
            min: 100,
            got: rows,
        });
    }
    std::fs::create_dir_all(out).map_err(|source| GenerateError::Write {
        path: out.to_owned(),
        source,
    })?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let organisations: Vec<Organisation> = (0..(rows / 6).max(10))
        .map(|_| organisation(&mut rng))
        .collect();
    let zipf = draw::zipf(organisations.len(), 1.0)?;
    let mut summary = CordisSummary {
        organisations: organisations.len(),
        ..CordisSummary::default()
    };
    progress.start("generating CORDIS zips", rows as u64);
    let mut next_project = 100_000_000u64;
    for (file_name, programme, share) in PROGRAMMES {
        let path = out.join(file_name);
        let target = (rows as f64 * share) as usize;
        let mut projects = String::from(PROJECT_HEADER);
        projects.push('\n');
        let mut participations = String::from(ORGANISATION_HEADER);
        participations.push('\n');
        let mut written = 0;
        while written < target {
            next_project += 1;
            let id = next_project;
            let acronym = format!("GEN{id}");
            let partners = rng.random_range(2..=14).min(target - written).max(1);
            let year = rng.random_range(2008..=2024);
            let total: f64 = (rng.random_range(100_000..5_000_000) as f64) + 0.25;
            projects.push_str(&format!(
                "\"{id}\";\"{acronym}\";\"SIGNED\";\"Generated project {id} on {}\";\"{year}-01-01\";\"{}-12-31\";\"{}\";\"{}\";\"\";\"\";\"\";\"{programme}\";\"\";\"\";\"RIA\";\"\";\"A made-up objective; with \"\"quotes\"\".\";\"2024-03-07 11:23:45\";\"{id}\";\"\"\n",
                names::place(LANGUAGES.choose(&mut rng).unwrap_or(&LANGUAGES[0]), &mut rng),
                year + 3,
                decimal(total, rng.random_bool(0.5)),
                decimal(total * 0.8, rng.random_bool(0.5)),
            ));
            summary.projects += 1;
            for order in 1..=partners {
                let index = draw::sample(&zipf, &mut rng) % organisations.len();
                let org = &organisations[index];
                let pic = 900_000_000 + index as u64;
                let role = if order == 1 {
                    ROLES[0]
                } else {
                    ROLES[1 + rng.random_range(0..ROLES.len() - 1)]
                };
                let contribution = (rng.random_range(0..800_000) as f64) + 0.5;
                participations.push_str(&format!(
                    "\"{id}\";\"{acronym}\";\"{pic}\";\"\";\"{}\";\"\";\"false\";\"{}\";\"\";\"\";\"{}\";\"{}\";\"{}\";\"\";\"\";\"\";\"2024-03-07 11:23:45\";\"{}\";\"{order}\";\"{role}\";\"{}\";\"{}\";\"{}\";\"false\";\"true\"\n",
                    org.name,
                    org.activity,
                    org.town,
                    org.place.0,
                    org.place.1,
                    id * 100 + order as u64,
                    decimal(contribution, rng.random_bool(0.5)),
                    decimal(contribution, rng.random_bool(0.5)),
                    decimal(contribution * 1.2, rng.random_bool(0.5)),
                ));
                written += 1;
            }
            progress.advance(partners as u64);
        }
        summary.participations += written;
        write_zip(
            &path,
            &[
                ("project.csv", &projects),
                ("organization.csv", &participations),
            ],
        )?;
        summary.files.push(path);
    }
    progress.finish();
    Ok(summary)
}

fn organisation(rng: &mut ChaCha8Rng) -> Organisation {
    let language = LANGUAGES.choose(rng).unwrap_or(&LANGUAGES[0]);
    let town = names::place(language, rng);
    let activity = ACTIVITIES[rng.random_range(0..ACTIVITIES.len())];
    let form = match activity {
        "HES" => "University of",
        "REC" => "Research Institute of",
        "PRC" => "Industries of",
        "PUB" => "Regional Agency of",
        _ => "Association of",
    };
    let mut name = format!("Generated {form} {town}");
    // CORDIS writes many older names in capitals.
    if rng.random_bool(0.3) {
        name = name.to_uppercase();
    }
    Organisation {
        name,
        activity,
        place: *PLACES.choose(rng).unwrap_or(&PLACES[0]),
        town,
    }
}

/// An amount with a point or a comma as its decimal mark.
fn decimal(value: f64, comma: bool) -> String {
    let text = format!("{value:.2}");
    if comma { text.replace('.', ",") } else { text }
}

fn write_zip(path: &Path, members: &[(&str, &String)]) -> Result<(), GenerateError> {
    let error = |source: std::io::Error| GenerateError::Write {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::create(path).map_err(error)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    // The fastest deflate level: the zips are for benchmarks, not for keeping.
    let options = zip::write::SimpleFileOptions::default().compression_level(Some(1));
    for (name, text) in members {
        zip.start_file(*name, options)
            .map_err(|e| error(std::io::Error::other(e)))?;
        zip.write_all(text.as_bytes()).map_err(error)?;
    }
    zip.finish().map_err(|e| error(std::io::Error::other(e)))?;
    Ok(())
}
