// One label or state-file import at a time, from a panel: runs it in the
// import worker, shows its progress, and takes the written labels into the
// page's label service a slice at a time (labelService.adopt).
import { useCallback, useRef, useState } from 'react';
import type { ImportPhase, LabelImportOutcome, LabelImportProgress, LabelImportRequest } from '../../data/labelImport';
import { labStore } from '../../state/store';
import { startLabelImport, type RunningImport } from './labelImportClient';
import { labelService } from './labelService';

export type { LabelImportOutcome };

const PHASE: Record<ImportPhase, string> = { reading: 'reading the file', checking: 'checking every row', writing: 'writing labels' };

export interface ImportView {
  what: string;
  done: number;
  total: number;
  unit: 'rows' | 'bytes';
  ms: number;
}

export function useLabelImport() {
  const [view, setView] = useState<ImportView | null>(null);
  const running = useRef<RunningImport | null>(null);
  const phaseStart = useRef({ phase: '' as ImportPhase | '', ms: 0 });

  const run = useCallback(async (req: LabelImportRequest): Promise<LabelImportOutcome> => {
    const svc = labelService(() => labStore.getState().bumpLabels());
    await svc.flush(); // grades already given are committed before the worker reads the store
    const onProgress = (p: LabelImportProgress): void => {
      if (phaseStart.current.phase !== p.phase) phaseStart.current = { phase: p.phase, ms: p.ms };
      setView({ what: PHASE[p.phase], done: p.done, total: p.total, unit: p.phase === 'writing' ? 'rows' : 'bytes', ms: p.ms - phaseStart.current.ms });
    };
    setView({ what: PHASE.reading, done: 0, total: req.file.size, unit: 'bytes', ms: 0 });
    running.current = startLabelImport(req, onProgress);
    try {
      const r = await running.current.done;
      if (r.type === 'done' && r.labels.n > 0) {
        setView({ what: 'taking labels into the lab', done: 0, total: r.labels.n, unit: 'rows', ms: 0 });
        await svc.adopt(r.labels, req.now);
      }
      return r;
    } finally {
      running.current = null;
      phaseStart.current = { phase: '', ms: 0 };
      setView(null);
    }
  }, []);

  const cancel = useCallback(() => running.current?.cancel(), []);
  return { run, cancel, view, busy: view !== null };
}
