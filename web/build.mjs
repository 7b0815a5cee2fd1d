// Bundles the front-end (the offline GraphiQL playground and the network explorer) with
// esbuild into the directory given as the first argument, for build.rs to embed in the
// binary. Writes the pages, the hashed assets and `manifest.tsv` (url, content type, file).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ? resolve(process.argv[2]) : join(here, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const entries = {
  playground: join(here, 'src', 'playground.js'),
  explore: join(here, 'src', 'explore', 'main.js'),
};

// One build per page: the explorer is split, so that its cooperation view loads the map's
// outlines and the d3 modules (`import()`) only when it is first shown; the playground is
// bundled whole, as before.
const options = {
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  // Fonts and images small enough are inlined; the rest become hashed files.
  loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
};
const builds = await Promise.all(
  Object.entries(entries).map(([name, entry]) =>
    build({ ...options, entryPoints: { [name]: entry }, splitting: name === 'explore' }),
  ),
);
const result = {
  metafile: { outputs: Object.assign({}, ...builds.map((b) => b.metafile.outputs)) },
};

const types = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
const typeOf = (file) => {
  const dot = file.lastIndexOf('.');
  return types[file.slice(dot)] ?? 'application/octet-stream';
};

const manifest = [];
const names = {};
for (const [file, info] of Object.entries(result.metafile.outputs)) {
  const absolute = resolve(file);
  const name = basename(absolute);
  manifest.push([`/assets/${name}`, typeOf(name), absolute]);
  if (info.entryPoint) {
    const entry = Object.keys(entries).find(
      (key) => resolve(entries[key]) === resolve(info.entryPoint),
    );
    if (entry) {
      names[`${entry}.js`] = `/assets/${name}`;
      if (info.cssBundle) names[`${entry}.css`] = `/assets/${basename(info.cssBundle)}`;
    }
  }
}

// The pages: `{{name}}` in a template becomes the hashed asset's path.
for (const [page, url] of [
  ['playground.html', '/'],
  ['explore.html', '/explore'],
]) {
  const template = readFileSync(join(here, 'src', page), 'utf8');
  const html = template.replace(/\{\{([\w.]+)\}\}/g, (_, key) => {
    if (!names[key]) throw new Error(`${page}: no asset called ${key}`);
    return names[key];
  });
  const target = join(out, page);
  writeFileSync(target, html);
  manifest.push([url, 'text/html; charset=utf-8', target]);
}

writeFileSync(join(out, 'manifest.tsv'), manifest.map((row) => row.join('\t')).join('\n') + '\n');
