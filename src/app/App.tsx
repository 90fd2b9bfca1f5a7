// The app shell: header, panel tabs, the open panel.
// Each part sits in its own ErrorBoundary, so one that throws while rendering shows why in its
// place and the others keep working (a render error used to blank the whole app).
import { PANELS, findPanel } from './registry';
import { PanelFrame } from '../components/PanelFrame';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { useLab } from '../state/store';
import { Header } from './Header';
import { useBackend } from './useBackend';
import { useRuntime } from '../services/lab/useRuntime';
import type { UrlFlags } from './urlFlags';
import { ShareBar, ShareNoticesBanner } from '../features/share/ShareBar';
import { StallBanner } from '../features/models/StallBanner';

export function App({ flags }: { flags: UrlFlags }) {
  useBackend(flags.threads);
  useRuntime(flags.init);
  const panelId = useLab((s) => s.panel);
  const setPanel = useLab((s) => s.setPanel);
  const panel = findPanel(panelId);
  return (
    <div className="app">
      <ErrorBoundary name="the header" testId="header">
        <Header />
      </ErrorBoundary>
      <nav className="tabs" role="tablist">
        {PANELS.map((p) => (
          <button
            key={p.id}
            role="tab"
            aria-selected={p.id === panel.id}
            data-testid={`nav.${p.id}`}
            onClick={() => setPanel(p.id)}
          >
            {p.title}
          </button>
        ))}
        <ErrorBoundary name="the share bar" testId="share-bar">
          <ShareBar />
        </ErrorBoundary>
      </nav>
      <ErrorBoundary name="the banners" testId="banners">
        <ShareNoticesBanner />
        <StallBanner />
      </ErrorBoundary>
      <main>
        <PanelFrame id={panel.id} title={panel.title} help={panel.help}>
          {/* NOTE: keyed by panel, so a failed panel's message does not follow the user to the next tab. */}
          <ErrorBoundary key={panel.id} name={`the ${panel.title} panel`} testId={`panel.${panel.id}`}>
            <panel.Component />
          </ErrorBoundary>
        </PanelFrame>
      </main>
    </div>
  );
}
