import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { HtmlTagDescriptor, Plugin, Rollup } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Writes a .gz and a .br beside every built text file worth compressing, which the server sends as they
 * are (@fastify/static `preCompressed`). Compressing 2.6 MB of bundles per request cost the server
 * ~200 ms of CPU on every wall load, while the browser waited for its scripts.
 */
function precompress(): Plugin {
  return {
    name: 'city-brain:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|mjs|css|html)$/.test(name)) continue;
        const file = path.join(options.dir ?? '', name);
        const body = readFileSync(file);
        if (body.byteLength < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        // Quality 9, not 11: within 10 % of the size at a fifteenth of the time (~0.5 s for all).
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
        );
      }
    },
  };
}

type Bundle = Rollup.OutputBundle;

/** The chunk built from `entry` (a path ending), or an error naming the plugin that needed it. */
function chunkOf(bundle: Bundle, entry: string, who: string): Rollup.OutputChunk {
  const chunk = Object.values(bundle).find(
    (c): c is Rollup.OutputChunk => c.type === 'chunk' && !!c.facadeModuleId?.endsWith(entry),
  );
  if (!chunk) throw new Error(`${who}: no chunk for ${entry}`);
  return chunk;
}

/**
 * `from` and every chunk it imports, each once, depth first; `after` sees each chunk once the chunks
 * it imports have been seen (the order a browser evaluates them in).
 */
function importGraph(
  bundle: Bundle,
  from: Rollup.OutputChunk,
  after?: (chunk: Rollup.OutputChunk) => void,
): string[] {
  const files: string[] = [];
  const visit = (chunk: Rollup.OutputChunk) => {
    if (files.includes(chunk.fileName)) return;
    files.push(chunk.fileName);
    for (const name of chunk.imports) {
      const imported = bundle[name];
      if (imported?.type === 'chunk') visit(imported);
    }
    after?.(chunk);
  };
  visit(from);
  return files;
}

const link = (rel: string, file: string, injectTo: 'head' | 'head-prepend'): HtmlTagDescriptor => ({
  tag: 'link',
  attrs: { rel, crossorigin: true, href: `/${file}` },
  injectTo,
});

/**
 * Has the page fetch the app's chunks (client/render.tsx and what it imports: React, deck.gl, MapLibre)
 * from the start, as `modulepreload` links. main.tsx loads them with a dynamic import after it has
 * opened the wall's socket; asked for only then, 2.3 MB of script came while the server was busy
 * with that socket's snapshot, seconds later (bench/cold-start.ts).
 */
function preloadApp(entry = 'client/render.tsx'): Plugin {
  return {
    name: 'city-brain:preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const styles: string[] = [];
        // After the chunks it imports: MapLibre's own styles come before ours, which override them
        // (its `.maplibregl-map { position: relative }` would otherwise undo `.city-map`'s absolute).
        const files = importGraph(bundle, chunkOf(bundle, entry, 'preloadApp'), (chunk) => {
          for (const css of chunk.viteMetadata?.importedCss ?? [])
            if (!styles.includes(css)) styles.push(css);
        });
        // The app's styles as stylesheets of the page, in the order the app imports them, not left to
        // the dynamic import: the map must find its container laid out when it is made (MapLibre sizes
        // its canvas from it then).
        return [
          ...styles.filter((file) => !html.includes(file)).map((file) => link('stylesheet', file, 'head')),
          ...files.filter((file) => !html.includes(file)).map((file) => link('modulepreload', file, 'head')),
        ];
      },
    },
  };
}

/**
 * Runs client/early.ts from the page's head, first, as a script of its own: it opens a wall's live
 * socket before the page's main script (stores, Socket.IO: ~150 KB) has loaded (client/net/early-socket.ts).
 * An entry of its own in the build (Vite would fold a second script of index.html into the first),
 * with the chunks it imports preloaded; in development the module itself.
 */
function earlyScript(entry = 'client/early.ts'): Plugin {
  return {
    name: 'city-brain:early-script',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const script = (src: string): HtmlTagDescriptor => ({
          tag: 'script',
          attrs: { type: 'module', crossorigin: true, src },
          injectTo: 'head-prepend',
        });
        const bundle = ctx.bundle;
        if (!bundle) return [script(`/${path.basename(entry)}`)];
        const [early, ...imports] = importGraph(bundle, chunkOf(bundle, entry, 'earlyScript'));
        return [script(`/${early}`), ...imports.map((file) => link('modulepreload', file, 'head-prepend'))];
      },
    },
  };
}

/**
 * One config for the client build and every test project.
 * - unit: pure code beside its source (shared/, server/, client/, data/generator/)
 * - integration: a real server on an ephemeral port (tests/integration)
 * - e2e: headless Chromium against a real server (tests/e2e), one file at a time: software GL is heavy
 */
export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [react(), earlyScript(), preloadApp(), precompress()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./client/index.html', import.meta.url)),
        early: fileURLToPath(new URL('./client/early.ts', import.meta.url)),
      },
      output: {
        codeSplitting: {
          // Deck.gl and MapLibre in chunks of their own. Vite's preload helper (main.tsx's dynamic
          // import) in one of its own, first: deck.gl uses it too, and pulled into deck's chunk it
          // would make the page's first, small script wait for 1 MB of deck.gl.
          groups: [
            { name: 'preload-helper', test: /vite[\\/]preload-helper/, priority: 3 },
            { name: 'maplibre', test: /maplibre-gl/, priority: 2 },
            { name: 'deck', test: /@deck\.gl|@luma\.gl|@loaders\.gl/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/socket.io': { target: 'ws://127.0.0.1:8080', ws: true } },
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'server/**/*.test.ts',
            'client/**/*.test.ts',
            'data/generator/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
