import { pageOf } from './route';
import { startWall } from './wall/wall-session';

// The page's first script is small on purpose: a wall opens its socket and asks for the city data
// here, then loads the app (React, deck.gl, MapLibre: ~2.6 MB of script). The handshake, the snapshot
// and the geometry travel while the browser compiles that code, not after it has run (wall-session.ts).
const wall = pageOf(window.location.pathname) === 'wall' ? startWall() : null;

/**
 * How long a wall's first render may wait for the live picture. It waits for the store to hold the
 * first snapshot, so that its first frame shows the live events: rendered before, the page's first
 * frame (setting up WebGL, compiling shaders: the longest stretch of its start) came first and the
 * snapshot, though it had arrived, waited behind it, then for a second frame (bench/cold-start.ts).
 * The app's script is loading meanwhile (modulepreload); a slow server delays the wall by this at most.
 */
const WALL_WAITS_FOR_DATA_MS = 1500;

const firstSync = wall
  ? Promise.race([wall.firstSync, new Promise((resolve) => setTimeout(resolve, WALL_WAITS_FOR_DATA_MS))])
  : null;
// Marks for bench/cold-start.ts: when the app's code had loaded, when the first render began.
const app = import('./render').then((module) => {
  performance.mark('app:loaded');
  return module;
});
Promise.all([app, firstSync]).then(
  ([{ render }]) => {
    performance.mark('app:render');
    render();
  },
  (err: Error) => {
    // A stale tab after a deploy asks for chunks that are gone: say so rather than show a blank page.
    const root = document.getElementById('root');
    if (root) root.textContent = `The page could not load (${err.message}). Reload it.`;
    throw err;
  },
);
