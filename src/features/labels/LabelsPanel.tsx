// Placeholder until this panel lands: it says what will appear here, and
// shows no invented data.
import { EmptyState } from '../../components/EmptyState';

export function LabelsPanel() {
  return <EmptyState testId="labels.empty">The labelling queue will appear here: one pair at a time, graded with the keys 0–3.</EmptyState>;
}
