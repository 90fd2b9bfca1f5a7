// The line above a head's view saying what the head is (headInfo.ts): its
// description, base tower, precision and shipped checkpoint. The report is
// fetched once per page; without it the line says the step is unknown.
import { useEffect, useState } from 'react';
import type { ManifestModel } from '../../runtime/api';
import { headFacts, parseHeadReport, type HeadReportRow } from './headInfo';

const REPORT_URL = '/models/report.heads.json';
let report: Promise<Map<string, HeadReportRow>> | null = null;

function loadReport(): Promise<Map<string, HeadReportRow>> {
  report ??= fetch(REPORT_URL)
    .then((r) => (r.ok ? r.json() : null))
    .then(parseHeadReport, () => new Map<string, HeadReportRow>());
  return report;
}

function useHeadReport(): Map<string, HeadReportRow> | null {
  const [rows, setRows] = useState<Map<string, HeadReportRow> | null>(null);
  useEffect(() => {
    let live = true;
    void loadReport().then((m) => live && setRows(m));
    return () => { live = false; };
  }, []);
  return rows;
}

export function HeadFactsNote({ entry, testId }: { entry: ManifestModel | undefined; testId: string }) {
  const rows = useHeadReport();
  if (!entry) return null;
  const f = headFacts(entry, rows?.get(entry.id));
  return (
    <p className="inspect-head-facts" data-testid={testId} data-base-tower={f.baseTower ?? ''} data-precision={f.precision}
      data-step={f.step?.step ?? ''} data-type={f.type}>
      <code>{f.id}</code>{f.what ? `: ${f.what}` : ''} · base tower <code>{f.baseTower ?? 'not named in the manifest'}</code> · {f.precision}.{' '}
      {rows ? f.checkpoint : 'Reading models/report.heads.json…'}
    </p>
  );
}
