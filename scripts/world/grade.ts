// Graded relevance (0–3) from the world's structure — entity ids, season and
// episode, topic and aspect, content keys — never from string overlap.
//   series+season+episode: that episode (and its re-uploads) 3, the season's 全集 2,
//     other episodes and 全集 of the series 1 (wrong season/episode = partly relevant),
//     its trailers / 花絮 / fan clips 0;
//   series+season: the season's 全集/film 3, its episodes 2, the rest of the series 1;
//   series: 全集/film 3, episodes 2, trailers/花絮/fan clips 1;
//   nav (exact title): same content key 3, otherwise the base spec capped at 2;
//   topic+aspect: same topic and aspect 3, same topic other aspect 1;
//   person: a doc naming them 3, their series' main docs 2, trailers/花絮 1;
//   uploader: their clips 3, others' re-uploads of their clips 1;
//   attr: the series rule over every series matching the attributes.

import type { Registry } from './entities';
import { DocMeta, KIND } from './types';

export type Spec =
  | { t: 'series'; s: number; season?: number; episode?: number }
  | { t: 'nav'; d: number; base?: Spec }
  | { t: 'topic'; topic: number; aspect: number }
  | { t: 'person'; p: number }
  | { t: 'uploader'; u: number }
  | { t: 'attr'; series: number[] };

export class Grader {
  /** content key → the near-duplicates pointing at it */
  private dups = new Map<number, number[]>();
  constructor(private meta: DocMeta, private reg: Registry) {
    for (let i = 0; i < meta.n; i++) {
      const k = meta.ckey[i];
      if (k !== i) {
        const l = this.dups.get(k);
        if (l) l.push(i);
        else this.dups.set(k, [i]);
      }
    }
  }

  grade(spec: Spec, i: number): number {
    const m = this.meta;
    switch (spec.t) {
      case 'series': return m.ent[i] === spec.s ? this.seriesGrade(spec, i) : 0;
      case 'nav': {
        if (m.ckey[i] === m.ckey[spec.d]) return 3;
        if (spec.base) return Math.min(2, this.grade(spec.base, i));
        return m.ent[spec.d] >= 0 && m.ent[i] === m.ent[spec.d] ? 1 : 0;
      }
      case 'topic':
        if (m.topic[i] !== spec.topic) return 0;
        return m.aspect[i] === spec.aspect ? 3 : 1;
      case 'person': {
        const e = m.ent[i];
        if (e < 0) return 0;
        const s = this.reg.series[e];
        if (!s.cast.includes(spec.p) && !s.directors.includes(spec.p)) return 0;
        if (m.mention[i] === spec.p) return 3;
        const k = m.kind[i];
        return k === KIND.EP || k === KIND.FULL || k === KIND.MOVIE ? 2 : 1;
      }
      case 'uploader':
        if (m.uploader[i] === spec.u) return 3;
        return m.uploader[m.ckey[i]] === spec.u ? 1 : 0;
      case 'attr':
        return spec.series.includes(m.ent[i]) ? this.seriesGrade({}, i) : 0;
    }
  }

  private seriesGrade(spec: { season?: number; episode?: number }, i: number): number {
    const m = this.meta;
    const k = m.kind[i];
    const sameSeason = spec.season !== undefined && m.season[i] === spec.season;
    if (spec.season !== undefined && spec.episode !== undefined) {
      if (k === KIND.EP && sameSeason && m.episode[i] === spec.episode) return 3;
      if (k === KIND.FULL && sameSeason) return 2;
      // Wrong season or episode: partly relevant. Trailers, 花絮 and fan clips answer no
      // episode question: 0 (they used to be 1, so a ranker that surfaced the series'
      // trailers for "第4集" was rewarded for finding the series alone).
      return k === KIND.EP || k === KIND.FULL ? 1 : 0;
    }
    if (spec.season !== undefined) {
      if ((k === KIND.FULL || k === KIND.MOVIE) && sameSeason) return 3;
      if (k === KIND.EP && sameSeason) return 2;
      return 1;
    }
    if (k === KIND.FULL || k === KIND.MOVIE) return 3;
    if (k === KIND.EP) return 2;
    return 1;
  }

  /** Every doc that can get a grade > 0 under the spec (a superset; grade() decides). */
  candidates(spec: Spec): number[] {
    const out = new Set<number>();
    const addDups = (d: number): void => {
      for (const x of this.dups.get(this.meta.ckey[d]) ?? []) out.add(x);
      out.add(this.meta.ckey[d]);
    };
    switch (spec.t) {
      case 'series': for (const d of this.reg.series[spec.s].docs) out.add(d); break;
      case 'nav': {
        addDups(spec.d);
        out.add(spec.d);
        if (spec.base) for (const d of this.candidates(spec.base)) out.add(d);
        else if (this.meta.ent[spec.d] >= 0) for (const d of this.reg.series[this.meta.ent[spec.d]].docs) out.add(d);
        break;
      }
      case 'topic': for (const d of this.reg.topics[spec.topic].docs) out.add(d); break;
      case 'person': for (const s of this.reg.persons[spec.p].series) for (const d of this.reg.series[s].docs) out.add(d); break;
      case 'uploader': for (const d of this.reg.uploaders[spec.u].docs) { out.add(d); addDups(d); } break;
      case 'attr': for (const s of spec.series) for (const d of this.reg.series[s].docs) out.add(d); break;
    }
    return [...out];
  }

  /** [doc, grade] for every doc with grade > 0, best first then by doc index. */
  relevant(spec: Spec): [number, number][] {
    const out: [number, number][] = [];
    for (const d of this.candidates(spec)) {
      const g = this.grade(spec, d);
      if (g > 0) out.push([d, g]);
    }
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }
}
