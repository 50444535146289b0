// The home page in real Chromium, with JavaScript off and on: server-rendered content,
// the language form (the same with JavaScript; it keeps a search),
// right-to-left Arabic, and axe-core with zero serious or critical violations.
//
// Needs BASE_URL (scripts/test.sh starts the release server and sets it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, launch, openPage as open, axeViolations } from "./helpers.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const openPage = (options) => open(browser, options);

async function htmlAttrs(page) {
  const html = page.locator("html");
  return { lang: await html.getAttribute("lang"), dir: await html.getAttribute("dir") };
}

const seriousViolations = (url) => axeViolations(browser, url);

test("without JavaScript the server-rendered home page shows the district", async () => {
  const { context, page } = await openPage({ javaScript: false });
  try {
    const response = await page.goto(BASE_URL + "/");
    assert.equal(response.status(), 200);
    assert.deepEqual(await htmlAttrs(page), { lang: "de", dir: "ltr" });
    assert.equal(await page.locator("h1").innerText(), "Landkreis Oberhavel");
    const places = await page.locator(".municipality-list li").allInnerTexts();
    assert.ok(places.includes("Oranienburg") && places.includes("Fürstenberg/Havel"), places.join());
    assert.equal(await page.locator(".category-list > li").count(), 10);
    // The language form works as a plain GET form: choose Arabic and press the button.
    await page.selectOption("#language-select", "ar");
    await Promise.all([page.waitForURL(/[?&]lang=ar/), page.getByRole("button", { name: "Wechseln" }).click()]);
    assert.deepEqual(await htmlAttrs(page), { lang: "ar", dir: "rtl" });
    assert.equal(await page.locator("#municipalities-title").innerText(), "الأماكن في المنطقة");
  } finally {
    await context.close();
  }
});

test("?lang=ar renders right-to-left without JavaScript", async () => {
  const { context, page } = await openPage({ javaScript: false });
  try {
    await page.goto(BASE_URL + "/?lang=ar");
    assert.deepEqual(await htmlAttrs(page), { lang: "ar", dir: "rtl" });
    // Logical CSS: in RTL the header's brand sits at the right edge.
    const brand = await page.locator(".brand").boundingBox();
    const width = page.viewportSize().width;
    assert.ok(brand.x + brand.width > width / 2, `brand at x=${brand.x} in RTL`);
  } finally {
    await context.close();
  }
});

test("with JavaScript the language form works as without it and keeps a search", async () => {
  const { context, page, errors } = await openPage({ javaScript: true });
  try {
    await page.goto(BASE_URL + "/");
    // Choosing alone changes nothing (an arrow key must not reload the page).
    await page.selectOption("#language-select", "ar");
    assert.deepEqual(await htmlAttrs(page), { lang: "de", dir: "ltr" });
    await Promise.all([page.waitForURL(/[?&]lang=ar/), page.locator(".language-switcher button").click()]);
    assert.deepEqual(await htmlAttrs(page), { lang: "ar", dir: "rtl" });
    assert.equal(await page.locator("#municipalities-title").innerText(), "الأماكن في المنطقة");
    // On a search, the words searched for stay.
    await page.goto(BASE_URL + "/search?q=Fahrrad");
    await page.selectOption("#language-select", "en");
    await Promise.all([page.waitForURL(/[?&]lang=en/), page.locator(".language-switcher button").click()]);
    assert.equal(new URL(page.url()).searchParams.get("q"), "Fahrrad");
    assert.deepEqual(await htmlAttrs(page), { lang: "en", dir: "ltr" });
    // The choice is remembered without the address saying it.
    await page.goto(BASE_URL + "/");
    assert.deepEqual(await htmlAttrs(page), { lang: "en", dir: "ltr" });
    assert.deepEqual(errors, [], "browser console errors");
  } finally {
    await context.close();
  }
});

test("axe-core finds no serious or critical violations in German and Arabic", async () => {
  for (const path of ["/", "/?lang=ar", "/gibt-es-nicht"]) {
    const violations = await seriousViolations(BASE_URL + path);
    assert.deepEqual(violations, [], `axe on ${path}`);
  }
});
