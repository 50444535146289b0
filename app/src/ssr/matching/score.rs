//! How well an existing post answers a new one. Pure arithmetic on four signals, so the
//! ranking can be tested without a database:
//! - category: the same category (or one below it) counts most; a neighbour in the same
//!   family (e.g. furniture for a need filed under baby things) only counts together
//!   with a shared word, because on its own it is usually noise;
//! - distance between the two municipalities: help is given in person, and someone
//!   without a car cannot fetch a cot from 50 km away;
//! - recency: an offer from yesterday is more likely still there than one from two
//!   months ago;
//! - text: the share of the new post's title words that the other post also uses.
use std::collections::HashSet;

/// How the candidate's category relates to the new post's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryMatch {
    /// The same category, or a subcategory of it.
    Exact,
    /// Another category under the same top-level category.
    Related,
    /// The new post has no category yet (someone still typing): text alone decides.
    Open,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signals {
    pub category: CategoryMatch,
    /// Kilometres between the municipalities; `None` when the new post names none yet.
    pub distance_km: Option<f64>,
    /// Days since the candidate was posted.
    pub age_days: f64,
    /// 0 to 1: the share of the new post's title words found in the candidate.
    pub text: f64,
}

const EXACT_CATEGORY: f64 = 4.0;
const RELATED_CATEGORY: f64 = 1.5;
const NEARBY: f64 = 3.0;
/// Distance at which the place's weight has fallen to about a third.
const DISTANCE_SCALE_KM: f64 = 12.0;
/// An unknown place counts like one about 13 km away.
const UNKNOWN_PLACE: f64 = 1.0;
const FRESH: f64 = 1.0;
const AGE_SCALE_DAYS: f64 = 21.0;
const TEXT: f64 = 3.0;

/// The candidate's score, or `None` when it should not be suggested at all.
pub fn score(signals: &Signals) -> Option<f64> {
    let text = signals.text.clamp(0.0, 1.0);
    let category = match signals.category {
        CategoryMatch::Exact => EXACT_CATEGORY,
        CategoryMatch::Related if text > 0.0 => RELATED_CATEGORY,
        CategoryMatch::Open if text > 0.0 => 0.0,
        CategoryMatch::Related | CategoryMatch::Open => return None,
    };
    let place = match signals.distance_km {
        Some(km) => NEARBY * (-km.max(0.0) / DISTANCE_SCALE_KM).exp(),
        None => UNKNOWN_PLACE,
    };
    let fresh = FRESH * (-signals.age_days.max(0.0) / AGE_SCALE_DAYS).exp();
    Some(category + place + fresh + TEXT * text)
}

/// Very common words that say nothing about what is offered or needed.
const STOP_WORDS: [&str; 24] = [
    "und", "oder", "der", "die", "das", "ein", "eine", "einen", "fur", "mit", "von", "suche",
    "biete", "gesucht", "the", "and", "for", "with", "need", "offer", "looking", "wir", "ich",
    "bitte",
];

/// Whether a (folded) word can say what a post is about: not a stop word, not very short.
pub fn telling(word: &str) -> bool {
    word.chars().count() >= 3 && !STOP_WORDS.contains(&word)
}

/// The share of `wanted` words (each in all its forms) found in `found`.
pub fn overlap(wanted: &[Vec<String>], found: &HashSet<String>) -> f64 {
    if wanted.is_empty() {
        return 0.0;
    }
    let shared = wanted
        .iter()
        .filter(|forms| forms.iter().any(|f| found.contains(f)))
        .count();
    shared as f64 / wanted.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Signals {
        Signals {
            category: CategoryMatch::Exact,
            distance_km: Some(0.0),
            age_days: 1.0,
            text: 0.0,
        }
    }

    fn of(signals: Signals) -> f64 {
        score(&signals).unwrap_or(f64::NEG_INFINITY)
    }

    #[test]
    fn the_same_category_beats_a_related_one() {
        let related = Signals {
            category: CategoryMatch::Related,
            text: 0.5,
            ..base()
        };
        let exact = Signals {
            text: 0.5,
            ..base()
        };
        assert!(of(exact) > of(related));
    }

    #[test]
    fn a_related_category_needs_a_shared_word() {
        let related = Signals {
            category: CategoryMatch::Related,
            ..base()
        };
        assert_eq!(score(&related), None);
        assert!(
            score(&Signals {
                text: 0.3,
                ..related
            })
            .is_some()
        );
        let open = Signals {
            category: CategoryMatch::Open,
            ..base()
        };
        assert_eq!(score(&open), None);
        assert!(score(&Signals { text: 1.0, ..open }).is_some());
    }

    #[test]
    fn nearer_ranks_higher() {
        // Velten to Velten, to Hennigsdorf (~7 km), to Fürstenberg/Havel (~55 km).
        let here = of(base());
        let next_town = of(Signals {
            distance_km: Some(7.0),
            ..base()
        });
        let far = of(Signals {
            distance_km: Some(55.0),
            ..base()
        });
        assert!(here > next_town && next_town > far);
    }

    #[test]
    fn newer_ranks_higher() {
        let new = of(base());
        let old = of(Signals {
            age_days: 40.0,
            ..base()
        });
        assert!(new > old);
    }

    #[test]
    fn shared_words_rank_higher() {
        let none = of(base());
        let half = of(Signals {
            text: 0.5,
            ..base()
        });
        let all = of(Signals {
            text: 1.0,
            ..base()
        });
        assert!(all > half && half > none);
    }

    #[test]
    fn place_outweighs_a_few_days_but_not_the_category() {
        // A fresh offer 55 km away loses to a three-week-old one in the same town...
        let far_fresh = of(Signals {
            distance_km: Some(55.0),
            age_days: 0.0,
            ..base()
        });
        let near_older = of(Signals {
            age_days: 21.0,
            ..base()
        });
        assert!(near_older > far_fresh);
        // ...and a related category next door loses to the exact one in the next town.
        let related_here = of(Signals {
            category: CategoryMatch::Related,
            text: 0.2,
            ..base()
        });
        let exact_near = of(Signals {
            distance_km: Some(7.0),
            ..base()
        });
        assert!(exact_near > related_here);
    }

    #[test]
    fn out_of_range_signals_are_clamped() {
        let odd = Signals {
            distance_km: Some(-5.0),
            age_days: -3.0,
            text: 7.0,
            ..base()
        };
        let sane = Signals {
            distance_km: Some(0.0),
            age_days: 0.0,
            text: 1.0,
            ..base()
        };
        assert_eq!(score(&odd), score(&sane));
    }

    #[test]
    fn overlap_counts_the_share_of_wanted_words() {
        let words = ["kinderwagen", "fur", "velten", "zu"];
        let telling_words: Vec<&str> = words.into_iter().filter(|w| telling(w)).collect();
        assert_eq!(telling_words, ["kinderwagen", "velten"]);
        let wanted = vec![
            vec!["kinderwagen".to_string(), "kinderwag".to_string()],
            vec!["velten".to_string()],
        ];
        let found: HashSet<String> = ["kinderwag", "gut"].map(String::from).into();
        assert!((overlap(&wanted, &found) - 0.5).abs() < 1e-9);
        assert_eq!(overlap(&[], &found), 0.0);
    }
}
