import type { PanelDef } from '../types';
import { ModelsPanel } from './ModelsPanel';

export const modelsPanel: PanelDef = {
  id: 'models',
  title: 'Models',
  help: 'The shipped models: role, size, load time and the backend each runs on.',
  Component: ModelsPanel,
};
