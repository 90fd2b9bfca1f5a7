// Placeholder until this panel lands: it says what will appear here, and
// shows no invented data.
import { EmptyState } from '../../components/EmptyState';

export function RankingPanel() {
  return <EmptyState testId="ranking.empty">Ranked columns for the teacher and student towers, the fine ranker and BM25 will appear here once the models are loaded.</EmptyState>;
}
