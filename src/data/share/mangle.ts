// Deterministic corpus of mangled share links: what a chat app, a truncating
// mail client or a curious user does to a URL hash. Used by the unit test
// (10,000+ links through restoreShareState) and by the e2e spec (hundreds of
// links loaded into one live page). Pure: no DOM.
import { mulberry32 } from '../../core/stats';

const BASES = [
  'v=1&q=%E5%BA%86%E4%BD%99%E5%B9%B4%20%E7%AC%AC2%E9%9B%86&m=student-4l,teacher-12l&b=wasm&z=premium&p=inspect'
    + '&i=q00012,v000123&ls=both&t=minmax,0.35,blend,0.7,0.7;0.4,100;60;20,30,50,3&k=50&ds=ab12cd34&mh=9f00&tb=raw,0.6,ctr,0.5,0.7;0.4,100;60;20'
    + '&ts=labelled,200,20,0.85,student-4l,,B,short,served&mx=valid,linear,20,50,my%20run%2C2,rr,200&lq=topk,teacher-12l,40,,train,1'
    + '&lp=q00012,v000123&iv=teacher-12l,,student-4l,1,,1,doc,12,3,queryToDoc&rc=bm25,student-4l',
  'v=1&q=xhcm&k=20&p=tiers',
  'query=%E5%BA%86&models=a,b&cutoff=35&topk=50&backend=webgpu',
];
const JUNK = [
  '%', '%E4', '%zz', '%00', '&', '=', ',', ';', '#', '\u0000', '\ud800', '\uffff', '&&k=-1e999', '&t=,,,,,,,,', '&k=NaN', '&k=1e308',
  '&v=999', '&v=-1', '&v=abc', '&m=' + 'x,'.repeat(50), '&q=' + '庆'.repeat(600), '&i=,', '&i=a', '&b=cuda', '&z=<script>',
  '&p=<img src=x onerror=alert(1)>', '&q=<img src=x onerror=alert(1)>', '&__proto__=1', '&constructor=x', '&ds=ZZZ', '&mh=' + 'f'.repeat(99),
  '&tb=' + '9;'.repeat(99), '&t=zscore,-50,score,7,' + '1;'.repeat(40), '&t=raw,0.5,ctr,0.5,,,-1,1e9,7,0,NaN', '&ts=,,,,,,,,,,,',
  '&ts=x,0,-1,2,<b>,%,C,all,none', '&mx=,,,,,,,,,,', '&mx=all,x,7,%,~,<b>,1e9', '&lq=topk,<img>,-1,1e99,dev,2', '&lp=,', '&lp=%E4,%',
  '&iv=a,b,c,1,1,1,fine,999,-1,raw', '&iv=,,,,,,,0,65', '&rc=%zz,<b>', '\n', '\r\n', ' ', '+', '%2B', '%26k%3D5', '&q=%F0%9F%98%80',
];

/** `n` mangled hashes (without '#') from `seed`. */
export function mangledLinks(seed: number, n: number): string[] {
  const r = mulberry32(seed);
  const int = (k: number): number => Math.floor(r() * k);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let h = BASES[int(BASES.length)];
    const ops = 1 + int(4);
    for (let j = 0; j < ops; j++) {
      const p = int(h.length + 1);
      switch (int(7)) {
        case 0: h = h.slice(0, p); break; // truncated
        case 1: h = h.slice(0, p) + JUNK[int(JUNK.length)] + h.slice(p); break; // junk inserted
        case 2: h = h.slice(0, p) + h.slice(p + 1 + int(8)); break; // characters lost
        case 3: h = h.slice(0, p) + String.fromCharCode(int(0x10000)) + h.slice(p + 1); break; // one char replaced
        case 4: h = h.split('&').sort(() => r() - 0.5).join('&'); break; // keys reordered
        case 5: h = h + '&' + h.slice(p); break; // keys repeated
        default: h = h.replace(/=([^&]*)/, () => `=${Array.from({ length: int(30) }, () => String.fromCharCode(32 + int(95))).join('')}`);
      }
    }
    out.push(h);
  }
  return out;
}
