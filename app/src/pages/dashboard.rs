//! `/moderation/dashboard`: for staff, how the platform is used over the last weeks:
//! posts, fulfilled needs, conversations and the median time to the first answer, per
//! week, category and municipality. Charts are SVG drawn on the server; each has a data
//! table with the same figures.
use crate::api::moderation::load_dashboard;
use crate::components::chart::BarChart;
use crate::domain::dashboard::{Dashboard, Figures};
use crate::domain::error::AppError;
use crate::domain::site::Site;
use crate::i18n::*;
use crate::pages::moderation::ModerationNav;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::components::Redirect;

pub const DASHBOARD_PATH: &str = "/moderation/dashboard";

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let figures = Resource::new_blocking(|| (), |_| load_dashboard());
    view! {
        <Title text=t_string!(i18n, dashboard_title).to_string() />
        <h1>{t!(i18n, dashboard_title)}</h1>
        <ModerationNav />
        <Suspense>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(dashboard) => view! { <Sections dashboard /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path=format!("/login?next={DASHBOARD_PATH}") /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <p class="form-error" role="alert">{t!(i18n, error_forbidden)}</p> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sections(dashboard: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let locale = i18n.get_locale_untracked().as_str().to_string();
    let weeks = dashboard.weeks_shown;
    let categories: Vec<(String, Figures)> = dashboard
        .categories
        .into_iter()
        .map(|f| (site.category_name(&f.key, &locale), f))
        .collect();
    let places: Vec<(String, Figures)> = dashboard
        .municipalities
        .into_iter()
        .map(|f| (site.municipality_name(&f.key), f))
        .collect();
    let by_week: Vec<(String, Figures)> = dashboard
        .weeks
        .into_iter()
        .map(|f| (f.key.clone(), f))
        .collect();
    view! {
        <p>{t!(i18n, dashboard_intro, weeks = weeks)}</p>
        <Section id="week" title=t_string!(i18n, dashboard_by_week).to_string()
            first_column=t_string!(i18n, dashboard_week).to_string() rows=by_week />
        <Section id="category" title=t_string!(i18n, dashboard_by_category).to_string()
            first_column=t_string!(i18n, filter_category).to_string() rows=categories />
        <Section id="municipality" title=t_string!(i18n, dashboard_by_municipality).to_string()
            first_column=t_string!(i18n, filter_municipality).to_string() rows=places />
    }
}

fn hours(value: Option<f64>) -> String {
    value
        .map(|h| format!("{h:.1}"))
        .unwrap_or_else(|| "–".to_string())
}

#[component]
fn Section(
    id: &'static str,
    title: String,
    first_column: String,
    rows: Vec<(String, Figures)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("dashboard-{id}");
    let labelled_by = heading.clone();
    let labels: Vec<String> = rows.iter().map(|(name, _)| name.clone()).collect();
    let series =
        |pick: fn(&Figures) -> f64| rows.iter().map(|(_, f)| pick(f)).collect::<Vec<f64>>();
    let charts = [
        (t_string!(i18n, dashboard_posts), series(|f| f.posts as f64)),
        (
            t_string!(i18n, dashboard_fulfilled),
            series(|f| f.needs_fulfilled as f64),
        ),
        (
            t_string!(i18n, dashboard_conversations),
            series(|f| f.conversations as f64),
        ),
        (
            t_string!(i18n, dashboard_median_hours),
            series(|f| f.median_response_hours.unwrap_or(0.0)),
        ),
    ];
    let empty = rows.is_empty();
    view! {
        <section class="dashboard-section" aria-labelledby=labelled_by>
            <h2 id=heading>{title.clone()}</h2>
            {empty.then(|| view! { <p class="empty">{t!(i18n, dashboard_empty)}</p> })}
            {(!empty).then(|| view! {
                <div class="chart-grid">
                    {charts.into_iter().enumerate().map(|(n, (metric, values))| view! {
                        <BarChart id=format!("chart-{id}-{n}") title=format!("{metric} – {title}") labels=labels.clone() values />
                    }.into_any()).collect_view()}
                </div>
                <div class="table-scroll">
                    <table class="data-table">
                        <caption>{title.clone()}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{first_column.clone()}</th>
                                <th scope="col">{t!(i18n, dashboard_posts)}</th>
                                <th scope="col">{t!(i18n, dashboard_fulfilled)}</th>
                                <th scope="col">{t!(i18n, dashboard_conversations)}</th>
                                <th scope="col">{t!(i18n, dashboard_median_hours)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.iter().map(|(name, f)| view! {
                                <tr>
                                    <th scope="row">{name.clone()}</th>
                                    <td>{f.posts}</td>
                                    <td>{f.needs_fulfilled}</td>
                                    <td>{f.conversations}</td>
                                    <td>{hours(f.median_response_hours)}</td>
                                </tr>
                            }.into_any()).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any())}
        </section>
    }
    .into_any()
}
