// The whole match in real Chromium, by two people in two browser contexts: a volunteer
// offers a pram; a mother who needs one is shown it while she writes her need (with
// JavaScript) or on her need's page after posting (without); the volunteer answers, she
// chooses him, the help is marked as given, and the need's light goes red, yellow,
// green. Once with JavaScript on, once off. axe-core checks the conversation pages, the
// conversation list and the saved searches.
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

async function wholeMatch(javaScript) {
  const helper = await openPage(browser, { javaScript });
  const seeker = await openPage(browser, { javaScript });
  try {
    const stamp = Date.now();
    const offerTitle = `Kinderwagen mit Wanne ${stamp}`;
    await signIn(helper.page, "Volker");
    await helper.page.goto(BASE_URL + "/posts/new?kind=offer");
    if (javaScript) await waitForSuggestions(helper.page);
    await helper.page.getByLabel("Ich biete etwas an oder möchte helfen").check();
    await helper.page.getByLabel("Kategorie").selectOption("baby-and-child");
    await helper.page.getByLabel("Ort", { exact: true }).selectOption("velten");
    await helper.page.getByLabel("Titel").fill(offerTitle);
    await helper.page.getByRole("button", { name: "Veröffentlichen" }).click();
    await helper.page.waitForURL(/\/posts\/\d+$/);

    await signIn(seeker.page, "Amal");
    await seeker.page.goto(BASE_URL + "/posts/new?kind=need");
    if (javaScript) await waitForSuggestions(seeker.page);
    await seeker.page.getByLabel("Kategorie").selectOption("baby-and-child");
    await seeker.page.getByLabel("Ort", { exact: true }).selectOption("velten");
    const needTitle = `Kinderwagen gesucht ${stamp}`;
    await seeker.page.getByLabel("Titel").fill(needTitle);
    if (javaScript) {
      // Shown while she writes: she could answer the offer instead of posting.
      await seeker.page.locator(".live-matches").getByRole("link", { name: offerTitle }).waitFor();
      await seeker.page.getByText("Angebote, die passen könnten").waitFor();
    }
    await seeker.page.getByRole("button", { name: "Veröffentlichen" }).click();
    await seeker.page.waitForURL(/\/posts\/\d+$/);
    const needUrl = seeker.page.url();
    await seeker.page.getByText("Offen, Hilfe gesucht").first().waitFor();
    // After posting, the need's page suggests the offer.
    await seeker.page.locator(".matches").getByRole("link", { name: offerTitle }).waitFor();

    // The volunteer answers the need.
    await helper.page.goto(needUrl);
    await helper.page.getByLabel("Ihre Nachricht").fill("Ich habe einen Kinderwagen für Sie.");
    await helper.page.getByRole("button", { name: "Ich kann helfen" }).click();
    await helper.page.waitForURL(/\/conversations\/\d+$/);
    const conversationUrl = helper.page.url();

    // She reads it, chooses him (yellow), and marks the help as given (green).
    await seeker.page.goto(BASE_URL + "/conversations");
    await seeker.page.getByRole("link", { name: needTitle }).click();
    await seeker.page.waitForURL(/\/conversations\/\d+$/);
    await seeker.page.getByText("Ich habe einen Kinderwagen für Sie.").waitFor();
    await seeker.page.getByRole("button", { name: "Diese Person auswählen" }).click();
    await seeker.page.getByText("In Kontakt").first().waitFor();
    await seeker.page.goto(needUrl);
    await seeker.page.getByText("In Kontakt").first().waitFor();
    await seeker.page.goto(conversationUrl);
    await seeker.page.getByRole("button", { name: "Hilfe ist erledigt" }).click();
    await seeker.page.getByText("Erfüllt").first().waitFor();
    await helper.page.goto(needUrl);
    await helper.page.getByText("Erfüllt").first().waitFor();

    if (javaScript) {
      const storageState = await seeker.context.storageState();
      for (const path of [conversationUrl, conversationUrl + "?lang=ar", BASE_URL + "/conversations", BASE_URL + "/alerts"]) {
        assert.deepEqual(await axeViolations(browser, path, { storageState }), [], `axe on ${path}`);
      }
      assert.deepEqual([...helper.errors, ...seeker.errors], [], "browser console errors");
    }
  } finally {
    await helper.context.close();
    await seeker.context.close();
  }
}

test("two people match through a need with JavaScript on: red, yellow, green", async () => {
  await wholeMatch(true);
});

test("the same match works with JavaScript off", async () => {
  await wholeMatch(false);
});

test("a saved search is kept from a listing without JavaScript", async () => {
  const { context, page } = await openPage(browser, { javaScript: false });
  try {
    await signIn(page, "Sami");
    await page.goto(BASE_URL + "/offers?category=furniture&municipality=velten");
    await page.getByLabel("Wie oft").selectOption("weekly");
    await page.getByRole("button", { name: "Suche speichern" }).click();
    await page.waitForURL(/\/alerts$/);
    await page.getByText("Suche gespeichert").waitFor();
    await page.getByRole("link", { name: /Angebote · Möbel · Velten/ }).waitFor();
    const storageState = await context.storageState();
    assert.deepEqual(await axeViolations(browser, BASE_URL + "/alerts", { storageState }), [], "axe on /alerts");
    assert.deepEqual(
      await axeViolations(browser, BASE_URL + "/offers?category=furniture&lang=ar", { storageState }),
      [],
      "axe on a listing with the save form in Arabic",
    );
    await page.getByRole("button", { name: "Löschen" }).click();
    await page.getByText("Gespeicherte Suche gelöscht.").waitFor();
  } finally {
    await context.close();
  }
});
