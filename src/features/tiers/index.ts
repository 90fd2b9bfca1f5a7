import type { PanelDef } from '../types';
import { TiersPanel } from './TiersPanel';

export const tiersPanel: PanelDef = {
  id: 'tiers',
  title: 'Tiers',
  help: 'Tune the premium truncation cutoff and the short-video score tiers, and watch the funnel.',
  Component: TiersPanel,
};
