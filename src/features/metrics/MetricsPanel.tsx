// Placeholder until this panel lands: it says what will appear here, and
// shows no invented data.
import { EmptyState } from '../../components/EmptyState';

export function MetricsPanel() {
  return <EmptyState testId="metrics.empty">Per-model metrics against the chosen labels, per intent and per zone, will appear here.</EmptyState>;
}
