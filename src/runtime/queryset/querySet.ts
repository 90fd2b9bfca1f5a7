// Queries and qrels as the query-set scorer needs them (text by qid, judged
// docs by qid), parsed by src/data; a bad line is an error naming it.
import { parseQrels, parseQueriesJsonl } from '../../data';
import { LabError } from '../engine/manifest';

export interface QuerySetData {
  text: Map<string, string>;
  /** qid → judged doc ids (any grade). */
  judged: Map<string, string[]>;
}

function firstIssue(p: { errors: { file: string; line: number; reason: string }[] }): void {
  const e = p.errors[0];
  if (e) throw new LabError(`${e.file} line ${e.line}: ${e.reason}`, `${e.file}:${e.line}`);
}

export function readQuerySet(queries: Uint8Array, qrels: Uint8Array, qSource = 'queries.jsonl', rSource = 'qrels.trec'): QuerySetData {
  const q = parseQueriesJsonl(queries, { file: qSource });
  firstIssue(q);
  const r = parseQrels(qrels, { file: rSource });
  firstIssue(r);
  return {
    text: new Map(q.rows.map((x) => [x.qid, x.text])),
    judged: new Map([...r.byQuery].map(([qid, m]) => [qid, [...m.keys()]])),
  };
}
