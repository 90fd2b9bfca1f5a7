// The app shell: header, panel tabs, the open panel.
import { PANELS, findPanel } from '../features/registry';
import { PanelFrame } from '../components/PanelFrame';
import { useLab } from '../state/store';
import { Header } from './Header';
import { useBackend } from './useBackend';
import { useRuntime } from '../features/models/useRuntime';
import { ShareBar, ShareNoticesBanner } from '../features/share/ShareBar';
import { StallBanner } from '../features/models/StallBanner';

export function App() {
  useBackend();
  useRuntime();
  const panelId = useLab((s) => s.panel);
  const setPanel = useLab((s) => s.setPanel);
  const panel = findPanel(panelId);
  return (
    <div className="app">
      <Header />
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
        <ShareBar />
      </nav>
      <ShareNoticesBanner />
      <StallBanner />
      <main>
        <PanelFrame id={panel.id} title={panel.title} help={panel.help}>
          <panel.Component />
        </PanelFrame>
      </main>
    </div>
  );
}
