// Query texts per intent, each paired with the structural Spec its labels come
// from. Texts vary numeral forms, aliases, homophones and English on purpose.

import type { Catalog } from './catalog';
import type { Spec } from './grade';
import { homophones } from './pinyin';
import { PREMIUM, SHORT, TYPO_CHARS, zhNum } from './pools';
import type { Rng } from './rng';
import { KIND, type Series } from './types';

export const INTENTS = [
  'navigational', 'series_episode', 'person', 'topic', 'category_attr', 'alias', 'typo', 'mixed_en', 'long_desc',
] as const;
export type Intent = (typeof INTENTS)[number];

export interface Draft {
  text: string;
  intent: Intent;
  spec: Spec;
}

export class QueryMaker {
  private epDocs: number[] = [];
  private multiEpDocs: number[] = [];
  constructor(private rng: Rng, private cat: Catalog) {
    const m = cat.meta;
    for (let i = 0; i < cat.texts.length; i++) {
      if (m.kind[i] !== KIND.EP || m.ckey[i] !== i) continue;
      this.epDocs.push(i);
      if (cat.reg.series[m.ent[i]].seasons > 1) this.multiEpDocs.push(i);
    }
  }

  make(intent: Intent): Draft | null {
    const t = this[intent].call(this);
    return t ? { ...t, intent } : null;
  }

  private series(pred: (s: Series) => boolean = () => true): Series | null {
    for (let k = 0; k < 30; k++) {
      const s = this.rng.pick(this.cat.reg.series);
      if (s.docs.length && pred(s)) return s;
    }
    return null;
  }
  private topicWith(pred: (t: number) => boolean): number | null {
    const ts = this.cat.reg.topics;
    for (let k = 0; k < 50; k++) {
      const t = this.rng.int(0, ts.length - 1);
      if (ts[t].docs.length && pred(t)) return t;
    }
    return null;
  }
  private aspectOf(t: number): number {
    return this.rng.int(0, SHORT[this.cat.reg.topics[t].cat].aspects.length - 1);
  }
  private pickPerson(s: Series): number {
    return this.rng.pick([...s.cast, ...s.directors]);
  }

  navigational(): Omit<Draft, 'intent'> | null {
    const m = this.cat.meta;
    const d = this.rng.int(0, this.cat.titles.length - 1);
    let base: Spec | undefined;
    const e = m.ent[d];
    if (m.kind[d] === KIND.EP) base = { t: 'series', s: e, season: m.season[d], episode: m.episode[d] };
    else if (m.kind[d] === KIND.CLIP) base = { t: 'topic', topic: m.topic[d], aspect: m.aspect[d] };
    else if (e >= 0 && m.kind[d] !== KIND.FAN) base = { t: 'series', s: e, season: m.season[d] };
    return { text: this.cat.titles[d], spec: { t: 'nav', d, base } };
  }

  private seText(s: Series, sn: number, e: number | null): string {
    const r = this.rng;
    const unit = PREMIUM[s.cat].epUnit;
    const sp = s.seasons > 1 ? r.pick([`第${zhNum(sn)}季`, `第${sn}季`, ` 第${sn}季`, ...(sn > 1 ? [`${sn}`] : [])]) : '';
    if (e === null) return `${s.name}${sp || '全集'}`;
    // Chinese numerals and bare/EP numbers more often than the titles' dominant 第N集, so the
    // episode number often shares no token with the right title: binding is hard for BM25.
    const ep = r.pick([`第${zhNum(e)}${unit}`, `第${zhNum(e)}${unit}`, `第${e}${unit}`, ` 第${e}${unit}`, ` ${e}`, ` ep${e}`]);
    return `${s.name}${sp}${ep}`.trim();
  }

  series_episode(): Omit<Draft, 'intent'> | null {
    // Mostly multi-season series: "第1季第4集" and "第4季第1集" are the same bag of terms, the
    // binding failure a lexical matcher cannot avoid.
    const d = this.multiEpDocs.length && this.rng.chance(0.75) ? this.rng.pick(this.multiEpDocs) : this.rng.pick(this.epDocs);
    const m = this.cat.meta;
    const s = this.cat.reg.series[m.ent[d]];
    if (s.seasons > 1 && this.rng.chance(0.2)) return { text: this.seText(s, m.season[d], null), spec: { t: 'series', s: s.idx, season: m.season[d] } };
    return { text: this.seText(s, m.season[d], m.episode[d]), spec: { t: 'series', s: s.idx, season: m.season[d], episode: m.episode[d] } };
  }

  person(): Omit<Draft, 'intent'> | null {
    const r = this.rng;
    if (r.chance(0.4)) {
      const ups = this.cat.reg.uploaders;
      const u = ups[r.int(0, ups.length - 1)];
      if (!u.docs.length) return null;
      return { text: r.pick([u.name, `${u.name}的视频`, `${u.name} 最新`]), spec: { t: 'uploader', u: u.idx } };
    }
    const s = this.series();
    if (!s) return null;
    const p = this.pickPerson(s);
    const name = this.cat.reg.persons[p].name;
    const word = PREMIUM[s.cat].word;
    const director = s.directors.includes(p);
    const text = director ? r.pick([`${name}导演`, `${name}导演的${word}`]) : r.pick([name, `${name}的${word}`, `${name}主演`, `${name} 作品`]);
    return { text, spec: { t: 'person', p } };
  }

  topic(): Omit<Draft, 'intent'> | null {
    const t = this.topicWith(() => true);
    if (t === null) return null;
    const tp = this.cat.reg.topics[t];
    const a = this.aspectOf(t);
    const asp = SHORT[tp.cat].aspects[a].w;
    const text = this.rng.pick([`${tp.name}${asp}`, `${tp.name} ${asp}`, `${tp.head.w}${tp.tail.w}的${asp}`]);
    return { text, spec: { t: 'topic', topic: t, aspect: a } };
  }

  category_attr(): Omit<Draft, 'intent'> | null {
    const s = this.series();
    if (!s) return null;
    const r = this.rng;
    const pc = PREMIUM[s.cat];
    const g = r.pick(s.genres);
    const useGenre = r.chance(0.85);
    const match = this.cat.reg.series.filter((x) => x.cat === s.cat && x.year === s.year && x.docs.length && (!useGenre || x.genres.includes(g)));
    const text = useGenre
      ? r.pick([`${s.year}年的${g}${pc.word}`, `${s.year}年好看的${g}${pc.word}`, `${g}${pc.word} ${s.year}`, `${s.year}${g}${pc.word}推荐`])
      : r.pick([`${s.year}年的${pc.word}`, `${s.year}年${pc.name}`]);
    return { text, spec: { t: 'attr', series: match.map((x) => x.idx) } };
  }

  alias(): Omit<Draft, 'intent'> | null {
    const r = this.rng;
    const x = r.next();
    if (x < 0.6) {
      const s = this.series((v) => (x < 0.5 ? !!v.pinyin : !!v.abbr));
      if (!s) return null;
      const a = x < 0.5 ? s.pinyin! : s.abbr!;
      if (s.seasons > 1 && PREMIUM[s.cat].name !== '电影' && r.chance(0.3)) {
        const sn = r.int(1, s.seasons);
        return { text: `${a} 第${r.chance(0.5) ? zhNum(sn) : sn}季`, spec: { t: 'series', s: s.idx, season: sn } };
      }
      return { text: a, spec: { t: 'series', s: s.idx } };
    }
    const ts = this.cat.reg.topics;
    // Synonym queries always rename the item (马铃薯 for 土豆); the aspect may be renamed too.
    const t = this.topicWith((i) => !!ts[i].synName);
    if (t === null) return null;
    const tp = ts[t];
    const aspects = SHORT[tp.cat].aspects;
    const a = this.aspectOf(t);
    const item = tp.synName!;
    const asp = aspects[a].syn && r.chance(0.6) ? aspects[a].syn! : aspects[a].w;
    return { text: r.pick([`${item}${asp}`, `${item} ${asp}`]), spec: { t: 'topic', topic: t, aspect: a } };
  }

  /** Replace one character by a homophone (pinyin table) or a common typo. */
  private typoOf(text: string): string | null {
    const chars = Array.from(text);
    const spots = chars.map((c, i) => (homophones(c).length || TYPO_CHARS[c] ? i : -1)).filter((i) => i >= 0);
    if (!spots.length) return null;
    const i = this.rng.pick(spots);
    const h = homophones(chars[i]);
    chars[i] = h.length ? this.rng.pick(h) : TYPO_CHARS[chars[i]];
    return chars.join('');
  }

  typo(): Omit<Draft, 'intent'> | null {
    const r = this.rng;
    const x = r.next();
    if (x < 0.5) {
      const s = this.series();
      const t = s && this.typoOf(s.name);
      return s && t ? { text: r.chance(0.3) ? `${t} 全集` : t, spec: { t: 'series', s: s.idx } } : null;
    }
    if (x < 0.7) {
      const s = this.series();
      if (!s) return null;
      const p = this.pickPerson(s);
      const t = this.typoOf(this.cat.reg.persons[p].name);
      return t ? { text: t, spec: { t: 'person', p } } : null;
    }
    const q = this.topic();
    const t = q && this.typoOf(q.text);
    return q && t ? { text: t, spec: q.spec } : null;
  }

  mixed_en(): Omit<Draft, 'intent'> | null {
    const r = this.rng;
    if (r.chance(0.3)) {
      const d = r.pick(this.epDocs);
      const m = this.cat.meta;
      const s = this.cat.reg.series[m.ent[d]];
      const text = s.seasons > 1 ? `${s.name} S${m.season[d]}E${m.episode[d]}` : `${s.name} EP${m.episode[d]}`;
      return { text, spec: { t: 'series', s: s.idx, season: m.season[d], episode: m.episode[d] } };
    }
    const ts = this.cat.reg.topics;
    const t = this.topicWith((i) => !!ts[i].en || SHORT[ts[i].cat].aspects.some((a) => a.en) || SHORT[ts[i].cat].name === '汽车');
    if (t === null) return null;
    const tp = ts[t];
    const aspects = SHORT[tp.cat].aspects;
    const enAsp = aspects.findIndex((a) => a.en);
    if (enAsp >= 0 && (!tp.en || r.chance(0.5))) return { text: `${tp.name} ${aspects[enAsp].en}`, spec: { t: 'topic', topic: t, aspect: enAsp } };
    const a = this.aspectOf(t);
    const name = tp.en === 'NBA' ? `NBA ${tp.tail.w}` : tp.en ? `${tp.head.w} ${tp.en}` : tp.name;
    return { text: `${name} ${aspects[a].w}`, spec: { t: 'topic', topic: t, aspect: a } };
  }

  long_desc(): Omit<Draft, 'intent'> | null {
    const r = this.rng;
    if (r.chance(0.6)) {
      const s = this.series();
      if (!s) return null;
      const ps = this.cat.reg.persons;
      const pc = PREMIUM[s.cat];
      const a = ps[s.cast[0]].name;
      const b = ps[s.cast[s.cast.length - 1]].name;
      const g = s.genres[0];
      const text = r.pick([
        `想看${s.year}年${a}演的那部${g}${pc.word}叫什么来着`,
        `有没有一部${g}${pc.word}，${a}和${b}主演的，好像是${s.year}年的`,
        s.directors.length ? `求一部${s.year}年的${g}${pc.word}，导演是${ps[s.directors[0]].name}` : `求一部${s.year}年的${g}${pc.word}，${a}参加的`,
      ]);
      return { text, spec: { t: 'series', s: s.idx } };
    }
    const q = this.topic();
    if (!q || q.spec.t !== 'topic') return null;
    const tp = this.cat.reg.topics[q.spec.topic];
    const asp = SHORT[tp.cat].aspects[q.spec.aspect].w;
    const text = r.pick([
      `想找一个讲${tp.name}${asp}的视频，最好详细一点适合新手`,
      `有没有${tp.name}相关的${asp}视频 简单易懂的那种`,
      `最近想了解一下${tp.name}，求推荐${asp}类的视频`,
    ]);
    return { text, spec: q.spec };
  }
}
