//! The staff dashboard: posts, fulfilled needs, conversations and the median time to
//! the first answer, per week, category and municipality.
use serde::{Deserialize, Serialize};

/// One published post as the dashboard counts it.
#[derive(Clone, Debug, PartialEq)]
pub struct PostFacts {
    pub created_at: i64,
    pub category: String,
    pub municipality: String,
    pub need: bool,
    pub fulfilled: bool,
    pub conversations: i64,
    /// When the first conversation on it started.
    pub first_response: Option<i64>,
}

/// The figures of one group of posts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// The week's Monday, a category slug or a municipality slug.
    pub key: String,
    pub posts: i64,
    pub needs_fulfilled: i64,
    pub conversations: i64,
    /// Median hours from publication to the first answer, over the posts answered.
    pub median_response_hours: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Oldest week first, every week of the period (empty weeks too).
    pub weeks: Vec<Figures>,
    /// Most posts first.
    pub categories: Vec<Figures>,
    pub municipalities: Vec<Figures>,
    pub weeks_shown: u32,
}

/// Median of `values` (sorted here); `None` when empty.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    } else {
        values[mid] as f64
    })
}

/// Groups `posts` by `key` into figures.
pub fn group<'a>(
    posts: impl Iterator<Item = &'a PostFacts>,
    key: impl Fn(&PostFacts) -> String,
) -> Vec<Figures> {
    let mut groups: std::collections::BTreeMap<String, (Figures, Vec<i64>)> = Default::default();
    for post in posts {
        let k = key(post);
        let (figures, waits) = groups.entry(k.clone()).or_insert_with(|| {
            (
                Figures {
                    key: k,
                    ..Figures::default()
                },
                Vec::new(),
            )
        });
        figures.posts += 1;
        figures.needs_fulfilled += i64::from(post.need && post.fulfilled);
        figures.conversations += post.conversations;
        if let Some(first) = post.first_response {
            waits.push((first - post.created_at).max(0));
        }
    }
    groups
        .into_values()
        .map(|(mut figures, mut waits)| {
            figures.median_response_hours = median(&mut waits).map(|s| (s / 360.0).round() / 10.0);
            figures
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(category: &str, created: i64, first: Option<i64>, fulfilled: bool) -> PostFacts {
        PostFacts {
            created_at: created,
            category: category.into(),
            municipality: "velten".into(),
            need: true,
            fulfilled,
            conversations: i64::from(first.is_some()),
            first_response: first,
        }
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
    }

    #[test]
    fn groups_count_and_take_the_median_wait_in_hours() {
        let posts = [
            post("rides", 0, Some(3_600), true),
            post("rides", 0, Some(3 * 3_600), false),
            post("rides", 0, None, true),
            post("furniture", 0, None, false),
        ];
        let groups = group(posts.iter(), |p| p.category.clone());
        assert_eq!(groups.len(), 2);
        let rides = &groups[1];
        assert_eq!(
            (
                rides.key.as_str(),
                rides.posts,
                rides.needs_fulfilled,
                rides.conversations
            ),
            ("rides", 3, 2, 2)
        );
        assert_eq!(rides.median_response_hours, Some(2.0));
        assert_eq!(groups[0].median_response_hours, None);
    }
}
