//! Random draws with the generator's own numbers: Zipf preferences and a shuffle.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Zipf};

use super::GenerateError;

/// A Zipf distribution over `1..=n` with exponent `s`.
pub(super) fn zipf(n: usize, s: f64) -> Result<Zipf<f64>, GenerateError> {
    Zipf::new(n.max(1) as f64, s).map_err(|e| GenerateError::Distribution(e.to_string()))
}

/// A 0-based index drawn from a Zipf distribution.
pub(super) fn sample(zipf: &Zipf<f64>, rng: &mut ChaCha8Rng) -> usize {
    (zipf.sample(rng) as usize).saturating_sub(1)
}

/// A Fisher–Yates shuffle with the generator's own random numbers.
pub(super) fn shuffle(items: &mut [usize], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}
