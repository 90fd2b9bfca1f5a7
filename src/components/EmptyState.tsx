// A panel with nothing to show yet says what will appear, never fake data.
import type { ReactNode } from 'react';

export function EmptyState({ children, testId }: { children: ReactNode; testId?: string }) {
  return <p className="empty" data-testid={testId}>{children}</p>;
}
