import { prefetchCityData } from './net/city-data';
import { displayToken } from './net/credentials';
import { openEarlySocket } from './net/early-socket';
import { socketAuth, syncRequest, WALL_SYNC } from './net/sync-request';
import { pageOf } from './route';

// The page's first script, run from its head before main.tsx: a wall's live socket opens and asks for
// the snapshot from here, and its city data is asked for, while the page's main script and the app
// are still loading (early-socket.ts, city-data.ts `prefetchCityData`).
if (pageOf(window.location.pathname) === 'wall') {
  openEarlySocket(socketAuth(displayToken(), syncRequest(null, WALL_SYNC)));
  prefetchCityData();
}
