//! `server seed-demo --posts N`: fills the database with believable offers and needs in
//! German, English and Arabic (as far as the tenant offers them), across every category
//! and municipality, by a few dozen demo accounts that cannot log in. For demos and
//! benchmarks; the same N always gives the same posts (fixed random seed).
use app::domain::account::Role;
use app::domain::organisation::{OrganisationDraft, OrganisationKind, slugify};
use app::domain::post::{PostDraft, PostKind, PostStatus, Urgency};
use app::domain::site::HelpKind;
use app::ssr::db::{now, organisations, posts, search_index, users};
use app::ssr::posts::index;
use app::ssr::state::AppState;
use app::ssr::tenant::{Category, Tenant};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Posts written per transaction.
const BATCH: u64 = 500;
/// Posts are spread over this many past days, so listings look lived-in.
const SPREAD_DAYS: i64 = 45;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// Things people offer or need, per category, in (de, en, ar). Categories without an
/// entry use their own name.
/// A word in German, English and Arabic.
type Words = (&'static str, &'static str, &'static str);

const ITEMS: &[(&str, &[Words])] = &[
    (
        "furniture",
        &[
            ("Sofa", "sofa", "كنبة"),
            ("Kinderbett", "child's bed", "سرير أطفال"),
            ("Kleiderschrank", "wardrobe", "خزانة ملابس"),
            (
                "Esstisch mit Stühlen",
                "dining table with chairs",
                "طاولة طعام مع كراسي",
            ),
            ("Matratze 90 × 200", "mattress 90 × 200", "فرشة 90 × 200"),
        ],
    ),
    (
        "clothing",
        &[
            (
                "Winterjacke Größe 128",
                "winter jacket size 128",
                "معطف شتوي مقاس 128",
            ),
            ("Schuhe Größe 38", "shoes size 38", "حذاء مقاس 38"),
            ("Babykleidung", "baby clothes", "ملابس أطفال رضع"),
        ],
    ),
    (
        "bicycles",
        &[
            ("Fahrrad 26 Zoll", "26 inch bicycle", "دراجة 26 بوصة"),
            ("Kinderfahrrad", "child's bike", "دراجة أطفال"),
            ("Fahrradhelm", "bicycle helmet", "خوذة دراجة"),
        ],
    ),
    (
        "household",
        &[
            ("Waschmaschine", "washing machine", "غسالة"),
            ("Geschirr und Töpfe", "dishes and pots", "أطباق وقدور"),
            ("Kühlschrank", "fridge", "ثلاجة"),
        ],
    ),
    (
        "baby-and-child",
        &[
            ("Kinderwagen", "pram", "عربة أطفال"),
            ("Buggy", "buggy", "عربة أطفال خفيفة"),
            ("Kindersitz fürs Auto", "car seat", "كرسي أطفال للسيارة"),
            ("Spielzeug", "toys", "ألعاب"),
        ],
    ),
    (
        "authorities",
        &[
            (
                "Begleitung zur Ausländerbehörde",
                "going to the immigration office",
                "مرافقة إلى دائرة الأجانب",
            ),
            (
                "Formulare vom Jobcenter",
                "job centre forms",
                "استمارات مركز العمل",
            ),
        ],
    ),
    (
        "medical-appointments",
        &[
            (
                "Begleitung zum Kinderarzt",
                "going to the paediatrician",
                "مرافقة إلى طبيب الأطفال",
            ),
            (
                "Termin beim Zahnarzt",
                "dentist appointment",
                "موعد عند طبيب الأسنان",
            ),
        ],
    ),
    (
        "interpreting",
        &[
            (
                "Dolmetschen Arabisch–Deutsch",
                "Arabic–German interpreting",
                "ترجمة عربي–ألماني",
            ),
            ("Brief übersetzen", "translating a letter", "ترجمة رسالة"),
        ],
    ),
    (
        "moving-help",
        &[
            (
                "Umzug in den 3. Stock",
                "moving to the 3rd floor",
                "الانتقال إلى الطابق الثالث",
            ),
            ("Möbel tragen", "carrying furniture", "حمل الأثاث"),
        ],
    ),
    (
        "rides",
        &[
            (
                "Fahrt zum Krankenhaus",
                "ride to the hospital",
                "توصيلة إلى المستشفى",
            ),
            ("Mitfahrt nach Berlin", "ride to Berlin", "توصيلة إلى برلين"),
        ],
    ),
    (
        "tutoring",
        &[
            (
                "Nachhilfe in Mathe",
                "maths tutoring",
                "دروس خصوصية في الرياضيات",
            ),
            ("Hausaufgabenhilfe", "homework help", "مساعدة في الواجبات"),
        ],
    ),
    (
        "language-tandem",
        &[(
            "Sprachtandem Deutsch–Arabisch",
            "German–Arabic language tandem",
            "تبادل لغوي ألماني–عربي",
        )],
    ),
    (
        "job-applications",
        &[
            (
                "Lebenslauf schreiben",
                "writing a CV",
                "كتابة السيرة الذاتية",
            ),
            (
                "Bewerbung für eine Ausbildung",
                "apprenticeship application",
                "طلب تدريب مهني",
            ),
        ],
    ),
    (
        "flat-search",
        &[(
            "Wohnungssuche für Familie mit zwei Kindern",
            "flat for a family with two children",
            "البحث عن شقة لعائلة مع طفلين",
        )],
    ),
];

const NAMES: &[&str] = &[
    "Anna", "Yusuf", "Maria", "Ahmad", "Jonas", "Leila", "Petra", "Omar", "Lukas", "Fatima",
    "Sabine", "Hassan", "Katrin", "Nour", "Thomas", "Olena", "Dieter", "Amina", "Heike", "Karim",
];
const WHEN: &[Words] = &[
    (
        "dienstags 16–18 Uhr",
        "Tuesdays 4–6 pm",
        "أيام الثلاثاء 4–6 مساءً",
    ),
    ("am Wochenende", "at weekends", "في عطلة نهاية الأسبوع"),
    ("vormittags", "in the mornings", "في الصباح"),
    ("nach Absprache", "by arrangement", "حسب الاتفاق"),
];

fn pick<'a, T>(rng: &mut StdRng, list: &'a [T]) -> &'a T {
    &list[rng.gen_range(0..list.len())]
}

fn leaves(categories: &[Category]) -> Vec<&Category> {
    let mut out = Vec::new();
    for category in categories {
        out.push(category);
        out.extend(leaves(&category.children));
    }
    out
}

/// (title, description, availability) in `language` for one post.
fn words(
    rng: &mut StdRng,
    tenant: &Tenant,
    category: &Category,
    kind: PostKind,
    place: &str,
    language: &str,
) -> (String, String, Option<String>) {
    let item = ITEMS
        .iter()
        .find(|(slug, _)| *slug == category.slug)
        .map(|(_, items)| *pick(rng, items))
        .map(|(de, en, ar)| match language {
            "de" => de.to_string(),
            "ar" => ar.to_string(),
            _ => en.to_string(),
        })
        .unwrap_or_else(|| {
            category
                .name
                .get(language, &tenant.default_locale)
                .to_string()
        });
    let when = pick(rng, WHEN);
    let when = match language {
        "de" => when.0,
        "ar" => when.2,
        _ => when.1,
    };
    let (title, description) = match (language, kind, category.help) {
        ("de", PostKind::Offer, HelpKind::Goods) => (
            format!("{item} abzugeben"),
            format!("Gut erhalten, abzuholen in {place}. Schreib mir kurz, wann es dir passt."),
        ),
        ("de", PostKind::Need, HelpKind::Goods) => (
            format!("Suche {item}"),
            format!(
                "Für unsere Familie in {place}. Wir würden uns sehr freuen, auch über etwas Gebrauchtes."
            ),
        ),
        ("de", PostKind::Offer, HelpKind::Time) => (
            format!("Ich helfe gern: {item}"),
            format!("Ich wohne in {place} und habe {when} Zeit."),
        ),
        ("de", PostKind::Need, HelpKind::Time) => (
            format!("Hilfe gesucht: {item}"),
            format!("Wir suchen jemanden in {place}, am besten {when}. Danke!"),
        ),
        ("ar", PostKind::Offer, HelpKind::Goods) => (
            format!("{item} للتبرع"),
            format!("بحالة جيدة، الاستلام في {place}. اكتب لي متى يناسبك."),
        ),
        ("ar", PostKind::Need, HelpKind::Goods) => (
            format!("أبحث عن {item}"),
            format!("لعائلتنا في {place}. سنكون سعداء جدًا، حتى لو كان مستعملًا."),
        ),
        ("ar", PostKind::Offer, HelpKind::Time) => (
            format!("أساعد بكل سرور: {item}"),
            format!("أسكن في {place} ولدي وقت {when}."),
        ),
        ("ar", PostKind::Need, HelpKind::Time) => (
            format!("مطلوب مساعدة: {item}"),
            format!("نبحث عن شخص في {place}، ويفضل {when}. شكرًا!"),
        ),
        (_, PostKind::Offer, HelpKind::Goods) => (
            format!("Giving away: {item}"),
            format!(
                "In good condition, to be picked up in {place}. Write to me when it suits you."
            ),
        ),
        (_, PostKind::Need, HelpKind::Goods) => (
            format!("Looking for {item}"),
            format!("For our family in {place}. Something used would be great too."),
        ),
        (_, PostKind::Offer, HelpKind::Time) => (
            format!("Happy to help: {item}"),
            format!("I live in {place} and have time {when}."),
        ),
        (_, PostKind::Need, HelpKind::Time) => (
            format!("Help wanted: {item}"),
            format!("We are looking for someone in {place}, ideally {when}. Thank you!"),
        ),
    };
    let availability = (category.help == HelpKind::Time).then(|| when.to_string());
    (title, description, availability)
}

/// Two demo organisations (a welcome circle and an association in the first two places),
/// each with one demo account as its coordinator, who then posts in its name. Returns
/// (coordinator, organisation) pairs; organisations kept from an earlier run are reused.
async fn demo_organisations(
    conn: &mut sqlx::AnyConnection,
    tenant: &Tenant,
    authors: &[i64],
    now: i64,
) -> Result<Vec<(i64, i64)>, SeedError> {
    let mut pairs = Vec::new();
    let plans = [
        (
            OrganisationKind::WelcomeCircle,
            "Willkommenskreis",
            "",
            "Wir sind Nachbarinnen und Nachbarn, die Neuankommende begleiten: zu Ämtern, \
             beim Deutschlernen, bei der Wohnungssuche.\n\nWir treffen uns jeden Dienstag \
             um 18 Uhr im Gemeindehaus. Kommen Sie einfach vorbei.",
        ),
        (
            OrganisationKind::Association,
            "Nachbarschaftshilfe",
            " e. V.",
            "Unser Verein sammelt Möbel, Fahrräder und Kleidung und bringt sie dorthin, \
             wo sie gebraucht werden.\n\nDas Lager ist samstags von 10 bis 13 Uhr offen.",
        ),
    ];
    for ((kind, prefix, suffix, description), (place, author)) in plans
        .into_iter()
        .zip(tenant.municipalities.iter().zip(authors.iter()))
    {
        let name = format!("{prefix} {}{suffix}", place.name);
        let slug = slugify(&name);
        let id = match organisations::by_slug(conn, &slug).await? {
            Some(existing) => existing.id,
            None => {
                let draft = OrganisationDraft {
                    contact_email: format!("{slug}@demo.helferkreis.invalid"),
                    name,
                    slug,
                    kind,
                    municipality: place.slug.clone(),
                    description: description.to_string(),
                };
                organisations::insert(conn, &draft, now).await?
            }
        };
        users::set_role(conn, *author, Role::Coordinator).await?;
        organisations::add_member(conn, id, *author, now).await?;
        pairs.push((*author, id));
    }
    Ok(pairs)
}

/// Creates the demo accounts and `count` posts; with `if_empty`, only when there are no
/// posts yet (the demo run command uses that on every start).
/// Demo posts are published and count as reviewed: the review queue starts empty.
const DEMO_START: posts::Start = posts::Start {
    status: PostStatus::Open,
    reviewed: true,
};

pub async fn seed(
    state: &AppState,
    count: u64,
    users: Option<u64>,
    if_empty: bool,
) -> Result<u64, SeedError> {
    let tenant = &state.tenant;
    let mut conn = state.db.pool().acquire().await?;
    if if_empty {
        let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM posts")
            .fetch_one(&mut *conn)
            .await?;
        if existing > 0 {
            return Ok(0);
        }
    }
    drop(conn);
    let started = now();
    let mut rng = StdRng::seed_from_u64(count);
    let authors_wanted = users.unwrap_or((count / 25).clamp(5, 2000)).max(1);
    let mut authors = Vec::new();
    // Accounts in batches of BATCH per transaction: one commit each would take minutes
    // for the benchmark's 20,000 on SQLite.
    let mut n = 0;
    while n < authors_wanted {
        let mut tx = state.db.begin().await?;
        for n in n..authors_wanted.min(n + BATCH) {
            let email = format!("demo{n}@demo.helferkreis.invalid");
            let name = format!("{} ({})", NAMES[n as usize % NAMES.len()], n + 1);
            let inserted = users::insert(
                &mut tx,
                &users::NewUser {
                    email: &email,
                    display_name: &name,
                    password_hash: None,
                    role: Role::Member,
                    locale: &tenant.default_locale,
                    verified_at: Some(started),
                    now: started,
                },
            )
            .await?;
            let id = match inserted {
                Some(id) => id,
                None => match users::by_email(&mut tx, &email).await? {
                    Some(user) => user.id,
                    None => continue,
                },
            };
            authors.push(id);
        }
        tx.commit().await?;
        n = authors_wanted.min(n + BATCH);
    }
    let mut conn = state.db.pool().acquire().await?;
    let in_name_of = demo_organisations(&mut conn, tenant, &authors, started).await?;
    drop(conn);
    let categories = leaves(&tenant.categories);
    let languages: Vec<&str> = ["de", "de", "de", "en", "ar"]
        .into_iter()
        .filter(|l| tenant.locales.iter().any(|t| t == l))
        .collect();
    let expiry = i64::from(tenant.posts.expiry_days) * 86_400;
    let bar = ProgressBar::new(count);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} posts ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Posts spread over the last SPREAD_DAYS, oldest first: ids follow the time of
    // posting, as they do for real posts (the newest-first search relies on it).
    let step = SPREAD_DAYS * 86_400 / i64::try_from(count).unwrap_or(i64::MAX).max(1);
    let mut written = 0;
    while written < count {
        let mut tx = state.db.begin().await?;
        for _ in 0..BATCH.min(count - written) {
            let category = *pick(&mut rng, &categories);
            let place = pick(&mut rng, &tenant.municipalities);
            let kind = if rng.gen_bool(0.5) {
                PostKind::Offer
            } else {
                PostKind::Need
            };
            let language = *pick(&mut rng, &languages);
            let (title, description, availability) =
                words(&mut rng, tenant, category, kind, &place.name, language);
            let urgency = match rng.gen_range(0..10) {
                0 => Urgency::Urgent,
                1..=2 => Urgency::Low,
                _ => Urgency::Normal,
            };
            let draft = PostDraft {
                kind,
                help: category.help,
                category: category.slug.clone(),
                municipality: place.slug.clone(),
                title,
                description,
                quantity: (category.help == HelpKind::Goods).then(|| rng.gen_range(1..4)),
                availability,
                urgency,
                language: language.to_string(),
                for_whom: None,
                organisation: None,
            };
            let created = started - SPREAD_DAYS * 86_400
                + i64::try_from(written).unwrap_or(0) * step
                + rng.gen_range(0..step.max(1));
            let author = *pick(&mut rng, &authors);
            let draft = PostDraft {
                organisation: in_name_of
                    .iter()
                    .find(|(coordinator, _)| *coordinator == author)
                    .map(|(_, org)| *org),
                ..draft
            };
            let id = posts::insert(
                &mut tx,
                author,
                &draft,
                DEMO_START,
                created,
                created + expiry,
            )
            .await?;
            let docs = index::documents(tenant, &draft);
            search_index::put(&mut tx, id, &docs).await?;
            written += 1;
        }
        tx.commit().await?;
        bar.set_position(written);
    }
    bar.finish();
    Ok(written)
}
