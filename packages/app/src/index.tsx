import '@backstage/ui/css/styles.css';
import { createRoot } from 'react-dom/client';
import { app } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(app.createRoot());
