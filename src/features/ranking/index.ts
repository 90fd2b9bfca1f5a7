import type { PanelDef } from '../types';
import { RankingPanel } from './RankingPanel';

export const rankingPanel: PanelDef = {
  id: 'ranking',
  title: 'Ranking',
  help: 'Type a query and compare how every model ranks the doc set, side by side.',
  Component: RankingPanel,
};
