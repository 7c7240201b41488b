import { createRoot } from 'react-dom/client';
import { App } from './app';
// After the app's own imports, as before the split: these page-wide rules override theirs and MapLibre's.
import './styles.css';

/** Renders the app into #root: loaded by main.tsx after it has started what the page needs first. */
export function render(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html lacks #root');
  createRoot(root).render(<App />);
}
