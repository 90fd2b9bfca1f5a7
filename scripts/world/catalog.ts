// Streams the catalog: entities are drawn lazily and their docs interleaved
// through a small window, so ids are mixed across series/uploaders and memory
// stays bounded (one compact DocMeta + small entity tables, never N doc objects).

import { docText } from '../../src/core/docText';
import { COVER_DIM, randVec, Registry } from './entities';
import { FAN_CAT, PREMIUM, SHORT } from './pools';
import { Rng } from './rng';
import * as T from './titles';
import { DocMeta, docId, KIND, type DocRowOut, type Kind, type Series, type Uploader } from './types';

export const FAN_CAT_ID = 5 + SHORT.length;
export const TEXT_CAP = 200_000; // docs whose text is kept for mining/click simulation

interface Draft {
  kind: Kind; cat: number; title: string; tags: string[]; series: Series | null; season: number | null;
  episode: number | null; metaSeason?: number; up: Uploader | null; year: number; dur: number; ctrBase: number;
  style: number[]; topic?: number; aspect?: number; origin?: number; mention?: number; assigned?: number;
}

export interface Catalog {
  reg: Registry;
  meta: DocMeta;
  texts: string[]; // docText of docs [0, min(n, TEXT_CAP))
  titles: string[];
}

const round = (x: number, d: number): number => {
  const f = 10 ** d;
  const v = Math.round(x * f) / f;
  return v === 0 ? 0 : v; // no -0 in JSON
};

export function generateCatalog(seed: number, n: number, write: (line: string) => void): Catalog {
  const rng = Rng.stream(seed, 'catalog');
  const crng = Rng.stream(seed, 'cover');
  const centroids = Array.from({ length: FAN_CAT_ID + 1 }, () => randVec(crng, 1));
  const reg = new Registry(rng, n);
  const meta = new DocMeta(n);
  const texts: string[] = [];
  const titles: string[] = [];
  const recentClips: Draft[] = [];

  const premiumShares = PREMIUM.map((c) => c.share);
  const shortShares = SHORT.map((c) => c.share);
  function nextProducer(): Generator<Draft> {
    if (rng.chance(0.4)) return seriesDocs(reg.newSeries(rng.weighted(premiumShares)));
    if (reg.series.length >= 10 && rng.chance(FAN_CAT.share)) return fanDocs(reg.newUploader(-1));
    return clipDocs(reg.newUploader(rng.weighted(shortShares)));
  }

  function premiumTags(s: Series): string[] {
    // docText sees only the first 4 tags (category is already in it): genre, two people
    // (cast rotate across docs; sometimes the director), the year — so person and
    // category_attr queries have their signal in the text. Aliases push in on some docs.
    const people = rng.sample([...s.cast, ...(rng.chance(0.3) ? s.directors : [])], 2).map((p) => reg.persons[p].name);
    const tags = [s.genres[0], ...people, `${s.year}年`, ...s.genres.slice(1)];
    if (s.pinyin && rng.chance(0.15)) tags.splice(1, 0, s.pinyin);
    if (s.abbr && rng.chance(0.1)) tags.splice(1, 0, s.abbr);
    return tags;
  }

  function* seriesDocs(s: Series): Generator<Draft> {
    const pc = PREMIUM[s.cat];
    const multi = s.seasons > 1;
    const base = (kind: Kind, title: string, season: number | null, episode: number | null, dur: number, ctr: number, yr: number): Draft => ({
      kind, cat: s.cat, title, tags: premiumTags(s), series: s, season, episode, up: null, year: yr, dur, ctrBase: ctr, style: s.style,
    });
    for (let sn = 1; sn <= s.seasons; sn++) {
      const yr = Math.min(2025, s.year + (sn - 1) * rng.int(1, 2));
      const who = reg.persons[rng.pick(s.cast)].name;
      if (pc.name === '电影') {
        const main = base(KIND.MOVIE, T.movieTitle(rng, s.name, sn, yr), null, null, rng.int(5400, 8400), 0.15, yr);
        main.metaSeason = sn;
        yield main;
        if (rng.chance(0.5)) yield { ...main, title: T.reuploadTitle(rng, main.title), origin: main.assigned, tags: premiumTags(s) };
        if (rng.chance(0.8)) yield { ...base(KIND.TRAILER, T.movieTrailerTitle(rng, s.name, sn), null, null, rng.int(45, 180), 0.06, yr), metaSeason: sn };
        if (rng.chance(0.6)) {
          const p = rng.pick(s.cast);
          yield { ...base(KIND.EXTRA, T.extraTitle(rng, s.name, sn, multi, reg.persons[p].name), null, null, rng.int(60, 600), 0.07, yr), metaSeason: sn, mention: p };
        }
        continue;
      }
      const total = pc.name === '综艺' ? rng.int(10, 14) : pc.name === '纪录片' ? rng.int(6, 12) : pc.name === '动漫' ? rng.int(12, 26) : rng.int(12, 40);
      const k = pc.name === '纪录片' ? rng.int(4, 8) : rng.int(3, 7);
      const eps = rng.sample(Array.from({ length: total }, (_, i) => i + 1), k).sort((a, b) => a - b);
      const epDur = pc.name === '综艺' ? [4000, 6000] : pc.name === '动漫' ? [1300, 1500] : [2400, 3000];
      for (const e of eps) {
        const d = base(KIND.EP, T.epTitle(rng, s.name, sn, e, multi, pc.epUnit), sn, e, rng.int(epDur[0], epDur[1]), 0.12, yr);
        yield d;
        if (rng.chance(pc.name === '综艺' ? 0.1 : 0.2)) yield { ...d, title: T.reuploadTitle(rng, d.title), origin: d.assigned, tags: premiumTags(s) };
      }
      if (rng.chance(0.4)) yield base(KIND.FULL, T.fullTitle(rng, s.name, sn, multi, total, pc.epUnit), sn, null, total * epDur[0], 0.08, yr);
      if (rng.chance(pc.name === '综艺' ? 0.3 : 0.5)) yield base(KIND.TRAILER, T.trailerTitle(rng, s.name, sn, multi), sn, null, rng.int(45, 180), 0.06, yr);
      if (pc.name !== '纪录片' && rng.chance(0.5)) {
        const p = rng.pick(s.cast);
        yield { ...base(KIND.EXTRA, T.extraTitle(rng, s.name, sn, multi, who === reg.persons[p].name ? who : reg.persons[p].name), sn, null, rng.int(60, 600), 0.07, yr), mention: p };
      }
    }
  }

  function* clipDocs(u: Uploader): Generator<Draft> {
    const cat = SHORT[u.cat];
    const count = Math.min(60, Math.round(6 * Math.exp(rng.normal() * 0.7)) + 2);
    for (let i = 0; i < count; i++) {
      const year = rng.int(2018, 2025);
      if (recentClips.length > 50 && rng.chance(0.07)) {
        const o = rng.pick(recentClips); // re-upload of someone else's clip: a near-duplicate
        yield { ...o, title: T.reuploadTitle(rng, o.title), up: u, origin: o.origin ?? o.assigned, year, style: u.style, ctrBase: 0.05 };
        continue;
      }
      const t = reg.topics[rng.chance(0.75) ? rng.pick(u.favs) : rng.pick(reg.topicsByCat[u.cat])];
      const a = rng.int(0, cat.aspects.length - 1);
      const asp = cat.aspects[a];
      let item = t.name;
      if (t.synName) {
        const r = rng.next();
        if (r < u.synRate) item = t.synName;
        else if (r < u.synRate + 0.03) item = `${t.name}（${t.synName}）`;
      }
      const aspW = asp.syn && rng.chance(u.synRate) ? asp.syn : asp.w;
      const enTok = asp.en && rng.chance(0.5) ? asp.en : rng.chance(0.35) ? (t.en ?? rng.pick(cat.enTags)) : null;
      // Synonym co-occurrence (土豆 + 马铃薯 on one clip) is what makes synonyms learnable.
      const tags = [t.name, aspW, u.name];
      if (t.synName && rng.chance(0.08)) tags.splice(1, 0, t.synName);
      if (asp.syn && rng.chance(0.1)) tags.splice(2, 0, aspW === asp.w ? asp.syn : asp.w);
      if (enTok && rng.chance(0.5)) tags.push(enTok);
      tags.push(cat.name);
      const d: Draft = {
        kind: KIND.CLIP, cat: 5 + u.cat, title: T.clipTitle(rng, item, aspW, u.name, enTok), tags, series: null, season: null,
        episode: null, up: u, year, dur: rng.int(30, 1200), ctrBase: 0.08, style: u.style, topic: t.idx, aspect: a,
      };
      yield d;
      recentClips.push(d);
      if (recentClips.length > 400) recentClips.shift();
    }
  }

  function* fanDocs(u: Uploader): Generator<Draft> {
    const count = rng.int(4, 20);
    for (let i = 0; i < count; i++) {
      const s = reg.series[u.favs.length ? rng.pick(u.favs) : rng.int(0, reg.series.length - 1)];
      const a = rng.int(0, FAN_CAT.aspects.length - 1);
      const wp = rng.pick(s.cast);
      const who = reg.persons[wp].name;
      yield {
        mention: wp, kind: KIND.FAN, cat: FAN_CAT_ID, title: T.fanTitle(rng, s.name, FAN_CAT.aspects[a].w, who),
        tags: [s.name, FAN_CAT.aspects[a].w, s.genres[0], who, u.name], series: s, season: null, episode: null, up: u,
        year: rng.int(Math.max(2018, s.year), 2025), dur: rng.int(60, 900), ctrBase: 0.07, style: u.style, aspect: a,
      };
    }
  }

  const WINDOW = 48;
  const window: Generator<Draft>[] = [];
  for (let i = 0; i < n; ) {
    while (window.length < WINDOW) window.push(nextProducer());
    const wi = rng.int(0, window.length - 1);
    const r = window[wi].next();
    if (r.done) {
      window.splice(wi, 1);
      continue;
    }
    const d = r.value;
    d.assigned = i;
    emit(d, i);
    i++;
  }

  function emit(d: Draft, i: number): void {
    const s = d.series;
    const catName = d.cat < 5 ? PREMIUM[d.cat].name : d.cat === FAN_CAT_ID ? FAN_CAT.name : SHORT[d.cat - 5].name;
    const pop = s ? s.pop : d.up ? d.up.pop : 1;
    const ctr = Math.min(0.8, Math.max(0.002, d.ctrBase * pop * Math.exp(rng.normal() * 0.4)));
    const cover = centroids[d.cat].map((c, k) => round(c + d.style[k] + rng.normal() * 0.25, 3));
    if (cover.length !== COVER_DIM) throw new Error('cover dim');
    const row: DocRowOut = {
      id: docId(i), zone: d.cat < 5 ? 'premium' : 'short', category: catName, title: d.title, tags: d.tags,
      series: s ? s.name : null, season: d.season, episode: d.episode, uploader: d.up ? d.up.name : null,
      cast: s && d.cat < 5 ? s.cast.map((p) => reg.persons[p].name) : [],
      directors: s && d.cat < 5 && PREMIUM[d.cat].name !== '综艺' ? s.directors.map((p) => reg.persons[p].name) : [],
      year: d.year, genres: s ? s.genres : [], duration_s: d.dur,
      publish_date: `${d.year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      ctr: round(ctr, 4), cover,
    };
    write(JSON.stringify(row));
    meta.kind[i] = d.kind;
    meta.cat[i] = d.cat;
    meta.ent[i] = s ? s.idx : -1;
    meta.season[i] = d.metaSeason ?? d.season ?? 0;
    meta.episode[i] = d.episode ?? 0;
    meta.topic[i] = d.topic ?? -1;
    meta.aspect[i] = d.aspect ?? -1;
    meta.uploader[i] = d.up ? d.up.idx : -1;
    meta.ckey[i] = d.origin ?? i;
    meta.mention[i] = d.mention ?? -1;
    meta.ctr[i] = row.ctr;
    if (s) s.docs.push(i);
    if (d.topic !== undefined) reg.topics[d.topic].docs.push(i);
    if (d.up) d.up.docs.push(i);
    if (i < TEXT_CAP) {
      texts.push(docText(row));
      titles.push(row.title);
    }
  }
  return { reg, meta, texts, titles };
}
