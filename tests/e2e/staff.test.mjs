// The municipality's side in real Chromium, with JavaScript off and on: a moderator
// approves a pre-moderated post from the queue, reads the dashboard (SVG charts with
// data tables), and the information pages; an admin creates an organisation whose
// profile people write to; axe-core finds no serious or critical violations on any of
// them.
//
// Needs BASE_URL and STAFF_LINK (scripts/test.sh creates the staff account with
// `server create-admin --link` and passes the one-time set-password link).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, PASSWORD, launch, openPage, axeViolations, signIn, mailContaining } from "./helpers.mjs";

let browser;
let staffState;
/** The profile the organisation test creates (`/organisations/<slug>`). */
let profilePath;

before(async () => {
  browser = await launch();
  // The staff account sets its password through the link, then logs in (no JavaScript).
  const link = new URL(process.env.STAFF_LINK);
  const { context, page } = await openPage(browser, { javaScript: false });
  try {
    await page.goto(BASE_URL + link.pathname + link.search);
    await page.getByLabel("Neues Passwort").fill(PASSWORD);
    await page.getByRole("button", { name: "Neues Passwort speichern" }).click();
    await page.goto(BASE_URL + "/login");
    await page.getByLabel("E-Mail-Adresse").fill("staff@example.org");
    await page.getByLabel("Passwort").fill(PASSWORD);
    await page.getByRole("button", { name: "Anmelden", exact: true }).click();
    await page.waitForURL(/\/account$/);
    staffState = await context.storageState();
  } finally {
    await context.close();
  }
});

after(async () => {
  await browser?.close();
});

/** A member posts in the pre-moderated childcare category; returns the title. */
async function postForReview(javaScript) {
  const { context, page } = await openPage(browser, { javaScript });
  try {
    await signIn(page, "Rana");
    await page.goto(BASE_URL + "/posts/new?kind=need");
    const title = `Babysitter am Abend ${javaScript ? "mit" : "ohne"} JS ${Date.now()}`;
    await page.getByLabel("Ich suche etwas oder brauche Hilfe").check();
    await page.getByLabel("Kategorie").selectOption("family");
    await page.getByLabel("Ort", { exact: true }).selectOption("velten");
    await page.getByLabel("Titel").fill(title);
    await page.getByLabel("Beschreibung").fill("Zwei Abende pro Woche.");
    await page.getByRole("button", { name: "Veröffentlichen" }).click();
    await page.waitForURL(/\/posts\/\d+$/);
    await page.getByText("Wird geprüft").first().waitFor();
    return title;
  } finally {
    await context.close();
  }
}

async function staffPage(javaScript) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, locale: "de-DE", storageState: staffState });
  return { context, page: await context.newPage() };
}

for (const javaScript of [false, true]) {
  test(`the moderator approves a waiting post from the queue (JavaScript ${javaScript ? "on" : "off"})`, async () => {
    const title = await postForReview(javaScript);
    // Invisible to visitors until approved.
    const anonymous = await openPage(browser, { javaScript: false });
    try {
      await anonymous.page.goto(BASE_URL + "/needs?municipality=velten");
      assert.equal(await anonymous.page.getByRole("link", { name: title }).count(), 0);
    } finally {
      await anonymous.context.close();
    }
    const { context, page } = await staffPage(javaScript);
    try {
      await page.goto(BASE_URL + "/moderation");
      await page.getByRole("heading", { name: "Moderation: Beiträge prüfen" }).waitFor();
      await page.getByLabel(title).check();
      await page.getByLabel("Freigeben").check();
      await page.getByRole("button", { name: "Für die ausgewählten Beiträge ausführen" }).click();
      await page.getByText("Freigegebene Beiträge: 1").waitFor();
      assert.equal(await page.getByLabel(title).count(), 0, "the approved post left the queue");
      await page.goto(BASE_URL + "/needs?municipality=velten");
      await page.getByRole("link", { name: title }).waitFor();
    } finally {
      await context.close();
    }
  });

  test(`the dashboard draws charts with data tables (JavaScript ${javaScript ? "on" : "off"})`, async () => {
    const { context, page } = await staffPage(javaScript);
    try {
      const response = await page.goto(BASE_URL + "/moderation/dashboard");
      assert.equal(response.status(), 200);
      await page.getByRole("heading", { name: "Übersicht", exact: true }).waitFor();
      // Twelve charts (four per section), each an image with a name, and three tables.
      const charts = page.locator("svg[role=img]");
      assert.equal(await charts.count(), 12);
      assert.ok((await charts.first().getAttribute("aria-labelledby")).length > 0);
      assert.equal(await page.locator("table.data-table").count(), 3);
      // The demo's posts are counted: the week table has a non-zero post count.
      const weekly = await page.locator("table.data-table").first().locator("tbody td:first-of-type").allInnerTexts();
      assert.ok(weekly.some((n) => Number(n) > 0), weekly.join());
    } finally {
      await context.close();
    }
  });
}

test("information pages: by life situation, Farsi with the German fallback notice", async () => {
  // The example pages exist in de, en, ar and uk; a Farsi reader gets the German text.
  const { context, page } = await openPage(browser, { javaScript: false, locale: "fa" });
  try {
    await page.goto(BASE_URL + "/info?lang=fa");
    await page.getByRole("heading", { name: "رسیدن" }).waitFor();
    await page.getByRole("link", { name: "Krankenversicherung und Arztbesuch" }).click();
    await page.getByText("این صفحه هنوز به فارسی نیست").waitFor();
    assert.equal(await page.locator("article.info-page").getAttribute("lang"), "de");
  } finally {
    await context.close();
  }
});

test("an admin creates an organisation; its profile never shows the contact address", async () => {
  const { context, page } = await staffPage(false);
  const name = `Willkommenskreis Velten ${Date.now()}`;
  try {
    await page.goto(BASE_URL + "/organisations");
    await page.getByRole("link", { name: "Neue Organisation" }).click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Art", { exact: true }).selectOption("welcome_circle");
    await page.getByLabel("Ort", { exact: true }).selectOption("velten");
    await page.getByLabel("Beschreibung").fill("Wir treffen uns donnerstags.\n\nAlle sind willkommen.");
    await page.getByLabel("E-Mail-Adresse für das Kontaktformular").fill("velten-kreis@example.org");
    await page.getByRole("button", { name: "Profil speichern" }).click();
    await page.waitForURL(/\/organisations\/willkommenskreis-velten-\d+$/);
    profilePath = new URL(page.url()).pathname;
    await page.getByRole("heading", { name, level: 1 }).waitFor();
    await page.getByText("Das Profil ist gespeichert.").waitFor();
  } finally {
    await context.close();
  }
  const anonymous = await openPage(browser, { javaScript: false });
  try {
    await anonymous.page.goto(BASE_URL + "/organisations");
    await anonymous.page.getByRole("link", { name }).click();
    await anonymous.page.getByText("Alle sind willkommen.").waitFor();
    assert.ok(!(await anonymous.page.content()).includes("velten-kreis@example.org"));
    await anonymous.page.getByRole("link", { name: "Melden Sie sich an, um dieser Organisation zu schreiben." }).waitFor();
  } finally {
    await anonymous.context.close();
  }
});

for (const javaScript of [false, true]) {
  test(`a member writes to an organisation through its profile (JavaScript ${javaScript ? "on" : "off"})`, async () => {
    assert.ok(profilePath, "the organisation test ran first");
    const { context, page } = await openPage(browser, { javaScript });
    try {
      await signIn(page, "Samir");
      await page.goto(BASE_URL + profilePath);
      const message = `Ich helfe gern beim Umzug, ${javaScript ? "mit" : "ohne"} JS ${Date.now()}.`;
      await page.getByLabel("Ihre Nachricht").fill(message);
      await page.getByRole("button", { name: "Nachricht senden" }).click();
      await page.getByText("Ihre Nachricht wurde weitergeleitet.").waitFor();
      assert.equal(await page.getByLabel("Ihre Nachricht").inputValue(), "", "the field is empty again");
      const mail = await mailContaining("velten-kreis@example.org", message);
      assert.match(mail, /samir-/, "the sender's address is in the mail for the answer");
    } finally {
      await context.close();
    }
  });
}

test("axe-core: queue, dashboard, organisations and information pages have no serious violations", async () => {
  assert.ok(profilePath, "the organisation test ran first");
  // The staff's pages in German and Arabic, with JavaScript on and off.
  const staffPages = ["/moderation", "/moderation/dashboard", "/moderation/reports", "/admin/users", "/admin/audit", "/admin/organisations/new", profilePath, `${profilePath}/edit`];
  for (const lang of ["de", "ar"]) {
    for (const siteScripts of [true, false]) {
      for (const path of staffPages) {
        const url = `${BASE_URL}${path}?lang=${lang}`;
        const violations = await axeViolations(browser, url, { storageState: staffState, siteScripts });
        assert.deepEqual(violations, [], `${url} (JavaScript ${siteScripts ? "on" : "off"}): ${JSON.stringify(violations, null, 2)}`);
      }
    }
  }
  for (const path of ["/info", "/info/register-address", "/info/health-care?lang=ar", "/info/health-care?lang=fa", "/search?q=Deutschkurs", "/organisations", profilePath, `${profilePath}?lang=ar`]) {
    const violations = await axeViolations(browser, BASE_URL + path);
    assert.deepEqual(violations, [], `${path}: ${JSON.stringify(violations, null, 2)}`);
  }
});
