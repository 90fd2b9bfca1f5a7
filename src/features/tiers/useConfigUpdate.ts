// A stable updater for one side's config: it reads the store's current config
// at call time, so handlers passed to memoised children (histogram grips,
// fields) never hold a stale config and never change identity on a move.
import { useCallback } from 'react';
import type { FunnelConfig } from '../../core/funnel';
import { labStore } from '../../state/store';
import type { TierSide } from '../../state/slices/tiers';

export type ConfigUpdate = (fn: (c: FunnelConfig) => FunnelConfig) => void;

export function useConfigUpdate(side: TierSide): ConfigUpdate {
  return useCallback((fn) => {
    const s = labStore.getState();
    s.setTierConfig(side, fn(side === 'A' ? s.tierConfigA : s.tierConfigB));
  }, [side]);
}
