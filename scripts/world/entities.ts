// Invented entities: series (with pinyin/abbreviation aliases), people,
// short-video topics and uploaders. Everything is drawn from the seeded Rng.

import { pinyinInitials } from './pinyin';
import {
  FAN_CAT, GIVEN_CHARS, PREMIUM, SERIES_SUFFIX, SERIES_WORDS, SHORT, SURNAMES, UP_CORE, UP_PREFIX,
} from './pools';
import type { Rng } from './rng';
import type { Person, Series, Topic, Uploader } from './types';

export const COVER_DIM = 16;

export function randVec(rng: Rng, scale: number): number[] {
  return Array.from({ length: COVER_DIM }, () => rng.normal() * scale);
}

export class Registry {
  series: Series[] = [];
  persons: Person[] = [];
  topics: Topic[] = [];
  uploaders: Uploader[] = [];
  topicsByCat: number[][] = SHORT.map(() => []);
  private names = new Set<string>();
  private initials = new Set<string>();
  private abbrs = new Set<string>();
  private personNames = new Set<string>();
  private upNames = new Set<string>();

  constructor(private rng: Rng, docsTotal: number) {
    this.makeTopics(docsTotal);
  }

  /** Items per category sized so a topic holds ~25 clips whatever --docs is. */
  private makeTopics(docsTotal: number): void {
    const shortDocs = docsTotal * 0.6;
    SHORT.forEach((cat, ci) => {
      const catDocs = shortDocs * cat.share;
      const combos: [number, number][] = [];
      cat.heads.forEach((_, h) => cat.tails.forEach((__, t) => combos.push([h, t])));
      this.rng.shuffle(combos);
      // ~25 clips per topic; reuse plain combos up to ~45 before inventing numbered variants.
      let want = Math.max(8, Math.ceil(catDocs / 25));
      if (want > combos.length) want = Math.max(combos.length, Math.ceil(catDocs / 45));
      for (let k = 0; k < want; k++) {
        const [h, t] = combos[k % combos.length];
        const round = Math.floor(k / combos.length); // > 0 only for very large worlds
        const head = cat.heads[h], tail = cat.tails[t];
        const j = cat.joiner ?? '';
        const sfx = round > 0 ? String(round + 1) : '';
        const name = head.w + j + tail.w + sfx;
        const synName = head.syn || tail.syn ? (head.syn ?? head.w) + j + (tail.syn ?? tail.w) + sfx : undefined;
        let en = head.en;
        if (cat.name === '科技') en = this.rng.pick(['X', 'A', 'K', 'S']) + this.rng.int(3, 12);
        if (cat.name === '游戏') en = this.rng.pick(['switch', 'PS5', 'PC']);
        const idx = this.topics.length;
        this.topics.push({ idx, cat: ci, head, tail, name, synName, en, docs: [] });
        this.topicsByCat[ci].push(idx);
      }
    });
  }

  personName(): string {
    for (let tries = 0; ; tries++) {
      const n = this.rng.chance(0.7) ? 2 : 1;
      let name = this.rng.pick(SURNAMES);
      for (let i = 0; i < n; i++) {
        const c = this.rng.pick(GIVEN_CHARS);
        if (!name.includes(c)) name += c;
      }
      if (!this.personNames.has(name) || tries > 50) {
        this.personNames.add(name);
        return name;
      }
    }
  }

  /** Reuse an existing person (so people span 1–3 series) or invent one. */
  person(): number {
    // Reuse from the most recent 200 people: bounded work per call at any world size.
    if (this.persons.length > 20 && this.rng.chance(0.3)) {
      const p = this.persons[this.persons.length - 1 - this.rng.int(0, Math.min(199, this.persons.length - 1))];
      if (p.series.length < 3) return p.idx;
    }
    const idx = this.persons.length;
    this.persons.push({ idx, name: this.personName(), series: [] });
    return idx;
  }

  seriesName(): { name: string; pinyin?: string; abbr?: string } {
    for (let tries = 0; ; tries++) {
      const a = this.rng.pick(SERIES_WORDS);
      const b = this.rng.pick(SERIES_WORDS);
      if (b === a) continue;
      let name = this.rng.chance(0.68) ? a + b : a + this.rng.pick(SERIES_SUFFIX);
      if (tries > 200) name += this.rng.pick(SERIES_SUFFIX); // name space nearly used up
      if (this.names.has(name)) continue;
      const py = pinyinInitials(name);
      const uniquePy = py !== undefined && !this.initials.has(py);
      if (!uniquePy && tries < 100) continue;
      this.names.add(name);
      if (uniquePy) this.initials.add(py!);
      const chars = Array.from(name);
      let abbr: string | undefined = chars.length === 4 ? chars[0] + chars[2] : undefined;
      if (abbr && (this.abbrs.has(abbr) || this.names.has(abbr))) abbr = undefined; // an alias must be unambiguous
      if (abbr) this.abbrs.add(abbr);
      return { name, pinyin: uniquePy ? py : undefined, abbr };
    }
  }

  newSeries(cat: number): Series {
    const pc = PREMIUM[cat];
    const { name, pinyin, abbr } = this.seriesName();
    const genres = this.rng.sample(pc.genres, this.rng.int(1, 2));
    const seasons = pc.name === '电影' ? (this.rng.chance(0.25) ? 2 : 1)
      : pc.name === '纪录片' ? (this.rng.chance(0.2) ? 2 : 1)
      : pc.name === '综艺' ? this.rng.int(1, 4)
      : [1, 1, 1, 2, 2, 3][this.rng.int(0, 5)];
    const idx = this.series.length;
    const castN = pc.name === '纪录片' ? 1 : this.rng.int(2, 4);
    const cast = Array.from({ length: castN }, () => this.person()).filter((v, i, xs) => xs.indexOf(v) === i);
    const directors = [this.person()].filter((d) => !cast.includes(d));
    for (const p of [...cast, ...directors]) this.persons[p].series.push(idx);
    const s: Series = {
      idx, name, cat, genres, year: this.rng.int(2010, 2024), seasons, cast, directors, pinyin, abbr,
      style: randVec(this.rng, 0.6), pop: Math.exp(this.rng.normal() * 0.5), docs: [],
    };
    this.series.push(s);
    return s;
  }

  newUploader(cat: number): Uploader {
    const suffixes = cat >= 0 ? SHORT[cat].upSuffix : FAN_CAT.upSuffix;
    let name = '';
    for (let tries = 0; ; tries++) {
      name = this.rng.pick(UP_PREFIX) + this.rng.pick(UP_CORE) + this.rng.pick(suffixes);
      if (tries > 30) name += this.rng.int(2, 999);
      if (!this.upNames.has(name)) break;
    }
    this.upNames.add(name);
    const idx = this.uploaders.length;
    let favs: number[];
    if (cat >= 0) favs = this.rng.sample(this.topicsByCat[cat], this.rng.int(3, 8));
    else {
      const n = this.series.length;
      favs = n ? Array.from({ length: 6 }, () => n - 1 - this.rng.int(0, Math.min(399, n - 1))) : [];
    }
    const u: Uploader = {
      idx, name, cat, favs, style: randVec(this.rng, 0.6),
      synRate: this.rng.chance(0.1) ? 0.3 : 0.02, pop: Math.exp(this.rng.normal() * 0.6), docs: [],
    };
    this.uploaders.push(u);
    return u;
  }
}
