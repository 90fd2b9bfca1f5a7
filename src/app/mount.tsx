// The app: read the start-up URL flags once, start the services, then mount
// it (loaded by src/main.ts).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { noteLinkSelection } from '../features/inspect/selection';
import { findPanel } from './registry';
import { startServices } from '../services/start';
import { parseUrlFlags } from './urlFlags';
import '../styles.css';

const flags = parseUrlFlags(location);
// The panels' side of URL sync: which panel a link's id opens, and the inspect map a link selected.
startServices(flags, { resolvePanel: (id) => findPanel(id).id, onLinkSelection: noteLinkSelection });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Catches what the parts' own boundaries cannot: an error in App's own hooks. */}
    <ErrorBoundary name="the lab" testId="app">
      <App flags={flags} />
    </ErrorBoundary>
  </StrictMode>,
);
