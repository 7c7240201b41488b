/** The page a path shows: /console, /report, and the wall for everything else (the server answers
 * every page with the same index.html). */
export function pageOf(pathname: string): 'console' | 'report' | 'wall' {
  const page = pathname.split('/')[1];
  return page === 'console' || page === 'report' ? page : 'wall';
}
