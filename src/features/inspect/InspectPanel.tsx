// Placeholder until this panel lands: it says what will appear here, and
// shows no invented data.
import { EmptyState } from '../../components/EmptyState';

export function InspectPanel() {
  return <EmptyState testId="inspect.empty">Pick a result row or type two texts to see attention maps, ESIM alignments and token contributions here.</EmptyState>;
}
