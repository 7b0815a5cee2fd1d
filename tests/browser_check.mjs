// Drives the playground and the explorer in headless Chromium (playwright-core with Debian's
// /usr/bin/chromium) against a running server, as tests/it/browser.rs does:
//   node tests/browser_check.mjs http://127.0.0.1:PORT target/screenshots
// Fails (exit 1) when a step fails, when any request leaves the server's origin, or when a
// page logs an error. Saves screenshots of every view into the given directory.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const base = process.argv[2];
const shots = process.argv[3] ?? 'target/screenshots';
if (!base) {
  console.error('usage: node tests/browser_check.mjs <server URL> [screenshot directory]');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const origin = new URL(base).origin;
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Without these, Chromium reaches for the network (updates, sync, QUIC probes) on its own.
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage',
  ],
});

const foreign = [];
const pageErrors = [];
const results = [];
let failed = false;

async function newPage(viewport = { width: 1366, height: 860 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  // Every request is recorded; one to another origin is a failure and is not sent.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) {
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

async function step(name, page, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ step: name, ok: true, ms: Date.now() - started });
    console.log(`ok   ${name}`);
  } catch (error) {
    failed = true;
    results.push({ step: name, ok: false, error: String(error.message ?? error) });
    console.log(`FAIL ${name}: ${error.message ?? error}`);
    await page.screenshot({ path: join(shots, `failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** The number of entities the explorer says it shows. */
async function shownCount(page) {
  const text = await page.locator('#network-summary').textContent();
  const match = /^(\d+) entities and (\d+) relations/.exec(text ?? '');
  expect(match, `no network summary: ${text}`);
  return Number(match[1]);
}

async function waitForNetwork(page) {
  await page.waitForFunction(() => /^\d+ entities/.test(document.querySelector('#network-summary')?.textContent ?? ''));
  return shownCount(page);
}

async function graphql(query) {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

// ---- the playground -------------------------------------------------------------------

{
  const page = await newPage();
  await step('playground loads offline with example tabs', page, async () => {
    const response = await page.goto(`${base}/`);
    expect(response.ok(), `status ${response.status()}`);
    expect((response.headers()['content-security-policy'] ?? '').includes("default-src 'self'"), 'no CSP');
    await page.waitForSelector('.graphiql-container');
    const tabs = await page.locator('.graphiql-tab').count();
    expect(tabs >= 6, `expected the example tabs, found ${tabs}`);
  });
  await step('playground documentation explorer', page, async () => {
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector('.graphiql-doc-explorer');
    await page.getByRole('link', { name: 'Query' }).first().click();
    await page.waitForSelector('.graphiql-doc-explorer :text("neighborhood")');
  });
  await step('playground runs a query on the bundled data', page, async () => {
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent.includes('Advanced Materials Research Centre'));
    const text = await page.locator('.result-window').textContent();
    expect(text.includes('"length"') && text.includes('Cantabria'), `unexpected result: ${text.slice(0, 200)}`);
    await page.screenshot({ path: join(shots, 'playground.png') });
  });
  await step('playground history keeps the query', page, async () => {
    await page.click('button[aria-label="Show History"]');
    await page.waitForSelector('.graphiql-history-item');
    await page.screenshot({ path: join(shots, 'playground-history.png') });
  });
  await page.context().close();
}

// ---- the explorer ---------------------------------------------------------------------

const page = await newPage();
let entityUrl = '';
await step('explorer start page', page, async () => {
  const response = await page.goto(`${base}/explore`);
  expect(response.ok(), `status ${response.status()}`);
  await page.waitForSelector('text=Explore the cooperation network');
  await page.screenshot({ path: join(shots, 'explore-start.png') });
});

await step('search with facet counts by kind', page, async () => {
  await page.fill('#search-input', 'juarez');
  await page.press('#search-input', 'Enter');
  await page.waitForURL(/q=juarez/);
  await page.waitForSelector('.facet[data-kind="INSTITUTION"]');
  const all = await page.locator('#result-count').textContent();
  const facet = await page.locator('.facet[data-kind="INSTITUTION"]').textContent();
  const count = Number(/(\d+)/.exec(facet)[1]);
  await page.screenshot({ path: join(shots, 'explore-search.png') });
  await page.click('.facet[data-kind="INSTITUTION"]');
  await page.waitForURL(/kind=INSTITUTION/);
  await page.waitForFunction((n) => document.querySelector('#result-count')?.textContent.startsWith(`${n} `), count);
  expect(await page.locator('.hits li').count() === Math.min(count, 30), 'the hits match the facet count');
  expect(all !== (await page.locator('#result-count').textContent()) || count === Number(/(\d+)/.exec(all)[1]), 'the facet filters');
});

await step('autocomplete suggests and opens an entity', page, async () => {
  await page.fill('#search-input', '');
  await page.locator('#search-input').pressSequentially('cantab', { delay: 40 });
  await page.waitForSelector('.suggestions li:has-text("Cantabria")');
  expect((await page.getAttribute('#search-input', 'aria-expanded')) === 'true', 'the combobox says it is expanded');
  await page.screenshot({ path: join(shots, 'explore-suggest.png') });
  await page.press('#search-input', 'ArrowDown');
  await page.press('#search-input', 'Enter');
  await page.waitForURL(/entity=region%3Acantabria/);
  await page.waitForSelector('h1:has-text("Cantabria")');
});

let before = 0;
await step('entity view: fields, sources, relations by type, network', page, async () => {
  await page.waitForSelector('.relation-group');
  const groups = await page.locator('.relation-group').count();
  expect(groups >= 2, `relations grouped by type: ${groups}`);
  expect((await page.locator('.sources li').count()) >= 1, 'sources are listed');
  before = await waitForNetwork(page);
  const expected = await graphql('{ neighborhood(id: "region:cantabria", depth: 1) { entities { id } } }');
  expect(before === expected.neighborhood.entities.length, `network shows ${before}, the API has ${expected.neighborhood.entities.length}`);
  await page.screenshot({ path: join(shots, 'explore-entity.png') });
});

await step('expand a node in place (keyboard)', page, async () => {
  await page.click('#table-view summary');
  const buttons = page.locator('button.expand');
  const total = await buttons.count();
  expect(total > 0, 'expand buttons are listed');
  let grown = false;
  for (let i = 0; i < Math.min(total, 8) && !grown; i++) {
    const count = await shownCount(page);
    const button = page.locator('button.expand').nth(0);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^Expanded/.test(document.querySelector('#status')?.textContent ?? ''));
    grown = (await shownCount(page)) > count;
    if (!grown) await page.evaluate(() => { document.querySelector('#status').textContent = ''; });
  }
  expect(grown, 'expanding added entities');
  expect(/expanded=/.test(page.url()), 'the URL records the expansion');
  entityUrl = page.url();
  await page.screenshot({ path: join(shots, 'explore-expanded.png') });
});

await step('a shared URL restores the view', page, async () => {
  const shown = await shownCount(page);
  const other = await newPage();
  await other.goto(entityUrl);
  await other.waitForSelector('h1:has-text("Cantabria")');
  await other.waitForFunction((n) => (document.querySelector('#network-summary')?.textContent ?? '').startsWith(`${n} entities`), shown);
  await other.context().close();
});

await step('exports PNG, SVG and GraphML', page, async () => {
  const shown = await shownCount(page);
  const png = await download(page, '#export-png');
  expect(png.bytes.length > 1000 && png.bytes.subarray(1, 4).toString() === 'PNG', `PNG: ${png.bytes.length} bytes`);
  const svg = await download(page, '#export-svg');
  expect(svg.bytes.toString().includes('<svg'), 'SVG');
  const graphml = await download(page, '#export-graphml');
  const text = graphml.bytes.toString();
  expect(text.includes('<graphml'), 'GraphML');
  const nodes = (text.match(/<node /g) ?? []).length;
  expect(nodes === shown, `GraphML has ${nodes} nodes, the view ${shown}`);
  expect(graphml.name.endsWith('.graphml'), graphml.name);
});

await step('the date control shows the network as it stood', page, async () => {
  await page.goto(`${base}/explore?entity=region:cantabria`);
  const now = await waitForNetwork(page);
  await page.fill('#as-of', '2010-01-01');
  await page.dispatchEvent('#as-of', 'change');
  await page.waitForURL(/asOf=2010-01-01/);
  await page.waitForSelector('h2:has-text("as of 2010-01-01")');
  const then = await waitForNetwork(page);
  const expected = await graphql('{ neighborhood(id: "region:cantabria", depth: 1, asOf: "2010-01-01") { entities { id } } }');
  expect(then === expected.neighborhood.entities.length, `shows ${then}, the API has ${expected.neighborhood.entities.length}`);
  expect(then !== now, `the network changed with the date (${now} → ${then})`);
  await page.screenshot({ path: join(shots, 'explore-as-of.png') });
});

await step('filters by kind', page, async () => {
  await page.goto(`${base}/explore?entity=region:cantabria&kinds=REGION`);
  const regions = await waitForNetwork(page);
  const expected = await graphql('{ neighborhood(id: "region:cantabria", depth: 1, kinds: [REGION]) { entities { id } } }');
  expect(regions === expected.neighborhood.entities.length && regions < before, `kind filter: ${regions}`);
});

await step('double-click expands a node, click opens it', page, async () => {
  await page.goto(`${base}/explore?entity=institution:cimav`);
  const count = await waitForNetwork(page);
  // Cytoscape draws on a canvas: ask the page where a node is (window.regiographNetwork).
  const where = (id) => page.evaluate((wanted) => {
    const cy = window.regiographNetwork;
    const node = wanted ? cy.getElementById(wanted) : cy.nodes().filter((n) => !n.data('centre') && n.data('kind') === 'REGION')[0];
    const p = node.renderedPosition();
    return { id: node.id(), x: p.x, y: p.y };
  }, id);
  const box = await page.locator('#cy').boundingBox();
  const region = await where(null);
  await page.mouse.dblclick(box.x + region.x, box.y + region.y);
  await page.waitForFunction((n) => Number((document.querySelector('#network-summary')?.textContent ?? '').split(' ')[0]) > n, count);
  expect(!page.url().includes(`entity=${encodeURIComponent(region.id)}`), 'a double-click does not open');
  // A click within Cytoscape's double-tap window of the last one would count as a second
  // double-click: wait it out. Then click (again, should a neighbour cover the node).
  let opened = false;
  for (let attempt = 0; attempt < 3 && !opened; attempt++) {
    await page.waitForTimeout(600);
    const again = await where(region.id);
    const frame = await page.locator('#cy').boundingBox();
    await page.mouse.click(frame.x + again.x, frame.y + again.y);
    opened = await page.waitForURL((url) => url.searchParams.get('entity') === region.id, { timeout: 3000 })
      .then(() => true, () => false);
  }
  expect(opened, `clicking ${region.id} opens it`);
  await page.waitForSelector(`h1:has-text("${await page.evaluate((id) => window.regiographNetwork.getElementById(id).data('name'), region.id)}")`);
});

await step('path finder shows the shortest paths with their steps', page, async () => {
  await page.goto(`${base}/explore?view=paths`);
  await page.locator('#path-from').pressSequentially('Government of Cant', { delay: 30 });
  await page.waitForSelector('.suggestions li:has-text("Government of Cantabria")');
  await page.press('#path-from', 'ArrowDown');
  await page.press('#path-from', 'Enter');
  await page.locator('#path-to').pressSequentially('T-Hub', { delay: 30 });
  await page.waitForSelector('.suggestions li:has-text("T-Hub")');
  await page.press('#path-to', 'ArrowDown');
  await page.press('#path-to', 'Enter');
  await page.click('#find-paths');
  await page.waitForURL(/from=institution%3Agovernment-of-cantabria/);
  await page.waitForSelector('.path .step');
  const expected = await graphql('{ paths(from: "institution:government-of-cantabria", to: "institution:t-hub-juarez", first: 5) { length } }');
  const paths = await page.locator('.path').count();
  expect(paths === expected.paths.length, `${paths} paths shown, the API has ${expected.paths.length}`);
  const firstSteps = await page.locator('.path').first().locator('.step').count();
  expect(firstSteps === expected.paths[0].length, 'the first path has its steps');
  expect(await page.locator('.path .step .relation').first().isVisible(), 'each step names its relation');
  await page.locator('.path .step details summary').first().click();
  await waitForNetwork(page);
  await page.screenshot({ path: join(shots, 'explore-paths.png') });
  // Reloading the URL restores the same view.
  await page.reload();
  await page.waitForSelector('.path .step');
  expect((await page.inputValue('#path-from')) === 'Government of Cantabria', 'the pickers are restored');
});

// ---- the cooperation view ------------------------------------------------------------

/** Waits until the cooperation view has drawn the state its URL holds. */
async function cooperationReady(p) {
  await p.waitForFunction(() => {
    const root = document.querySelector('#cooperation');
    return root && root.dataset.ready && root.dataset.ready === location.pathname + location.search;
  });
}

// The API names the scales as the URL does: COUNTRY, NUTS1, NUTS2, NUTS3.
async function scale(level) {
  return level;
}

const COOPERATION = async (level, filters = '') => `{
  cooperation(level: ${await scale(level)}${filters}) {
    regions(first: 12) { totalCount nodes { region { id name } projects } }
    links(first: 100) { totalCount nodes { a { id name } b { id name } projects } }
  }
  aggregate(groupBy: [YEAR]${filters}, first: 100) { nodes { keys { value } projects } }
}`;

await step('cooperation view: reached from the navigation, its state in the URL', page, async () => {
  await page.goto(`${base}/explore`);
  await page.click('#views a[data-view="cooperation"]');
  await page.waitForURL(/view=cooperation/);
  await cooperationReady(page);
  expect(new URL(page.url()).searchParams.get('level') === 'COUNTRY', `the scale is in the URL: ${page.url()}`);
  expect((await page.getAttribute('#views a[data-view="cooperation"]', 'aria-current')) === 'page', 'the navigation marks the view');
});

await step('cooperation map: country outlines, arcs between countries, organisations', page, async () => {
  const outlines = await page.locator('#coop-map svg path.country').count();
  expect(outlines >= 150, `country outlines drawn: ${outlines}`);
  const expected = (await graphql(await COOPERATION('COUNTRY'))).cooperation;
  const between = expected.links.nodes.filter((l) => l.a.id !== l.b.id);
  expect(between.length > 0, 'the data holds links between countries');
  const arcs = await page.locator('#coop-map path.arc').count();
  expect(arcs >= 1 && arcs <= between.length, `${arcs} arcs for ${between.length} links`);
  const titles = await page.locator('#coop-map path.arc title').allTextContents();
  expect(titles.some((t) => t.includes('Spain') && (t.includes('Greece') || t.includes('Mexico'))), `an arc joins Spain: ${titles.join('; ')}`);
  // The widest arc is the link with most shared projects.
  const widest = Math.max(...(await page.locator('#coop-map path.arc').evaluateAll((paths) => paths.map((p) => Number(p.dataset.projects)))));
  expect(widest === Math.max(...between.map((l) => l.projects)), `the widest arc has ${widest} projects`);
  expect((await page.locator('#coop-map circle.region').count()) >= 2, 'the countries are drawn');
  expect((await page.locator('#coop-map circle.organisation').count()) >= 1, 'organisations with coordinates are drawn');
  await page.screenshot({ path: join(shots, 'explore-cooperation.png'), fullPage: true });
});

await step('cooperation matrix: the top regions, with shared projects', page, async () => {
  const expected = (await graphql(await COOPERATION('COUNTRY'))).cooperation;
  const rows = await page.locator('#coop-matrix tbody tr').count();
  expect(rows === Math.min(12, expected.regions.totalCount), `${rows} rows for ${expected.regions.totalCount} countries`);
  const names = await page.locator('#coop-matrix tbody th a').allTextContents();
  expect(names.join('|') === expected.regions.nodes.map((r) => r.region.name).join('|'), `the rows are the top countries: ${names.join(', ')}`);
  const cells = await page.locator('#coop-matrix td.cell').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value ?? 0)));
  expect(cells.some((v) => v > 0), 'a cell is not zero');
  // The strongest link between two of the top countries is in its cell, both ways round.
  const top = new Set(expected.regions.nodes.map((r) => r.region.id));
  const link = expected.links.nodes.find((l) => l.a.id !== l.b.id && top.has(l.a.id) && top.has(l.b.id));
  const cell = (a, b) => page.locator(`#coop-matrix tbody tr:has(th a:text-is("${a}")) td.cell`).nth(names.indexOf(b));
  expect(Number(await cell(link.a.name, link.b.name).getAttribute('data-value')) === link.projects, `${link.a.name}–${link.b.name}`);
  expect(Number(await cell(link.b.name, link.a.name).getAttribute('data-value')) === link.projects, `${link.b.name}–${link.a.name}`);
  await page.locator('#coop-matrix').screenshot({ path: join(shots, 'explore-cooperation-matrix.png') });
});

await step('cooperation chart: projects and EU contribution per year', page, async () => {
  const expected = (await graphql(await COOPERATION('COUNTRY'))).aggregate.nodes.filter((g) => /^\d{4}$/.test(g.keys[0].value ?? ''));
  const bars = await page.locator('#coop-chart .bars rect.bar').evaluateAll((rs) => rs.map((r) => Number(r.dataset.projects)));
  const points = await page.locator('#coop-chart .points.euros circle.point').count();
  expect(bars.length >= 1 && points === bars.length, `${bars.length} years of projects, ${points} points of EU contribution`);
  expect(bars.some((n) => n > 0), 'a year has projects');
  const sum = bars.reduce((a, b) => a + b, 0);
  const total = expected.reduce((a, g) => a + g.projects, 0);
  expect(sum === total, `the chart holds ${sum} projects, the API ${total}`);
});

await step('cooperation: changing the scale updates the URL and the view', page, async () => {
  await page.selectOption('#coop-level', 'NUTS2');
  await page.waitForURL(/level=NUTS2/);
  await cooperationReady(page);
  const caption = await page.locator('#coop-map-caption').textContent();
  expect(caption.includes('no outline'), `the caption says why no NUTS region is placed: ${caption}`);
  expect((await page.locator('#coop-map circle.region').count()) === 0, 'no NUTS region is placed on the map');
  expect((await page.locator('#coop-map path.arc').count()) >= 1, 'the arcs between countries stay');
  expect((await page.locator('#coop-map circle.organisation').count()) >= 1, 'the organisations stay');
  const expected = (await graphql(await COOPERATION('NUTS2'))).cooperation;
  const names = await page.locator('#coop-matrix tbody th a').allTextContents();
  expect(names.join('|') === expected.regions.nodes.map((r) => r.region.name).join('|'), `the matrix holds the top NUTS 2 regions: ${names.join(', ')}`);
  await page.screenshot({ path: join(shots, 'explore-cooperation-nuts2.png'), fullPage: true });
});

let cooperationUrl = '';
await step('cooperation: changing the programme and the years updates the URL and the view', page, async () => {
  await page.selectOption('#coop-level', 'COUNTRY');
  await page.waitForURL(/level=COUNTRY/);
  await cooperationReady(page);
  // The programme with most projects that does not hold them all, so that the view changes.
  const all = (await graphql(await COOPERATION('COUNTRY'))).aggregate.nodes.reduce((a, g) => a + g.projects, 0);
  const options = await page.locator('#coop-programme option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  expect(options.length >= 2, `the programmes are listed: ${options.length}`);
  const counts = [];
  for (const id of options) {
    const years = (await graphql(await COOPERATION('COUNTRY', `, programme: "${id}"`))).aggregate.nodes;
    counts.push({ id, projects: years.reduce((a, g) => a + g.projects, 0) });
  }
  const chosen = counts.filter((c) => c.projects > 0 && c.projects < all).sort((a, b) => b.projects - a.projects)[0];
  expect(chosen, `a programme holds some of the ${all} projects: ${JSON.stringify(counts)}`);
  const before = await page.locator('#coop-summary').textContent();
  await page.selectOption('#coop-programme', chosen.id);
  await page.waitForURL((url) => url.searchParams.get('programme') === chosen.id);
  await cooperationReady(page);
  const after = await page.locator('#coop-summary').textContent();
  expect(after.startsWith(`${chosen.projects} project`) && after !== before, `the summary follows the programme: ${before} → ${after}`);
  const bars = await page.locator('#coop-chart .bars rect.bar').evaluateAll((rs) => rs.map((r) => Number(r.dataset.projects)));
  expect(bars.reduce((a, b) => a + b, 0) === chosen.projects, 'the chart follows the programme');
  // The years: typed, then applied with Enter.
  const years = (await graphql(await COOPERATION('COUNTRY', `, programme: "${chosen.id}"`))).aggregate.nodes
    .map((g) => Number(g.keys[0].value)).filter(Number.isFinite).sort();
  await page.fill('#coop-from', String(years[0] - 1));
  await page.fill('#coop-to', String(years.at(-1) + 1));
  await page.press('#coop-to', 'Enter');
  await page.waitForURL((url) => url.searchParams.get('to') === String(years.at(-1) + 1) && url.searchParams.get('from') === String(years[0] - 1));
  await cooperationReady(page);
  const labels = await page.locator('#coop-chart .axis.bottom text').allTextContents();
  expect(labels[0] === String(years[0] - 1), `the chart starts at the chosen year: ${labels.join(' ')}`);
  cooperationUrl = page.url();
});

await step('cooperation: reloading the URL restores the state', page, async () => {
  const summary = await page.locator('#coop-summary').textContent();
  const arcs = await page.locator('#coop-map path.arc').count();
  const url = new URL(cooperationUrl);
  await page.reload();
  await cooperationReady(page);
  expect(page.url() === cooperationUrl, `the URL is kept: ${page.url()}`);
  expect((await page.inputValue('#coop-programme')) === url.searchParams.get('programme'), 'the programme is restored');
  expect((await page.inputValue('#coop-from')) === url.searchParams.get('from'), 'the first year is restored');
  expect((await page.inputValue('#coop-to')) === url.searchParams.get('to'), 'the last year is restored');
  expect((await page.inputValue('#coop-level')) === 'COUNTRY', 'the scale is restored');
  expect((await page.locator('#coop-summary').textContent()) === summary, 'the same numbers');
  expect((await page.locator('#coop-map path.arc').count()) === arcs, 'the same arcs');
  // Back goes to the state before, drawn again.
  await page.goBack();
  await cooperationReady(page);
  expect(!new URL(page.url()).searchParams.has('to'), `back to the state before the years: ${page.url()}`);
  expect((await page.inputValue('#coop-to')) === '', 'the years are cleared');
});

await step('narrow screen: panels stack', page, async () => {
  const narrow = await newPage({ width: 390, height: 844 });
  await narrow.goto(`${base}/explore?entity=project:iuc-cantabria-chihuahua`);
  await waitForNetwork(narrow);
  const panel = await narrow.locator('#panel').boundingBox();
  const network = await narrow.locator('#network-panel').boundingBox();
  expect(network.y >= panel.y + panel.height - 1, 'the network comes under the details');
  const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 390, `no horizontal scrolling (${width}px)`);
  await narrow.screenshot({ path: join(shots, 'explore-narrow.png'), fullPage: false });
  await narrow.locator('#network-panel').scrollIntoViewIfNeeded();
  await narrow.screenshot({ path: join(shots, 'explore-narrow-network.png') });
  await narrow.context().close();
});

await step('cooperation on a narrow screen', page, async () => {
  const narrow = await newPage({ width: 390, height: 844 });
  await narrow.goto(`${base}/explore?view=cooperation&level=COUNTRY`);
  await cooperationReady(narrow);
  const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 390, `no horizontal scrolling (${width}px)`);
  const map = await narrow.locator('#coop-map svg.coop-map').boundingBox();
  expect(map.width <= 390 && map.width > 300, `the map fits the screen: ${map.width}px`);
  expect((await narrow.locator('#coop-map path.arc').count()) >= 1, 'the arcs are drawn');
  const matrix = await narrow.locator('#coop-matrix .matrix-scroll').boundingBox();
  expect(matrix.width <= 390, `the matrix scrolls within the screen: ${matrix.width}px`);
  const chart = await narrow.locator('#coop-chart svg').boundingBox();
  expect(chart.width <= 390, `the chart fits the screen: ${chart.width}px`);
  await narrow.selectOption('#coop-level', 'NUTS1');
  await narrow.waitForURL(/level=NUTS1/);
  await cooperationReady(narrow);
  await narrow.screenshot({ path: join(shots, 'explore-cooperation-narrow.png'), fullPage: true });
  await narrow.context().close();
});

await browser.close();

if (foreign.length) {
  failed = true;
  console.log(`FAIL requests left the machine:\n  ${[...new Set(foreign)].join('\n  ')}`);
}
if (pageErrors.length) {
  failed = true;
  console.log(`FAIL the pages logged errors:\n  ${pageErrors.join('\n  ')}`);
}
console.log(JSON.stringify({ steps: results.length, failed: results.filter((r) => !r.ok).length, foreign: foreign.length, errors: pageErrors.length }));
process.exit(failed ? 1 : 0);
