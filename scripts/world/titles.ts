// Title conventions of Chinese video sites: 《》 and 【】, 第N季/第N集 in both
// numeral forms (第二季 / 第2季 / name+2), quality marks (高清, 完整版), 花絮/预告.
// The numeral mix is deliberate: it is what makes season/episode binding hard
// for a lexical matcher.

import { zhNum } from './pools';
import type { Rng } from './rng';

const QUALITY = ['高清', '超清', '蓝光', '完整版', '未删减', '4K', '1080P'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

export function seasonStr(rng: Rng, name: string, s: number, multi: boolean): { pre: string; s: string } {
  if (!multi && s === 1) return { pre: name, s: '' };
  const r = rng.next();
  if (r < 0.35) return { pre: name, s: `第${zhNum(s)}季` };
  if (r < 0.65) return { pre: name, s: `第${s}季` };
  if (r < 0.85 && s > 1) return { pre: name + s, s: '' };
  return { pre: name, s: ` 第${s}季` };
}

export function epStr(rng: Rng, e: number, unit: string): string {
  const r = rng.next();
  if (r < 0.25) return `第${e}${unit}`;
  if (r < 0.6) return `第${zhNum(e)}${unit}`;
  if (r < 0.75) return `第${pad2(e)}${unit}`;
  if (r < 0.85) return pad2(e);
  return `EP${e}`;
}

export function quality(rng: Rng): string {
  return rng.pick(QUALITY);
}

/** An episode title: 《星河长梦》第二季 第05集 高清 and friends. */
export function epTitle(rng: Rng, name: string, s: number, e: number, multi: boolean, unit: string): string {
  const { pre, s: ss } = seasonStr(rng, name, s, multi);
  const ep = epStr(rng, e, unit);
  const sep = rng.chance(0.5) ? ' ' : '';
  switch (rng.int(0, 4)) {
    case 0: return `${pre}${ss}${sep}${ep}`;
    case 1: return `《${pre}》${ss}${sep}${ep}`;
    case 2: return `${pre}${ss} ${ep} ${quality(rng)}`;
    case 3: return `【${quality(rng)}】${pre}${ss}${sep}${ep}`;
    default: return `《${pre}》${ss} ${ep}（${quality(rng)}）`;
  }
}

/** A near-duplicate re-upload of a title: 【高清】…, …完整版, 【搬运】…. */
export function reuploadTitle(rng: Rng, title: string): string {
  const bare = title.replace(/^【[^】]*】/, '');
  switch (rng.int(0, 4)) {
    case 0: return `【${quality(rng)}】${bare}`;
    case 1: return `${bare} ${quality(rng)}`;
    case 2: return `【搬运】${bare}`;
    case 3: return `${bare}（${quality(rng)}版）`;
    default: return bare.replace(/《|》/g, '') + ' 转载';
  }
}

export function fullTitle(rng: Rng, name: string, s: number, multi: boolean, eps: number, unit: string): string {
  const { pre, s: ss } = seasonStr(rng, name, s, multi);
  switch (rng.int(0, 2)) {
    case 0: return `《${pre}》${ss}全集`;
    case 1: return `${pre}${ss} 全${eps}${unit} ${quality(rng)}`;
    default: return `${pre}${ss}全集 完整版`;
  }
}

export function trailerTitle(rng: Rng, name: string, s: number, multi: boolean): string {
  const { pre, s: ss } = seasonStr(rng, name, s, multi);
  return rng.pick([`《${pre}》${ss}预告`, `${pre}${ss} 先导预告`, `${pre}${ss} 终极预告片`, `【预告】${pre}${ss}`]);
}

export function extraTitle(rng: Rng, name: string, s: number, multi: boolean, who: string): string {
  const { pre, s: ss } = seasonStr(rng, name, s, multi);
  return rng.pick([
    `《${pre}》${ss}花絮：${who}片场笑场`, `${pre}${ss} 幕后花絮 ${who}`, `${who}${pre}${ss}拍摄花絮`,
    `【花絮】${pre}${ss} ${who}访谈`,
  ]);
}

export function movieTitle(rng: Rng, name: string, part: number, year: number): string {
  const n = part > 1 ? rng.pick([String(part), zhNum(part), ` 第${zhNum(part)}部`]) : '';
  return rng.pick([
    `《${name}${n}》`, `${name}${n} 完整版`, `《${name}${n}》${quality(rng)} 完整版`, `${name}${n}（${year}）`,
    `【${quality(rng)}】${name}${n}`,
  ]);
}

export function movieTrailerTitle(rng: Rng, name: string, part: number): string {
  const n = part > 1 ? rng.pick([String(part), zhNum(part)]) : '';
  return rng.pick([`《${name}${n}》预告`, `${name}${n} 定档预告`, `${name}${n} 终极预告片`]);
}

/** Short clip title from a template; item/aspect already in their chosen surface form. */
export function clipTitle(rng: Rng, item: string, aspect: string, up: string, en: string | null): string {
  const e = en ? ` ${en}` : '';
  const n = rng.int(1, 60);
  return rng.pick([
    `${item}${aspect}${e}`, `【${aspect}】${item}${e}`, `${up}：${item}${aspect}`, `${item}${aspect}，看完就会${e}`,
    `超详细${item}${aspect}`, `${item}${aspect} 第${n}期`, `${item}｜${aspect}${e}`, `今天分享${item}${aspect}`,
    `【${up}】${item}${aspect}${e}`, `${item}${aspect}（新手必看）`,
  ]);
}

export function fanTitle(rng: Rng, name: string, aspect: string, who: string): string {
  return rng.pick([
    `《${name}》${aspect}`, `${name}${aspect}：${who}太绝了`, `【${name}】${aspect}合集`, `${who}${name}${aspect}`,
    `一口气看完${name}｜${aspect}`,
  ]);
}
