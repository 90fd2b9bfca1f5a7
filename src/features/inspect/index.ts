import type { PanelDef } from '../types';
import { InspectPanel } from './InspectPanel';

export const inspectPanel: PanelDef = {
  id: 'inspect',
  title: 'Inspect',
  help: 'Look inside one query–doc pair: attention per layer and head, ESIM alignment, multi-head weights, teacher vs student.',
  Component: InspectPanel,
};
