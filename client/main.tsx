import { pageOf } from './route';
import { startWall } from './wall/wall-session';
import './styles.css';

// The page's first script is small on purpose: a wall opens its socket and asks for the city data
// here, then loads the app (React, deck.gl, MapLibre: ~2.6 MB of script). The handshake, the snapshot
// and the geometry travel while the browser compiles that code, not after it has run (wall-session.ts).
if (pageOf(window.location.pathname) === 'wall') startWall();

import('./render').then(
  ({ render }) => render(),
  (err: Error) => {
    // A stale tab after a deploy asks for chunks that are gone: say so rather than show a blank page.
    const root = document.getElementById('root');
    if (root) root.textContent = `The page could not load (${err.message}). Reload it.`;
    throw err;
  },
);
