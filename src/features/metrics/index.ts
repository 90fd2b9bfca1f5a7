import type { PanelDef } from '../types';
import { MetricsPanel } from './MetricsPanel';

export const metricsPanel: PanelDef = {
  id: 'metrics',
  title: 'Metrics',
  help: 'AUC, nDCG, Recall, MRR, N/M and Kendall τ per model, with bootstrap confidence intervals, their precision, and "is B better than A?" for any pair.',
  Component: MetricsPanel,
};
