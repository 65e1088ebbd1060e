// Builds the widget, the agent console and the supervisor view into the server's wwwroot.
//   node build.mjs            one-off production build (minified)
//   node build.mjs --dev      unminified, with inline source maps
import { build } from 'esbuild';
import { mkdir, copyFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'GosChat.Server', 'wwwroot');
const dev = process.argv.includes('--dev');

const common = {
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  logLevel: 'warning',
  loader: { '.css': 'text' },
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"' },
};

const bundles = [
  { entryPoints: [join(here, 'src/widget/index.js')], outfile: join(out, 'widget.js') },
  { entryPoints: [join(here, 'src/console/index.js')], outfile: join(out, 'console', 'console.js') },
  { entryPoints: [join(here, 'src/supervisor/index.js')], outfile: join(out, 'supervisor', 'supervisor.js') },
];

const pages = [
  ['pages/index.html', 'index.html'],
  ['pages/console.html', 'console/index.html'],
  ['pages/supervisor.html', 'supervisor/index.html'],
  ['pages/goschat-staff.css', 'css/goschat-staff.css'],
  ['pages/demo-host.css', 'css/demo-host.css'],
  ['pages/demo-host.js', 'js/demo-host.js'],
];

await mkdir(join(out, 'console'), { recursive: true });
await mkdir(join(out, 'supervisor'), { recursive: true });
await mkdir(join(out, 'css'), { recursive: true });
await mkdir(join(out, 'js'), { recursive: true });
await Promise.all(bundles.map((b) => build({ ...common, ...b })));
for (const [from, to] of pages) await copyFile(join(here, 'src', from), join(out, to));
const listing = (await readdir(out, { recursive: true })).sort().join(', ');
console.log(`goschat web: built into ${out}: ${listing}`);
