//! Bar charts drawn on the server as SVG: readable without JavaScript, and named for
//! screen readers (the figures themselves are in a data table beside each chart).
//! In Arabic and Farsi the bars run from the right, like the text and the tables.
use crate::domain::locale::direction;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 120.0;
const GAP: f64 = 2.0;

/// One bar per value; `labels` name them (shown as a tooltip).
#[component]
pub fn BarChart(id: String, title: String, labels: Vec<String>, values: Vec<f64>) -> impl IntoView {
    let rtl = direction(use_i18n().get_locale_untracked().as_str()) == "rtl";
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let count = values.len();
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let bars = values
        .into_iter()
        .zip(labels)
        .enumerate()
        .map(|(i, (value, label))| {
            let height = if max > 0.0 { value / max * (HEIGHT - 14.0) } else { 0.0 };
            let x = bar_x(i, count, rtl);
            let y = HEIGHT - height;
            view! {
                <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", (slot_width(count) - GAP).max(1.0))
                    height=format!("{height:.1}") class="chart-bar">
                    <title>{format!("{label}: {value}")}</title>
                </rect>
            }
            .into_any()
        })
        .collect_view();
    let top = if max.fract() == 0.0 {
        format!("{max:.0}")
    } else {
        format!("{max:.1}")
    };
    view! {
        <figure class="chart">
            <svg id=id viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=labelled_by
                width="100%" preserveAspectRatio="none">
                <title id=title_id>{title.clone()}</title>
                <line x1="0" y1=format!("{HEIGHT}") x2=format!("{WIDTH}") y2=format!("{HEIGHT}") class="chart-axis" />
                {bars}
                <text x=if rtl { format!("{}", WIDTH - 2.0) } else { "2".to_string() } y="10"
                    text-anchor=if rtl { "end" } else { "start" } class="chart-max">{top}</text>
            </svg>
            <figcaption>{title}</figcaption>
        </figure>
    }
    .into_any()
}

/// The width each of `count` bars gets, gap included.
fn slot_width(count: usize) -> f64 {
    WIDTH / count.max(1) as f64
}

/// Where the `i`-th of `count` bars starts: from the left in left-to-right pages, from
/// the right in right-to-left ones (the first week stands where reading starts).
fn bar_x(i: usize, count: usize, rtl: bool) -> f64 {
    let slot = if rtl { count.saturating_sub(i + 1) } else { i };
    slot as f64 * slot_width(count) + GAP / 2.0
}

#[cfg(test)]
mod tests {
    use super::bar_x;

    #[test]
    fn bars_start_where_reading_starts() {
        assert!(bar_x(0, 4, false) < bar_x(3, 4, false));
        assert!(bar_x(0, 4, true) > bar_x(3, 4, true));
        assert_eq!(bar_x(0, 4, true), bar_x(3, 4, false));
        assert_eq!(bar_x(0, 1, true), bar_x(0, 1, false));
    }
}
