//! Bar charts drawn on the server as SVG: readable without JavaScript, and named for
//! screen readers (the figures themselves are in a data table beside each chart).
use leptos::prelude::*;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 120.0;
const GAP: f64 = 2.0;

/// One bar per value; `labels` name them (shown as a tooltip).
#[component]
pub fn BarChart(id: String, title: String, labels: Vec<String>, values: Vec<f64>) -> impl IntoView {
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let count = values.len().max(1) as f64;
    let step = WIDTH / count;
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let bars = values
        .into_iter()
        .zip(labels)
        .enumerate()
        .map(|(i, (value, label))| {
            let height = if max > 0.0 { value / max * (HEIGHT - 14.0) } else { 0.0 };
            let x = i as f64 * step + GAP / 2.0;
            let y = HEIGHT - height;
            view! {
                <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", (step - GAP).max(1.0))
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
                <text x="2" y="10" class="chart-max">{top}</text>
            </svg>
            <figcaption>{title}</figcaption>
        </figure>
    }
    .into_any()
}
