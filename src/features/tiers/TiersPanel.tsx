// The tiers panel: where the candidates come from (query set + runtime
// scores, or an imported pools file), then the experiment itself once they
// are ready. Until then it says what it is waiting for — never fake data.
import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useLab } from '../../state/store';
import type { ImportedPools } from '../../data/formats/pools';
import { ScoringProgress } from './ScoringProgress';
import { SourceBar } from './SourceBar';
import { TiersLab } from './TiersLab';
import { useTierData } from './useTierData';
import './tiers.css';

export function TiersPanel() {
  const set = useLab((s) => s.tierQuerySet);
  const setSet = useLab((s) => s.setTierQuerySet);
  const pool = useLab((s) => s.tierPool);
  const setPool = useLab((s) => s.setTierPool);
  const limit = useLab((s) => s.tierLimit);
  const setLimit = useLab((s) => s.setTierLimit);
  const [imported, setImported] = useState<ImportedPools | null>(null);
  const state = useTierData(set, pool, limit, imported);
  const note = state.status === 'ready' ? state.data.source : state.note;
  return (
    <div className="tiers">
      <SourceBar set={set} setSet={setSet} pool={pool} setPool={setPool} limit={limit} setLimit={setLimit} imported={imported} setImported={setImported} note={note} />
      {state.progress && <ScoringProgress p={state.progress} adding={state.status === 'ready'} />}
      {state.status === 'ready'
        ? <TiersLab data={state.data} />
        : (
          // NOTE: the source bar above already says what is happening (state.note): not said twice.
          <EmptyState testId="tiers.status">
            {state.status === 'scoring'
              ? 'The figures appear once every query of the set is scored.'
              : 'Or load a pools file (a panel\'s “export scores” JSON) to run the experiment without models.'}
          </EmptyState>
        )}
    </div>
  );
}
