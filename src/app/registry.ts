// The panels, in tab order. Adding a panel = a folder under src/features and a line here.
// It lives with the shell, not among the panels: only the shell needs the whole list.
import type { PanelDef } from '../features/types';
import { rankingPanel } from '../features/ranking';
import { inspectPanel } from '../features/inspect';
import { tiersPanel } from '../features/tiers';
import { labelsPanel } from '../features/labels';
import { metricsPanel } from '../features/metrics';
import { modelsPanel } from '../features/models';
import { sharePanel } from '../features/share';

export const PANELS: readonly PanelDef[] = [
  rankingPanel, inspectPanel, tiersPanel, labelsPanel, metricsPanel, modelsPanel, sharePanel,
];

export function findPanel(id: string): PanelDef {
  return PANELS.find((p) => p.id === id) ?? PANELS[0];
}
