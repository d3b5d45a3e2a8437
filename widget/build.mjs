// Bundles widget/src into the one file the API serves, with esbuild (as Pagefind builds its UI):
//
//   node widget/build.mjs OUTFILE MAX_QUERY_CHARS
//
// `make widget` runs it with MAX_QUERY_CHARS read from functions/search/settings.py, given to
// esbuild as a define so the widget's input limit is the API's. The stylesheet is minified by
// esbuild too and inlined as text: the widget stays one request.
import { readFile } from 'node:fs/promises';
import * as esbuild from 'esbuild';

const [outfile, maxQueryChars] = process.argv.slice(2);
if (!outfile || !/^[1-9][0-9]*$/.test(maxQueryChars || '')) {
  console.error('usage: node widget/build.mjs OUTFILE MAX_QUERY_CHARS');
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

await esbuild.build({
  entryPoints: [new URL('src/tayori-search.js', import.meta.url).pathname],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020', // browsers with custom elements, Shadow DOM and ::part() all run it
  define: { MAX_QUERY_CHARS: maxQueryChars },
  plugins: [minifiedCssAsText],
  legalComments: 'none',
  banner: { js: '/* Tayori search widget <tayori-search>: built from widget/src by esbuild; docs/widget.md */' },
  logLevel: 'warning',
});
