// The app: read the start-up URL flags, then mount it (loaded by src/main.ts).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { labStore } from '../state/store';
import { parseBackendRequest } from '../core/backend';
import { startUrlSync } from './urlSync';
import '../styles.css';

// `?backend=wasm|webgpu` forces a backend (tests use it); the share-link hash
// restores the rest of the view.
const flags = new URLSearchParams(location.search);
const forced = parseBackendRequest(flags.get('backend'));
labStore.getState().setBackendRequest(forced);
// NOTE: after the flags, so a link's own backend (`b=`) wins over `?backend=`; a link without
// one (its author was on "auto") must not undo the flag.
const linkNamesBackend = /[#&]b=/.test(location.hash);
startUrlSync();
if (!linkNamesBackend) labStore.getState().setBackendRequest(forced);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Catches what the parts' own boundaries cannot: an error in App's own hooks. */}
    <ErrorBoundary name="the lab" testId="app">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
