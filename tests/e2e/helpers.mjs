// Shared by the browser tests: Chromium, axe-core, and reading mails from the outbox.
import { createRequire } from "node:module";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve("axe-core/axe.min.js");
export const BASE_URL = process.env.BASE_URL;
export const OUTBOX_DIR = process.env.OUTBOX_DIR;
if (!BASE_URL) throw new Error("set BASE_URL to a running Helferkreis server");

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh context; console errors and page errors are collected in `errors`. */
export async function openPage(browser, { javaScript, locale = "de-DE" }) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, locale });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(`${page.url()}: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`${page.url()}: ${msg.text().split("\n")[0]}`);
  });
  return { context, page, errors };
}

/**
 * axe-core's serious and critical violations at `url`, in a context of its own with
 * JavaScript on (axe is a script) and the site's CSP bypassed for the injected axe only.
 * `storageState` carries a signed-in session over from another context.
 * `siteScripts: false` checks the page as a visitor without JavaScript gets it: the
 * site's own scripts and WASM are not loaded, so the DOM stays the server's HTML.
 */
export async function axeViolations(browser, url, { storageState, locale = "de-DE", siteScripts = true } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true, locale, storageState });
  try {
    if (!siteScripts) {
      await context.route(/\/pkg\/.*\.(js|wasm)(\?.*)?$/, (route) => route.abort());
    }
    const page = await context.newPage();
    await page.goto(url);
    await page.addScriptTag({ path: AXE_PATH });
    const result = await page.evaluate(async () => await globalThis.axe.run(document));
    return violationsOf(result);
  } finally {
    await context.close();
  }
}

function violationsOf(result) {
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

function decodeQuotedPrintable(text) {
  const bytes = [];
  const joined = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === "=" && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The plain-text part of an .eml file, decoded. */
export function plainText(raw) {
  const eml = raw.replace(/\r\n/g, "\n");
  const start = eml.indexOf("Content-Type: text/plain");
  if (start < 0) return "";
  const part = eml.slice(start);
  const split = part.indexOf("\n\n");
  const head = part.slice(0, split).toLowerCase();
  let body = part.slice(split + 2);
  const end = body.indexOf("\n--");
  if (end >= 0) body = body.slice(0, end);
  if (head.includes("quoted-printable")) return decodeQuotedPrintable(body);
  if (head.includes("base64")) return Buffer.from(body.replace(/\s/g, ""), "base64").toString("utf8");
  return body;
}

/** Waits for a mail to `to` in the outbox and returns the first link into the site. */
export async function linkFromMail(to, path) {
  if (!OUTBOX_DIR) throw new Error("set OUTBOX_DIR to the server's outbox folder");
  for (let i = 0; i < 200; i++) {
    const files = (await readdir(OUTBOX_DIR).catch(() => [])).filter((f) => f.endsWith(".eml")).sort().reverse();
    for (const file of files) {
      const raw = await readFile(join(OUTBOX_DIR, file), "utf8");
      if (!raw.includes(to)) continue;
      const text = plainText(raw);
      const match = text.match(new RegExp(`https?://\\S+${path.replace(/[?]/g, "\\?")}\\S*`));
      if (match) return match[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no mail to ${to} with a link to ${path} in ${OUTBOX_DIR}`);
}

/** Waits for a mail to `to` whose text contains `needle`; returns its plain text. */
export async function mailContaining(to, needle) {
  if (!OUTBOX_DIR) throw new Error("set OUTBOX_DIR to the server's outbox folder");
  for (let i = 0; i < 200; i++) {
    const files = (await readdir(OUTBOX_DIR).catch(() => [])).filter((f) => f.endsWith(".eml"));
    for (const file of files) {
      const raw = await readFile(join(OUTBOX_DIR, file), "utf8");
      if (!raw.includes(to)) continue;
      const text = plainText(raw);
      if (text.includes(needle)) return text;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no mail to ${to} containing "${needle}" in ${OUTBOX_DIR}`);
}

/** The password every test account gets. */
export const PASSWORD = "ein langer satz mit worten";

/** An address nobody used before in this server's database. */
export function unique(prefix) {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
}

/** On the new-post form: waits until the WASM has taken over its suggestions island. */
export async function waitForSuggestions(page) {
  await page.locator('.live-matches[data-live="true"]').waitFor({ state: "attached", timeout: 15000 });
}

/** Registers, confirms and logs in through the pages; returns with /account open. */
export async function signIn(page, name) {
  const email = unique(name.toLowerCase());
  await page.goto(BASE_URL + "/register");
  await page.getByLabel("Name, den andere sehen").fill(name);
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(PASSWORD);
  await page.getByRole("button", { name: "Konto anlegen" }).click();
  await page.getByText("Fast geschafft!").waitFor();
  await page.goto(await linkFromMail(email, "/verify-email?token="));
  await page.goto(BASE_URL + "/login");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(PASSWORD);
  await page.getByRole("button", { name: "Anmelden", exact: true }).click();
  await page.waitForURL(/\/account$/);
}
