import { createRoot } from 'react-dom/client';
import { connect } from './api';
import { App } from './features/shell/App';
import './styles/theme.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/session.css';
import './styles/queue.css';
import './styles/alert.css';
import './styles/review.css';

connect();
// No StrictMode: its doubled effects would open a hit twice in development, and every
// opening writes a lookup record to the audit trail.
createRoot(document.getElementById('root')!).render(<App />);
