// The cooperation view's steps of the browser check (tests/browser_check.mjs): the map, the
// matrix and the chart against the API's own answers, the filters in the URL, reloading and
// going back, and a narrow screen.
import { expect, graphql, newPage, shot, step } from './browser_harness.mjs';

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

/** Runs the cooperation steps on `page`, in the explorer at `base`. */
export async function cooperationSteps(page, base) {
  await step(
    'cooperation view: reached from the navigation, its state in the URL',
    page,
    async () => {
      await page.goto(`${base}/explore`);
      await page.click('#views a[data-view="cooperation"]');
      await page.waitForURL(/view=cooperation/);
      await cooperationReady(page);
      expect(
        new URL(page.url()).searchParams.get('level') === 'COUNTRY',
        `the scale is in the URL: ${page.url()}`,
      );
      expect(
        (await page.getAttribute('#views a[data-view="cooperation"]', 'aria-current')) === 'page',
        'the navigation marks the view',
      );
    },
  );

  await step(
    'cooperation map: country outlines, arcs between countries, organisations',
    page,
    async () => {
      const outlines = await page.locator('#coop-map svg path.country').count();
      expect(outlines >= 150, `country outlines drawn: ${outlines}`);
      const expected = (await graphql(await COOPERATION('COUNTRY'))).cooperation;
      const between = expected.links.nodes.filter((l) => l.a.id !== l.b.id);
      expect(between.length > 0, 'the data holds links between countries');
      const arcs = await page.locator('#coop-map path.arc').count();
      expect(arcs >= 1 && arcs <= between.length, `${arcs} arcs for ${between.length} links`);
      const titles = await page.locator('#coop-map path.arc title').allTextContents();
      expect(
        titles.some((t) => t.includes('Spain') && (t.includes('Greece') || t.includes('Mexico'))),
        `an arc joins Spain: ${titles.join('; ')}`,
      );
      // The widest arc is the link with most shared projects.
      const widest = Math.max(
        ...(await page
          .locator('#coop-map path.arc')
          .evaluateAll((paths) => paths.map((p) => Number(p.dataset.projects)))),
      );
      expect(
        widest === Math.max(...between.map((l) => l.projects)),
        `the widest arc has ${widest} projects`,
      );
      expect(
        (await page.locator('#coop-map circle.region').count()) >= 2,
        'the countries are drawn',
      );
      expect(
        (await page.locator('#coop-map circle.organisation').count()) >= 1,
        'organisations with coordinates are drawn',
      );
      await page.screenshot({ path: shot('explore-cooperation.png'), fullPage: true });
    },
  );

  await step('cooperation matrix: the top regions, with shared projects', page, async () => {
    const expected = (await graphql(await COOPERATION('COUNTRY'))).cooperation;
    const rows = await page.locator('#coop-matrix tbody tr').count();
    expect(
      rows === Math.min(12, expected.regions.totalCount),
      `${rows} rows for ${expected.regions.totalCount} countries`,
    );
    const names = await page.locator('#coop-matrix tbody th a').allTextContents();
    expect(
      names.join('|') === expected.regions.nodes.map((r) => r.region.name).join('|'),
      `the rows are the top countries: ${names.join(', ')}`,
    );
    const cells = await page
      .locator('#coop-matrix td.cell')
      .evaluateAll((tds) => tds.map((td) => Number(td.dataset.value ?? 0)));
    expect(
      cells.some((v) => v > 0),
      'a cell is not zero',
    );
    // The strongest link between two of the top countries is in its cell, both ways round.
    const top = new Set(expected.regions.nodes.map((r) => r.region.id));
    const link = expected.links.nodes.find(
      (l) => l.a.id !== l.b.id && top.has(l.a.id) && top.has(l.b.id),
    );
    const cell = (a, b) =>
      page.locator(`#coop-matrix tbody tr:has(th a:text-is("${a}")) td.cell`).nth(names.indexOf(b));
    expect(
      Number(await cell(link.a.name, link.b.name).getAttribute('data-value')) === link.projects,
      `${link.a.name}–${link.b.name}`,
    );
    expect(
      Number(await cell(link.b.name, link.a.name).getAttribute('data-value')) === link.projects,
      `${link.b.name}–${link.a.name}`,
    );
    await page.locator('#coop-matrix').screenshot({ path: shot('explore-cooperation-matrix.png') });
  });

  await step('cooperation chart: projects and EU contribution per year', page, async () => {
    const expected = (await graphql(await COOPERATION('COUNTRY'))).aggregate.nodes.filter((g) =>
      /^\d{4}$/.test(g.keys[0].value ?? ''),
    );
    const bars = await page
      .locator('#coop-chart .bars rect.bar')
      .evaluateAll((rs) => rs.map((r) => Number(r.dataset.projects)));
    const points = await page.locator('#coop-chart .points.euros circle.point').count();
    expect(
      bars.length >= 1 && points === bars.length,
      `${bars.length} years of projects, ${points} points of EU contribution`,
    );
    expect(
      bars.some((n) => n > 0),
      'a year has projects',
    );
    const sum = bars.reduce((a, b) => a + b, 0);
    const total = expected.reduce((a, g) => a + g.projects, 0);
    expect(sum === total, `the chart holds ${sum} projects, the API ${total}`);
  });

  await step('cooperation: changing the scale updates the URL and the view', page, async () => {
    await page.selectOption('#coop-level', 'NUTS2');
    await page.waitForURL(/level=NUTS2/);
    await cooperationReady(page);
    const caption = await page.locator('#coop-map-caption').textContent();
    expect(
      caption.includes('no outline'),
      `the caption says why no NUTS region is placed: ${caption}`,
    );
    expect(
      (await page.locator('#coop-map circle.region').count()) === 0,
      'no NUTS region is placed on the map',
    );
    expect(
      (await page.locator('#coop-map path.arc').count()) >= 1,
      'the arcs between countries stay',
    );
    expect(
      (await page.locator('#coop-map circle.organisation').count()) >= 1,
      'the organisations stay',
    );
    const expected = (await graphql(await COOPERATION('NUTS2'))).cooperation;
    const names = await page.locator('#coop-matrix tbody th a').allTextContents();
    expect(
      names.join('|') === expected.regions.nodes.map((r) => r.region.name).join('|'),
      `the matrix holds the top NUTS 2 regions: ${names.join(', ')}`,
    );
    await page.screenshot({ path: shot('explore-cooperation-nuts2.png'), fullPage: true });
  });

  let cooperationUrl = '';
  await step(
    'cooperation: changing the programme and the years updates the URL and the view',
    page,
    async () => {
      await page.selectOption('#coop-level', 'COUNTRY');
      await page.waitForURL(/level=COUNTRY/);
      await cooperationReady(page);
      // The programme with most projects that does not hold them all, so that the view changes.
      const all = (await graphql(await COOPERATION('COUNTRY'))).aggregate.nodes.reduce(
        (a, g) => a + g.projects,
        0,
      );
      const options = await page
        .locator('#coop-programme option')
        .evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
      expect(options.length >= 2, `the programmes are listed: ${options.length}`);
      const counts = [];
      for (const id of options) {
        const years = (await graphql(await COOPERATION('COUNTRY', `, programme: "${id}"`)))
          .aggregate.nodes;
        counts.push({ id, projects: years.reduce((a, g) => a + g.projects, 0) });
      }
      const chosen = counts
        .filter((c) => c.projects > 0 && c.projects < all)
        .sort((a, b) => b.projects - a.projects)[0];
      expect(chosen, `a programme holds some of the ${all} projects: ${JSON.stringify(counts)}`);
      const before = await page.locator('#coop-summary').textContent();
      await page.selectOption('#coop-programme', chosen.id);
      await page.waitForURL((url) => url.searchParams.get('programme') === chosen.id);
      await cooperationReady(page);
      const after = await page.locator('#coop-summary').textContent();
      expect(
        after.startsWith(`${chosen.projects} project`) && after !== before,
        `the summary follows the programme: ${before} → ${after}`,
      );
      const bars = await page
        .locator('#coop-chart .bars rect.bar')
        .evaluateAll((rs) => rs.map((r) => Number(r.dataset.projects)));
      expect(
        bars.reduce((a, b) => a + b, 0) === chosen.projects,
        'the chart follows the programme',
      );
      // The years: typed, then applied with Enter.
      const years = (
        await graphql(await COOPERATION('COUNTRY', `, programme: "${chosen.id}"`))
      ).aggregate.nodes
        .map((g) => Number(g.keys[0].value))
        .filter(Number.isFinite)
        .sort();
      await page.fill('#coop-from', String(years[0] - 1));
      await page.fill('#coop-to', String(years.at(-1) + 1));
      await page.press('#coop-to', 'Enter');
      await page.waitForURL(
        (url) =>
          url.searchParams.get('to') === String(years.at(-1) + 1) &&
          url.searchParams.get('from') === String(years[0] - 1),
      );
      await cooperationReady(page);
      const labels = await page.locator('#coop-chart .axis.bottom text').allTextContents();
      expect(
        labels[0] === String(years[0] - 1),
        `the chart starts at the chosen year: ${labels.join(' ')}`,
      );
      cooperationUrl = page.url();
    },
  );

  await step('cooperation: reloading the URL restores the state', page, async () => {
    const summary = await page.locator('#coop-summary').textContent();
    const arcs = await page.locator('#coop-map path.arc').count();
    const url = new URL(cooperationUrl);
    await page.reload();
    await cooperationReady(page);
    expect(page.url() === cooperationUrl, `the URL is kept: ${page.url()}`);
    expect(
      (await page.inputValue('#coop-programme')) === url.searchParams.get('programme'),
      'the programme is restored',
    );
    expect(
      (await page.inputValue('#coop-from')) === url.searchParams.get('from'),
      'the first year is restored',
    );
    expect(
      (await page.inputValue('#coop-to')) === url.searchParams.get('to'),
      'the last year is restored',
    );
    expect((await page.inputValue('#coop-level')) === 'COUNTRY', 'the scale is restored');
    expect((await page.locator('#coop-summary').textContent()) === summary, 'the same numbers');
    expect((await page.locator('#coop-map path.arc').count()) === arcs, 'the same arcs');
    // Back goes to the state before, drawn again.
    await page.goBack();
    await cooperationReady(page);
    expect(
      !new URL(page.url()).searchParams.has('to'),
      `back to the state before the years: ${page.url()}`,
    );
    expect((await page.inputValue('#coop-to')) === '', 'the years are cleared');
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
    await narrow.screenshot({ path: shot('explore-cooperation-narrow.png'), fullPage: true });
    await narrow.context().close();
  });
}
