// The panels, in tab order. Adding a panel = a folder under src/features and a line here.
import type { PanelDef } from './types';
import { rankingPanel } from './ranking';
import { inspectPanel } from './inspect';
import { tiersPanel } from './tiers';
import { labelsPanel } from './labels';
import { metricsPanel } from './metrics';
import { modelsPanel } from './models';
import { sharePanel } from './share';

export const PANELS: readonly PanelDef[] = [
  rankingPanel, inspectPanel, tiersPanel, labelsPanel, metricsPanel, modelsPanel, sharePanel,
];

export function findPanel(id: string): PanelDef {
  return PANELS.find((p) => p.id === id) ?? PANELS[0];
}
