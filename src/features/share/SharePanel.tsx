// Placeholder until this panel lands: it says what will appear here, and
// shows no invented data.
import { EmptyState } from '../../components/EmptyState';

export function SharePanel() {
  return <EmptyState testId="share.empty">The copy-link button and the state file export will appear here.</EmptyState>;
}
