// Bundles widget/src into the one file the API serves, with esbuild (as Pagefind builds its UI):
//
//   node widget/build.mjs OUTFILE MAX_QUERY_CHARS MAX_OFFSET
//
// `make widget` runs it with MAX_QUERY_CHARS and MAX_OFFSET read from functions/search/settings.py,
// given to esbuild as defines so the widget's input limit and last page are the API's. The stylesheet is minified by
// esbuild too and inlined as text: the widget stays one request.
import { readFile } from 'node:fs/promises';
import * as esbuild from 'esbuild';

const [outfile, maxQueryChars, maxOffset] = process.argv.slice(2);
if (!outfile || ![maxQueryChars, maxOffset].every((limit) => /^[1-9][0-9]*$/.test(limit || ''))) {
  console.error('usage: node widget/build.mjs OUTFILE MAX_QUERY_CHARS MAX_OFFSET');
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
  tracking timer later typed cancel commit choose fresh fail label link api
  searching resultCount noResults startHere forgetRecent wasItHelpful alreadyAnswered voteFailed notHelpful thanks
`.trim().split(/\s+/);

await esbuild.build({
  entryPoints: [new URL('src/tayori-search.js', import.meta.url).pathname],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020', // browsers with custom elements, Shadow DOM and ::part() all run it
  define: { MAX_QUERY_CHARS: maxQueryChars, MAX_OFFSET: maxOffset },
  plugins: [minifiedCssAsText],
  mangleProps: new RegExp('^(' + INTERNAL.join('|') + ')$'),
  legalComments: 'none',
  banner: { js: '/* Tayori search widget <tayori-search>: built from widget/src by esbuild; docs/widget.md */' },
  logLevel: 'warning',
});
