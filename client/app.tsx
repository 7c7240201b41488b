import { ConsolePage } from './pages/console-page';
import { ReportPage } from './pages/report-page';
import { WallPage } from './pages/wall-page';

/** Routes by path; the server answers every page with the same index.html. */
export function App() {
  const page = window.location.pathname.split('/')[1];
  if (page === 'console') return <ConsolePage />;
  if (page === 'report') return <ReportPage />;
  return <WallPage />;
}
