// Posting in real Chromium: a need with JavaScript off and an offer with JavaScript on
// (the same plain form posts and redirects; with JavaScript the form's island also
// shows matching posts); both then show up in the listing and in search. axe-core checks the
// listing, search, post and form pages in German and Arabic.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, launch, openPage, axeViolations, signIn, waitForSuggestions } from "./helpers.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function fillPost(page, { kind, category, place, title, description }) {
  await page.getByLabel(kind).check();
  await page.getByLabel("Kategorie").selectOption(category);
  await page.getByLabel("Ort", { exact: true }).selectOption(place);
  await page.getByLabel("Titel").fill(title);
  await page.getByLabel("Beschreibung").fill(description);
}

test("without JavaScript a need is posted, listed and found with a typo", async () => {
  const { context, page } = await openPage(browser, { javaScript: false });
  try {
    await signIn(page, "Nadia");
    await page.goto(BASE_URL + "/");
    await page.getByRole("link", { name: "Ich brauche Hilfe" }).click();
    await page.waitForURL(/\/posts\/new\?kind=need$/);
    const title = `Kinderwagen für Zwillinge ${Date.now()}`;
    // A missing title is explained next to the field, and what was typed stays.
    await fillPost(page, {
      kind: "Ich suche etwas oder brauche Hilfe",
      category: "baby-and-child",
      place: "velten",
      title: "",
      description: "Am liebsten bis Ende des Monats.",
    });
    await page.getByRole("button", { name: "Veröffentlichen" }).click();
    await page.getByText("Bitte füllen Sie dieses Feld aus.").waitFor();
    assert.equal(await page.getByLabel("Beschreibung").inputValue(), "Am liebsten bis Ende des Monats.");
    assert.equal(await page.getByLabel("Titel").getAttribute("aria-invalid"), "true");

    await page.getByLabel("Titel").fill(title);
    await page.getByRole("button", { name: "Veröffentlichen" }).click();
    await page.waitForURL(/\/posts\/\d+$/);
    await page.getByText("Der Beitrag ist gespeichert").waitFor();
    await page.getByText("Offen, Hilfe gesucht").waitFor();

    await page.goto(BASE_URL + "/needs?municipality=velten");
    await page.getByRole("link", { name: title }).waitFor();
    await page.goto(BASE_URL + "/search?q=" + encodeURIComponent("Kinderwagn Zwilinge"));
    await page.getByRole("link", { name: title }).waitFor();
    assert.ok((await page.locator("mark").count()) >= 1, "the matched words are marked");
  } finally {
    await context.close();
  }
});

test("with JavaScript an offer is posted from the same form and opens its page", async () => {
  const { context, page, errors } = await openPage(browser, { javaScript: true });
  try {
    await signIn(page, "Jonas");
    await page.goto(BASE_URL + "/posts/new?kind=offer");
    await waitForSuggestions(page);
    const title = `Sofa mit Schlaffunktion ${Date.now()}`;
    await fillPost(page, {
      kind: "Ich biete etwas an oder möchte helfen",
      category: "furniture",
      place: "oranienburg",
      title: "ab",
      description: "Grau, drei Sitze.",
    });
    await page.getByRole("button", { name: "Veröffentlichen" }).click();
    await page.getByText("Das ist zu kurz.").waitFor();
    assert.equal(await page.getByLabel("Beschreibung").inputValue(), "Grau, drei Sitze.");

    await page.getByLabel("Titel").fill(title);
    await page.getByRole("button", { name: "Veröffentlichen" }).click();
    await page.waitForURL(/\/posts\/\d+$/);
    await page.getByRole("heading", { name: title }).waitFor();
    await page.getByText("Verfügbar").first().waitFor();

    await page.goto(BASE_URL + "/search?q=Couch");
    await page.getByRole("link", { name: title }).waitFor();
    const storageState = await context.storageState();
    assert.deepEqual(await axeViolations(browser, BASE_URL + "/posts/new", { storageState }), [], "axe on /posts/new");
    assert.deepEqual(
      await axeViolations(browser, BASE_URL + "/posts/new?lang=ar", { storageState }),
      [],
      "axe on /posts/new in Arabic",
    );
    const postUrl = BASE_URL + new URL(await page.getByRole("link", { name: title }).getAttribute("href"), BASE_URL).pathname;
    assert.deepEqual(await axeViolations(browser, postUrl, { storageState }), [], "axe on the author's post page");
    assert.deepEqual(await axeViolations(browser, postUrl), [], "axe on the public post page");
    assert.deepEqual(await axeViolations(browser, postUrl + "?lang=ar"), [], "axe on the post page in Arabic");
    assert.deepEqual(errors, [], "browser console errors");
  } finally {
    await context.close();
  }
});

test("axe-core finds no serious or critical violations on listings and search", async () => {
  for (const path of ["/needs", "/offers?help=goods&sort=newest", "/search?q=Sofa", "/offers?lang=ar", "/search?q=Fahrad&lang=ar", "/my-posts"]) {
    assert.deepEqual(await axeViolations(browser, BASE_URL + path), [], `axe on ${path}`);
  }
});
