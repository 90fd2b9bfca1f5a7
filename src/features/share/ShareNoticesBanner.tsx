// The banner under the tabs when the lab was opened from a link: what the
// codec had to drop or clamp, and whether the link was made with another doc
// set or model set (naming what differs). Text only — link contents are
// rendered by React as text, never as HTML.
import { useSyncExternalStore } from 'react';
import { shareNotices } from '../../services/share/shareNotices';

export function ShareNoticesBanner() {
  const n = useSyncExternalStore(shareNotices.subscribe, shareNotices.get);
  if (!n.mismatch.length && !n.link.length && !n.opened.length) return null;
  return (
    <div className="share-notices" role="status" data-testid="share.notices">
      {n.opened.length > 0 && <div data-testid="share.state-report">{n.opened.map((m, i) => <p key={i}>{m}</p>)}</div>}
      {n.mismatch.map((m) => <p key={m} className="warning" data-testid="share.warning">{m}</p>)}
      {n.link.length > 0 && (
        <details data-testid="share.link-warnings">
          <summary>The link was repaired: {n.link.length} note{n.link.length === 1 ? '' : 's'}</summary>
          <ul>{n.link.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </details>
      )}
      <button type="button" data-testid="share.dismiss" onClick={() => shareNotices.dismiss()}>Dismiss</button>
    </div>
  );
}
