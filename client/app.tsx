import { useLang } from './i18n/t';
import { ConsolePage } from './pages/console-page';
import { ReportPage } from './pages/report-page';
import { WallPage } from './pages/wall-page';
import { pageOf } from './route';

/** Routes by path; the server answers every page with the same index.html. */
export function App() {
  // Subscribed here, at the root, so that switching the language re-renders every page.
  useLang();
  const page = pageOf(window.location.pathname);
  if (page === 'console') return <ConsolePage />;
  if (page === 'report') return <ReportPage />;
  return <WallPage />;
}
