// Drives the playground and the explorer in headless Chromium (playwright-core with Debian's
// /usr/bin/chromium) against a running server, as tests/it/browser.rs does:
//   node tests/browser_check.mjs http://127.0.0.1:PORT target/screenshots [http://127.0.0.1:OTHER]
// The optional third server serves other data: its start page must link only to entities it
// holds. Fails (exit 1) when a step fails, when any request leaves the server's origin, or
// when a page logs an error. Saves screenshots of every view into the given directory; the
// harness is in browser_harness.mjs, the cooperation view's steps in browser_cooperation.mjs.
import { mkdirSync } from 'node:fs';
import { cooperationSteps } from './browser_cooperation.mjs';
import {
  download,
  expect,
  finish,
  graphql,
  launch,
  newPage,
  shot,
  shownCount,
  step,
  waitForNetwork,
} from './browser_harness.mjs';

const base = process.argv[2];
const shots = process.argv[3] ?? 'target/screenshots';
const other = process.argv[4];
if (!base) {
  console.error(
    'usage: node tests/browser_check.mjs <server URL> [screenshot directory] [server URL on other data]',
  );
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
await launch(base, shots);

// ---- the playground -------------------------------------------------------------------

{
  const page = await newPage();
  await step('playground loads offline with example tabs', page, async () => {
    const response = await page.goto(`${base}/`);
    expect(response.ok(), `status ${response.status()}`);
    expect(
      (response.headers()['content-security-policy'] ?? '').includes("default-src 'self'"),
      'no CSP',
    );
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
    await page.waitForFunction(() =>
      document
        .querySelector('.result-window')
        ?.textContent.includes('Advanced Materials Research Centre'),
    );
    const text = await page.locator('.result-window').textContent();
    expect(
      text.includes('"length"') && text.includes('Cantabria'),
      `unexpected result: ${text.slice(0, 200)}`,
    );
    await page.screenshot({ path: shot('playground.png') });
  });
  await step('playground history keeps the query', page, async () => {
    await page.click('button[aria-label="Show History"]');
    await page.waitForSelector('.graphiql-history-item');
    await page.screenshot({ path: shot('playground-history.png') });
  });
  await page.context().close();
}

// ---- the explorer ---------------------------------------------------------------------

/**
 * Opens the start page served at `server` and checks that it offers places to start, each a
 * link to an entity that the server's data holds; returns the ids linked to.
 */
async function checkStarts(page, server) {
  const response = await page.goto(`${server}/explore`);
  expect(response.ok(), `status ${response.status()}`);
  await page.waitForSelector('text=Explore the cooperation network');
  await page.waitForSelector('.starts a');
  const links = await page
    .locator('.starts a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const ids = links.map((link) => new URL(link, server).searchParams.get('entity'));
  expect(
    ids.length >= 2 && ids.every(Boolean),
    `the start page links to entities: ${links.join(' ')}`,
  );
  const query = ids.map((id, i) => `e${i}: entity(id: ${JSON.stringify(id)}) { id }`).join(' ');
  const found = await graphql(`{ ${query} }`, server);
  const missing = ids.filter((id, i) => found[`e${i}`]?.id !== id);
  expect(
    missing.length === 0,
    `the start page links to entities ${server} does not hold: ${missing.join(', ')}`,
  );
  return ids;
}

const page = await newPage();
let entityUrl = '';
await step('explorer start page links to entities of the data', page, async () => {
  const ids = await checkStarts(page, base);
  await page.screenshot({ path: shot('explore-start.png') });
  // A place to start opens its entity.
  await page.locator('.starts a').first().click();
  await page.waitForURL((url) => url.searchParams.get('entity') === ids[0]);
  await waitForNetwork(page);
});

if (other) {
  await step(
    'on other data, the start page links only to entities of that data',
    page,
    async () => {
      const elsewhere = await newPage(undefined, other);
      try {
        const ids = await checkStarts(elsewhere, other);
        await elsewhere.screenshot({ path: shot('explore-start-other-data.png') });
        const bundled = await graphql(
          `{ ${ids.map((id, i) => `e${i}: entity(id: ${JSON.stringify(id)}) { id }`).join(' ')} }`,
        );
        expect(
          Object.values(bundled).some((e) => e === null),
          `the other data's starts are not the bundled data's: ${ids.join(', ')}`,
        );
      } finally {
        await elsewhere.context().close();
      }
    },
  );
}

await step('search with facet counts by kind', page, async () => {
  await page.fill('#search-input', 'juarez');
  await page.press('#search-input', 'Enter');
  await page.waitForURL(/q=juarez/);
  await page.waitForSelector('.facet[data-kind="INSTITUTION"]');
  const all = await page.locator('#result-count').textContent();
  const facet = await page.locator('.facet[data-kind="INSTITUTION"]').textContent();
  const count = Number(/(\d+)/.exec(facet)[1]);
  await page.screenshot({ path: shot('explore-search.png') });
  await page.click('.facet[data-kind="INSTITUTION"]');
  await page.waitForURL(/kind=INSTITUTION/);
  await page.waitForFunction(
    (n) => document.querySelector('#result-count')?.textContent.startsWith(`${n} `),
    count,
  );
  expect(
    (await page.locator('.hits li').count()) === Math.min(count, 30),
    'the hits match the facet count',
  );
  expect(
    all !== (await page.locator('#result-count').textContent()) ||
      count === Number(/(\d+)/.exec(all)[1]),
    'the facet filters',
  );
});

await step('autocomplete suggests and opens an entity', page, async () => {
  await page.fill('#search-input', '');
  await page.locator('#search-input').pressSequentially('cantab', { delay: 40 });
  await page.waitForSelector('.suggestions li:has-text("Cantabria")');
  expect(
    (await page.getAttribute('#search-input', 'aria-expanded')) === 'true',
    'the combobox says it is expanded',
  );
  await page.screenshot({ path: shot('explore-suggest.png') });
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
  const expected = await graphql(
    '{ neighborhood(id: "region:cantabria", depth: 1) { entities { id } } }',
  );
  expect(
    before === expected.neighborhood.entities.length,
    `network shows ${before}, the API has ${expected.neighborhood.entities.length}`,
  );
  await page.screenshot({ path: shot('explore-entity.png') });
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
    await page.waitForFunction(() =>
      /^Expanded/.test(document.querySelector('#status')?.textContent ?? ''),
    );
    grown = (await shownCount(page)) > count;
    if (!grown)
      await page.evaluate(() => {
        document.querySelector('#status').textContent = '';
      });
  }
  expect(grown, 'expanding added entities');
  expect(/expanded=/.test(page.url()), 'the URL records the expansion');
  entityUrl = page.url();
  await page.screenshot({ path: shot('explore-expanded.png') });
});

await step('a shared URL restores the view', page, async () => {
  const shown = await shownCount(page);
  const other = await newPage();
  await other.goto(entityUrl);
  await other.waitForSelector('h1:has-text("Cantabria")');
  await other.waitForFunction(
    (n) =>
      (document.querySelector('#network-summary')?.textContent ?? '').startsWith(`${n} entities`),
    shown,
  );
  await other.context().close();
});

await step('exports PNG, SVG and GraphML', page, async () => {
  const shown = await shownCount(page);
  const png = await download(page, '#export-png');
  expect(
    png.bytes.length > 1000 && png.bytes.subarray(1, 4).toString() === 'PNG',
    `PNG: ${png.bytes.length} bytes`,
  );
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
  const expected = await graphql(
    '{ neighborhood(id: "region:cantabria", depth: 1, asOf: "2010-01-01") { entities { id } } }',
  );
  expect(
    then === expected.neighborhood.entities.length,
    `shows ${then}, the API has ${expected.neighborhood.entities.length}`,
  );
  expect(then !== now, `the network changed with the date (${now} → ${then})`);
  await page.screenshot({ path: shot('explore-as-of.png') });
});

await step('filters by kind', page, async () => {
  await page.goto(`${base}/explore?entity=region:cantabria&kinds=REGION`);
  const regions = await waitForNetwork(page);
  const expected = await graphql(
    '{ neighborhood(id: "region:cantabria", depth: 1, kinds: [REGION]) { entities { id } } }',
  );
  expect(
    regions === expected.neighborhood.entities.length && regions < before,
    `kind filter: ${regions}`,
  );
});

await step('double-click expands a node, click opens it', page, async () => {
  await page.goto(`${base}/explore?entity=institution:cimav`);
  const count = await waitForNetwork(page);
  // Cytoscape draws on a canvas: ask the page where a node is (window.regiographNetwork).
  const where = (id) =>
    page.evaluate((wanted) => {
      const cy = window.regiographNetwork;
      const node = wanted
        ? cy.getElementById(wanted)
        : cy.nodes().filter((n) => !n.data('centre') && n.data('kind') === 'REGION')[0];
      const p = node.renderedPosition();
      return { id: node.id(), x: p.x, y: p.y };
    }, id);
  const box = await page.locator('#cy').boundingBox();
  const region = await where(null);
  await page.mouse.dblclick(box.x + region.x, box.y + region.y);
  await page.waitForFunction(
    (n) =>
      Number((document.querySelector('#network-summary')?.textContent ?? '').split(' ')[0]) > n,
    count,
  );
  expect(
    !page.url().includes(`entity=${encodeURIComponent(region.id)}`),
    'a double-click does not open',
  );
  // A click within Cytoscape's double-tap window of the last one would count as a second
  // double-click: wait it out. Then click (again, should a neighbour cover the node).
  let opened = false;
  for (let attempt = 0; attempt < 3 && !opened; attempt++) {
    await page.waitForTimeout(600);
    const again = await where(region.id);
    const frame = await page.locator('#cy').boundingBox();
    await page.mouse.click(frame.x + again.x, frame.y + again.y);
    opened = await page
      .waitForURL((url) => url.searchParams.get('entity') === region.id, { timeout: 3000 })
      .then(
        () => true,
        () => false,
      );
  }
  expect(opened, `clicking ${region.id} opens it`);
  await page.waitForSelector(
    `h1:has-text("${await page.evaluate((id) => window.regiographNetwork.getElementById(id).data('name'), region.id)}")`,
  );
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
  const expected = await graphql(
    '{ paths(from: "institution:government-of-cantabria", to: "institution:t-hub-juarez", first: 5) { length } }',
  );
  const paths = await page.locator('.path').count();
  expect(
    paths === expected.paths.length,
    `${paths} paths shown, the API has ${expected.paths.length}`,
  );
  const firstSteps = await page.locator('.path').first().locator('.step').count();
  expect(firstSteps === expected.paths[0].length, 'the first path has its steps');
  expect(
    await page.locator('.path .step .relation').first().isVisible(),
    'each step names its relation',
  );
  await page.locator('.path .step details summary').first().click();
  await waitForNetwork(page);
  await page.screenshot({ path: shot('explore-paths.png') });
  // Reloading the URL restores the same view.
  await page.reload();
  await page.waitForSelector('.path .step');
  expect(
    (await page.inputValue('#path-from')) === 'Government of Cantabria',
    'the pickers are restored',
  );
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
  await narrow.screenshot({ path: shot('explore-narrow.png'), fullPage: false });
  await narrow.locator('#network-panel').scrollIntoViewIfNeeded();
  await narrow.screenshot({ path: shot('explore-narrow-network.png') });
  await narrow.context().close();
});

await cooperationSteps(page, base);

await finish();
