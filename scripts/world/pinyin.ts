// Tone-less pinyin for every character the name pools use, plus homophones.
// One table serves two needs: pinyin-initial aliases (星河长梦 → xhcm) and
// homophone typos (梦 → 孟). Tones are ignored on purpose: typing-method typos
// (拼音输入法) pick a wrong character of the same toneless syllable.

const TABLE: Record<string, string> = {
  ai: '爱艾', an: '安暗案岸按', bai: '白百柏', bao: '宝保报', bei: '北贝备', bo: '博波伯',
  cai: '蔡彩才', cang: '藏仓苍', cao: '曹草', chang: '长常场唱', chen: '尘晨辰陈沉',
  cheng: '城程成承', chuan: '川传船穿', chun: '春纯唇', cui: '崔翠', da: '大达',
  dai: '戴代', dang: '档当', dao: '岛道刀', deng: '灯邓登', ding: '丁定', dong: '动东冬董',
  du: '杜度渡', duan: '端段断', fan: '繁范凡帆', fang: '方芳房', fei: '飞菲非', feng: '风峰凤丰冯封',
  fu: '浮府傅福富', gao: '高告', ge: '歌哥格', gong: '宫龚功公', gu: '孤故顾古谷', guang: '光广',
  gui: '归贵桂', guo: '郭国果', hai: '海还孩', han: '寒韩汉涵', hao: '浩郝好', he: '河何贺和合',
  hong: '红洪虹', hou: '侯后', hu: '湖虎胡户', hua: '花华画话', huang: '黄皇', hui: '回辉慧',
  huo: '火活', ji: '记纪吉季', jia: '家佳嘉贾加', jian: '间剑见建简', jiang: '江姜蒋将',
  jie: '杰洁街', jin: '锦金今近进', jing: '惊静晶京', jiu: '九旧久酒', ju: '局菊居', jun: '俊军君',
  kai: '开凯', kang: '康抗', ke: '客可科', kong: '孔空', lai: '赖来', lan: '蓝兰岚', le: '乐勒',
  lei: '雷磊蕾', li: '里立李丽力黎', lian: '恋莲连', liang: '梁良凉', liao: '廖辽', lie: '烈猎',
  lin: '林琳临', ling: '陵玲灵铃', liu: '流刘柳六留', long: '龙隆', lou: '楼', lu: '鹿录路陆卢露',
  luo: '落罗洛', lv: '吕旅', ma: '码马妈', man: '满曼', mao: '毛茂', meng: '梦孟萌', mi: '迷密谜秘米蜜',
  min: '敏民', ming: '明鸣名铭', mo: '墨莫', nan: '南男难', ni: '逆你泥', nian: '年念', pan: '潘盼',
  peng: '彭鹏', po: '破坡', qi: '起琪奇期', qian: '千钱前', qiang: '强墙', qiao: '乔桥', qin: '秦琴',
  qing: '青清情晴庆', qiu: '秋邱求球', ren: '人任仁', ri: '日', ru: '如入', ruo: '若弱', se: '瑟色',
  shan: '山衫珊', shao: '少邵绍', shen: '深沈神身', sheng: '声生胜升', shi: '时室事石史诗师',
  shu: '书舒树', shui: '水睡', si: '思丝', song: '宋松', su: '苏素', sun: '孙', ta: '塔他',
  tan: '探谭谈', tang: '棠唐汤糖', tian: '天田甜', ting: '婷亭庭', tu: '途图土', wan: '万晚湾',
  wang: '往王汪望', wei: '伟魏薇', wen: '文温', wu: '雾无吴武舞五', xi: '曦西希夕溪', xia: '侠下夏霞',
  xiang: '向乡翔香想', xiao: '晓小萧笑校', xie: '谢', xin: '心欣新', xing: '星行兴', xiong: '熊',
  xiu: '绣修秀', xu: '徐许', xuan: '轩宣', xue: '雪薛学', yan: '烟颜言燕', yang: '阳杨洋',
  ya: '涯雅亚', yao: '瑶姚遥', ye: '夜野叶业', yi: '衣一怡易艺', yin: '尹音银', ying: '影英莹', yong: '勇永',
  yu: '雨玉语宇于余鱼', yuan: '远园缘原袁元', yue: '月乐越悦', yun: '云运芸韵', ze: '泽',
  zeng: '曾', zhang: '张章', zhao: '赵照', zhe: '蛰者折', zheng: '郑正', zhi: '之志知', zhong: '钟中',
  zhou: '州周舟', zhu: '朱竹', zhui: '追', zi: '子梓紫', zou: '邹',
};

const PINYIN = new Map<string, string>();
const BY_SYLLABLE = new Map<string, string[]>();
for (const [syl, chars] of Object.entries(TABLE)) {
  const list = Array.from(chars);
  BY_SYLLABLE.set(syl, list);
  for (const c of list) if (!PINYIN.has(c)) PINYIN.set(c, syl);
}

export function pinyinOf(ch: string): string | undefined {
  return PINYIN.get(ch);
}

/** 星河长梦 → xhcm; undefined when a character is missing from the table. */
export function pinyinInitials(name: string): string | undefined {
  let out = '';
  for (const c of Array.from(name)) {
    const p = PINYIN.get(c);
    if (!p) return undefined;
    out += p[0];
  }
  return out;
}

/** Other characters with the same toneless syllable (may be empty). */
export function homophones(ch: string): string[] {
  const p = PINYIN.get(ch);
  if (!p) return [];
  return (BY_SYLLABLE.get(p) ?? []).filter((c) => c !== ch);
}

export function hasPinyin(ch: string): boolean {
  return PINYIN.has(ch);
}
