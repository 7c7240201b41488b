import { createRoot } from 'react-dom/client';
import { App } from './app';
import { startWall } from './pages/wall-page';
import { pageOf } from './route';
import './styles.css';

// The wall's data and live stream are requested before React renders anything (startWall says why).
if (pageOf(window.location.pathname) === 'wall') startWall();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(<App />);
