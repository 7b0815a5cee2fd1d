// The harness of the browser check (tests/browser_check.mjs): headless Chromium through
// playwright-core, pages that may reach only the server being checked, named steps that
// record their outcome (and a screenshot when they fail), and the closing summary.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const foreign = [];
const pageErrors = [];
const results = [];
let browser = null;
let origin = '';
let shots = '';

/** Starts Chromium (`CHROMIUM`, or Debian's /usr/bin/chromium) for the server at `base`. */
export async function launch(base, screenshots) {
  origin = new URL(base).origin;
  shots = screenshots;
  // Without these, Chromium reaches for the network (updates, sync, QUIC probes) on its own.
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A page in a context of its own that may reach only `server` (the server being checked
 * unless said otherwise): a request elsewhere is recorded as a failure and not sent, and
 * every error the page logs is recorded too.
 */
export async function newPage(viewport = { width: 1366, height: 860 }, server = origin) {
  const allowed = new URL(server).origin;
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === allowed) {
      return route.continue();
    }
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${page.url()}: console: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.setDefaultTimeout(15_000);
  return page;
}

/** Runs one named step on `page`; a failure is recorded, with a screenshot, and the check goes on. */
export async function step(name, page, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ step: name, ok: true, ms: Date.now() - started });
    console.log(`ok   ${name}`);
  } catch (error) {
    results.push({ step: name, ok: false, error: String(error.message ?? error) });
    console.log(`FAIL ${name}: ${error.message ?? error}`);
    await page
      .screenshot({ path: join(shots, `failed-${name.replace(/\W+/g, '-')}.png`) })
      .catch(() => {});
  }
}

/** Where the screenshot called `name` goes. */
export function shot(name) {
  return join(shots, name);
}

/** Fails the step with `message` unless `condition` holds. */
export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** The number of entities the explorer says it shows. */
export async function shownCount(page) {
  const text = await page.locator('#network-summary').textContent();
  const match = /^(\d+) entities and (\d+) relations/.exec(text ?? '');
  expect(match, `no network summary: ${text}`);
  return Number(match[1]);
}

/** Waits until the explorer shows a network, and returns its number of entities. */
export async function waitForNetwork(page) {
  await page.waitForFunction(() =>
    /^\d+ entities/.test(document.querySelector('#network-summary')?.textContent ?? ''),
  );
  return shownCount(page);
}

/** Asks the server being checked (or `server`) a GraphQL query; returns its data. */
export async function graphql(query, server = origin) {
  const response = await fetch(`${new URL(server).origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Clicks `button` and returns the file it downloads: its name and bytes. */
export async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/**
 * Closes the browser and prints the outcome: what failed, and as the last line a JSON summary
 * that tests/it/browser.rs reads. Exits with 1 when anything failed.
 */
export async function finish() {
  await browser.close();
  let failed = results.some((r) => !r.ok);
  if (foreign.length) {
    failed = true;
    console.log(`FAIL requests left the machine:\n  ${[...new Set(foreign)].join('\n  ')}`);
  }
  if (pageErrors.length) {
    failed = true;
    console.log(`FAIL the pages logged errors:\n  ${pageErrors.join('\n  ')}`);
  }
  console.log(
    JSON.stringify({
      steps: results.length,
      failed: results.filter((r) => !r.ok).length,
      foreign: foreign.length,
      errors: pageErrors.length,
    }),
  );
  process.exit(failed ? 1 : 0);
}
