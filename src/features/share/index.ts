import type { PanelDef } from '../types';
import { SharePanel } from './SharePanel';

export const sharePanel: PanelDef = {
  id: 'share',
  title: 'Share',
  help: 'Copy a link to this exact view, or save and reopen the lab state with its labels.',
  Component: SharePanel,
};
