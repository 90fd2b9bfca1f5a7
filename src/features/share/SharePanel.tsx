// The share panel: a link to this view, the state file (view + labels), your
// own doc set and your own model. Everything here stays in the browser.
import { CopyLinkButton } from './CopyLinkButton';
import { DocSetSection } from './DocSetSection';
import { ByoModelSection } from './ByoModelSection';
import { StateFileSection } from './StateFileSection';
import './share.css';

export function SharePanel() {
  return (
    <div className="share" data-testid="share.panel">
      <section className="share-section">
        <h3>Link to this view</h3>
        <p className="help">
          The query, models, backend, zone, tier configs, inspected pair, open panel and label source, in the part of the URL after
          “#” — browsers never send it to a server. The address bar always holds the current view; the tab-row button copies it from any panel.
        </p>
        <CopyLinkButton showField testId="share.copy-link-here" />
      </section>
      <StateFileSection />
      <DocSetSection />
      <ByoModelSection />
    </div>
  );
}
