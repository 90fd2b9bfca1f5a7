// Placeholder until this panel lands: it says what will appear here, and
// shows no invented data.
import { EmptyState } from '../../components/EmptyState';

export function TiersPanel() {
  return <EmptyState testId="tiers.empty">Score histograms with draggable cutoffs, the funnel and the volume–recall trade-off will appear here.</EmptyState>;
}
