// The pair on screen: query, doc (title, zone, category, cover strip), model
// ranks unless judging blind, and the grade / undo / skip / next buttons.
import { LabelCoverStrip } from '../../components/LabelCoverStrip';
import type { Grade } from '../../data/labelStore';
import type { QueueItem } from './queue';
import type { World } from '../../services/labels/world';
import type { LabelQueue } from './useLabelQueue';
import { KEY_LEGEND } from './keys';

const GRADE_NAMES = ['0 irrelevant', '1 marginal', '2 relevant', '3 perfect'] as const;
const HOME_ROW = ['a', 's', 'd', 'f'] as const;

export function LabelCard({ item, world, q, blind }: { item: QueueItem; world: World; q: LabelQueue; blind: boolean }) {
  const query = world.queryById.get(item.qid);
  const di = world.docIndex.get(item.docid);
  const doc = di === undefined ? undefined : world.docs[di];
  const models = Object.keys(item.ranks);
  return (
    <div className="label-card" data-testid="labels.card" data-qid={item.qid} data-docid={item.docid}>
      <div className="label-query">
        <span className="label-k">query</span>
        <strong data-testid="labels.query">{query?.text ?? item.qid}</strong>
        <span className="label-meta">{item.qid}{query ? ` · ${query.intent}` : ''}</span>
      </div>
      <div className="label-doc">
        <span className="label-k">doc</span>
        <strong data-testid="labels.title">{doc?.title ?? '(doc not in the doc set)'}</strong>
        <span className="label-meta">{item.docid}</span>
        <div className="label-doc-facts">
          <span>zone <b data-testid="labels.zone">{doc?.zone ?? '—'}</b></span>
          <span>category <b data-testid="labels.category">{doc?.category ?? '—'}</b></span>
          <span>cover <LabelCoverStrip cover={doc?.cover ?? []} testId="labels.cover" /></span>
        </div>
        {/* NOTE: what the doc says beyond its title — a grader judging "古装剧 2022" needs the genre and the year. */}
        {doc && (
          <div className="label-doc-facts" data-testid="labels.doc-fields">
            {doc.tags.length > 0 && <span>tags <b data-testid="labels.tags">{doc.tags.join(' · ')}</b></span>}
            {doc.genres.length > 0 && <span>genre <b>{doc.genres.join(' · ')}</b></span>}
            {doc.cast.length > 0 && <span>cast <b>{doc.cast.join(' · ')}</b></span>}
            {doc.year !== null && <span>year <b data-testid="labels.year">{doc.year}</b></span>}
            {doc.series && <span>series <b>{doc.series}{doc.season ? ` S${doc.season}` : ''}{doc.episode ? ` E${doc.episode}` : ''}</b></span>}
            {doc.uploader && <span>uploader <b>{doc.uploader}</b></span>}
          </div>
        )}
      </div>
      {!blind && models.length > 0 && (
        <div className="label-ranks" data-testid="labels.ranks">
          {models.map((m) => (
            <span key={m}>{m}: <b>{item.ranks[m] ?? '—'}</b></span>
          ))}
          {item.spread !== undefined && <span>spread (log₂ rank): <b>{item.spread.toFixed(2)}</b></span>}
        </div>
      )}
      <div className="label-grades" role="group" aria-label="grade">
        {([0, 1, 2, 3] as Grade[]).map((g) => (
          <button
            key={g}
            data-testid={`labels.grade-${g}`}
            aria-pressed={q.myGrade === g}
            onClick={() => q.grade(g)}
            title={`keys ${g} or ${HOME_ROW[g]}`}
          >
            {GRADE_NAMES[g]}
          </button>
        ))}
      </div>
      <div className="label-nav">
        <button data-testid="labels.undo" onClick={q.undo} disabled={!q.canUndo}>undo (u)</button>
        <button data-testid="labels.skip" onClick={q.skip}>skip (k)</button>
        <button data-testid="labels.next" onClick={q.next}>next (j)</button>
      </div>
      <p className="label-legend">
        {KEY_LEGEND.map((k) => <span key={k.what}><kbd>{k.keys}</kbd> {k.what}</span>)}
      </p>
    </div>
  );
}
