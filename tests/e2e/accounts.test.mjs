// Registration and login in real Chromium: with JavaScript off and on (the same plain
// forms and redirects either way; only the islands run), reading the confirmation link
// from the server's outbox. The pages pass axe-core and the CSP lets the WASM run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, PASSWORD, launch, openPage, axeViolations, linkFromMail, unique } from "./helpers.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function fillRegistration(page, name, email) {
  await page.getByLabel("Name, den andere sehen").fill(name);
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(PASSWORD);
}

test("without JavaScript a person registers, confirms and logs in", async () => {
  const { context, page } = await openPage(browser, { javaScript: false });
  const email = unique("ohne-js");
  try {
    await page.goto(BASE_URL + "/register");
    await fillRegistration(page, "Fahrrad Fee", email);
    await page.getByRole("button", { name: "Konto anlegen" }).click();
    await page.waitForURL(/\/register$/);
    await page.getByText("Fast geschafft!").waitFor();

    await page.goto(await linkFromMail(email, "/verify-email?token="));
    await page.getByText("Ihre E-Mail-Adresse ist bestätigt").waitFor();

    await page.goto(BASE_URL + "/login");
    await page.getByLabel("E-Mail-Adresse").fill(email);
    await page.getByLabel("Passwort").fill("falsches passwort");
    await page.getByRole("button", { name: "Anmelden", exact: true }).click();
    await page.getByText("E-Mail-Adresse oder Passwort stimmen nicht.").waitFor();
    // The address stays in the field after the failed attempt.
    assert.equal(await page.getByLabel("E-Mail-Adresse").inputValue(), email);

    await page.getByLabel("Passwort").fill(PASSWORD);
    await page.getByRole("button", { name: "Anmelden", exact: true }).click();
    await page.waitForURL(/\/account$/);
    await page.getByText("Angemeldet als Fahrrad Fee").waitFor();

    await page.getByRole("button", { name: "Abmelden" }).click();
    await page.waitForURL(BASE_URL + "/");
    await page.getByRole("link", { name: "Anmelden" }).waitFor();
  } finally {
    await context.close();
  }
});

test("with JavaScript the same forms work, and login loads the account page", async () => {
  const { context, page, errors } = await openPage(browser, { javaScript: true });
  const email = unique("mit-js");
  try {
    await page.goto(BASE_URL + "/register");

    // A mistake is explained next to the field, and what was typed stays.
    await page.getByLabel("Name, den andere sehen").fill("Mira");
    await page.getByLabel("E-Mail-Adresse").fill("keine-adresse");
    await page.getByLabel("Passwort").fill("kurz");
    await page.getByRole("button", { name: "Konto anlegen" }).click();
    await page.getByText("Das Passwort ist zu kurz").waitFor();
    assert.equal(await page.getByLabel("E-Mail-Adresse").getAttribute("aria-invalid"), "true");
    assert.equal(await page.getByLabel("Name, den andere sehen").inputValue(), "Mira");

    await fillRegistration(page, "Mira", email);
    await page.getByRole("button", { name: "Konto anlegen" }).click();
    await page.getByText("Fast geschafft!").waitFor();

    await page.goto(await linkFromMail(email, "/verify-email?token="));
    await page.getByText("Ihre E-Mail-Adresse ist bestätigt").waitFor();

    await page.goto(BASE_URL + "/login");
    await page.getByLabel("E-Mail-Adresse").fill(email);
    await page.getByLabel("Passwort").fill(PASSWORD);
    await page.getByRole("button", { name: "Anmelden", exact: true }).click();
    await page.waitForURL(/\/account$/);
    await page.getByText("Angemeldet als Mira").waitFor();
    const storageState = await context.storageState();
    assert.deepEqual(await axeViolations(browser, BASE_URL + "/account", { storageState }), [], "axe on /account");
    assert.deepEqual(
      await axeViolations(browser, BASE_URL + "/account?lang=ar", { storageState }),
      [],
      "axe on /account in Arabic",
    );

    // Arabic: the account page is right-to-left.
    await page.goto(BASE_URL + "/account?lang=ar");
    assert.equal(await page.locator("html").getAttribute("dir"), "rtl");
    assert.deepEqual(errors, [], "browser console errors (a CSP violation would show here)");
  } finally {
    await context.close();
  }
});

test("axe-core finds no serious or critical violations on the account pages", async () => {
  for (const path of ["/register", "/login", "/register?lang=ar", "/forgot-password", "/privacy", "/imprint?lang=ar"]) {
    assert.deepEqual(await axeViolations(browser, BASE_URL + path), [], `axe on ${path}`);
  }
});
