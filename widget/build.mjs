// Bundles widget/src into the one file the API serves, with esbuild (as Pagefind builds its UI):
//
//   node widget/build.mjs OUTFILE '{"MAX_QUERY_CHARS": 200, "MAX_OFFSET": 80, …}'
//
// `make widget` runs it with the API's request limits read from functions/search/settings.py (LIMITS),
// given to esbuild as defines so the widget's input limit, page size and last page are the API's.
// The stylesheet is minified by esbuild too and inlined as text: the widget stays one request.
import { readFile } from 'node:fs/promises';
import * as esbuild from 'esbuild';

const NEEDED = ['MAX_QUERY_CHARS', 'MAX_OFFSET', 'MAX_RESULTS', 'MAX_PREFIX_CHARS'];
const [outfile, limitsJson] = process.argv.slice(2);
let limits = {};
try {
  limits = JSON.parse(limitsJson || '{}');
} catch {}
if (!outfile || !NEEDED.every((name) => Number.isInteger(limits[name]) && limits[name] > 0)) {
  console.error(`usage: node widget/build.mjs OUTFILE '{${NEEDED.map((n) => `"${n}": N`).join(', ')}}'`);
  process.exit(2);
}

const minifiedCssAsText = {
  name: 'minified-css-as-text',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async ({ path }) => {
      const { code } = await esbuild.transform(await readFile(path, 'utf8'), { loader: 'css', minify: true });
      return { contents: code.trim(), loader: 'text' };
    });
  },
};

// The widget's own method and field names, shortened by esbuild's mangleProps (the source keeps the
// readable ones): about 300 bytes gzipped. Only names that no DOM API, API field, request body or
// tayori-open detail uses may be listed (not open, status, text, query, partner, rank, url, id…).
const INTERNAL = `
  showQueryFromUrl showAnswer showQueries showRecent showInUrl appendPassages updateOptions placeRows
  fitPanel focusRow restorePlace suggestOnly reportClick openPassage linkClicked remembersSearches
  pageSize refresh emptied newHistoryEntry pageMode combobox onViewport onHistory composing controller
  setOptions activate step options active listLabel listbox passages queries forget content actions
  more clear live panel box root input labels view rows shown place answers answer hit element kind
  tracking timer later typed cancel commit choose fresh fail label link api full reset build next recent read
  searching resultCount noResults startHere forgetRecent wasItHelpful alreadyAnswered voteFailed notHelpful thanks
`.trim().split(/\s+/);

await esbuild.build({
  entryPoints: [new URL('src/tayori-search.js', import.meta.url).pathname],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020', // browsers with custom elements, Shadow DOM and ::part() all run it
  define: Object.fromEntries(NEEDED.map((name) => [name, String(limits[name])])),
  plugins: [minifiedCssAsText],
  mangleProps: new RegExp('^(' + INTERNAL.join('|') + ')$'),
  legalComments: 'none',
  banner: { js: '/* Tayori search widget, built from widget/src by esbuild */' },
  logLevel: 'warning',
});
