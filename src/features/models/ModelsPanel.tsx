// Placeholder until this panel lands: it says what will appear here, and
// shows no invented data.
import { EmptyState } from '../../components/EmptyState';

export function ModelsPanel() {
  return <EmptyState testId="models.empty">The model list from models/manifest.json, with sizes, load times and backends, will appear here.</EmptyState>;
}
