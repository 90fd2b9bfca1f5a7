import type { PanelDef } from '../types';
import { LabelsPanel } from './LabelsPanel';

export const labelsPanel: PanelDef = {
  id: 'labels',
  title: 'Labels',
  help: 'Grade (query, doc) pairs 0–3 from the keyboard; labels are kept in this browser.',
  Component: LabelsPanel,
};
