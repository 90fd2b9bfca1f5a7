// Word pools for an invented world: no real shows, people or channels.
// Series names are composed from SERIES_WORDS (every character has pinyin in
// pinyin.ts, so aliases and homophone typos can be derived); short-video topics
// are head × tail compositions per category, with synonym forms that share NO
// character with the canonical form (西红柿/番茄) — the lexical trap.

export const SERIES_WORDS = (
  '星河 长梦 山海 风云 明月 青云 烟雨 江湖 长安 锦绣 春风 秋水 白夜 暗流 追光 迷雾 归途 天涯 ' +
  '孤城 北风 南山 红尘 流年 繁花 清风 逆光 破晓 无声 心动 时光 少年 风华 锦衣 玉楼 金陵 浮生 ' +
  '长歌 雪落 花开 晨曦 星火 深海 烈火 白鹿 寒山 夜行 密室 城南 旧事 向阳 人间 烟火 如歌 海棠 ' +
  '锦瑟 剑心 侠客 江山 天下 九州 万里 千秋 梦回 长夜 星辰 故乡 风起 月下 林深 见鹿 小满 立夏 ' +
  '惊蛰 青春 远方 灯塔 海岛 乐园 宝藏 龙城'
).split(' ');
export const SERIES_SUFFIX = ['传', '记', '录', '志', '局', '谜'];

export const SURNAMES = Array.from(
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁' +
    '魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
);
export const GIVEN_CHARS = Array.from('子轩浩宇欣怡婷晨雨泽涵思佳俊杰伟敏静丽强磊洋勇军峰芳琳博文诗嘉瑶梓一若安可凯明晓天星薇莹悦鹏');

export interface PremiumCat {
  name: string;
  share: number; // share of premium docs
  genres: string[];
  word: string; // how people call it in queries: 剧, 电影, 综艺 ...
  epUnit: '集' | '期';
}
export const PREMIUM: PremiumCat[] = [
  { name: '电视剧', share: 0.36, word: '剧', epUnit: '集', genres: ['悬疑', '古装', '都市', '科幻', '爱情', '武侠', '喜剧', '家庭', '青春', '谍战'] },
  { name: '电影', share: 0.2, word: '电影', epUnit: '集', genres: ['悬疑', '动作', '科幻', '爱情', '喜剧', '武侠', '战争', '动画', '犯罪', '剧情'] },
  { name: '综艺', share: 0.2, word: '综艺', epUnit: '期', genres: ['真人秀', '音乐', '脱口秀', '竞技', '美食', '旅行', '恋爱', '选秀'] },
  { name: '动漫', share: 0.14, word: '动漫', epUnit: '集', genres: ['热血', '奇幻', '校园', '治愈', '机战', '冒险', '搞笑', '古风'] },
  { name: '纪录片', share: 0.1, word: '纪录片', epUnit: '集', genres: ['自然', '历史', '美食', '人文', '科技', '动物', '地理'] },
];

/** A surface word with an optional synonym (no shared characters) and English form. */
export interface Word {
  w: string;
  syn?: string;
  en?: string;
}
export interface ShortCat {
  name: string;
  share: number; // share of short-zone docs
  heads: Word[];
  tails: Word[];
  aspects: Word[];
  /** English tokens that some clips of this category carry (mixed_en). */
  enTags: string[];
  upSuffix: string[]; // uploader nickname endings
  joiner?: string; // between head and tail in the item name
}

const w = (s: string): Word[] =>
  s.split(' ').map((t) => {
    const [word, syn, en] = t.split('/');
    return { w: word, syn: syn || undefined, en: en || undefined };
  });

export const SHORT: ShortCat[] = [
  {
    name: '美食', share: 0.2,
    heads: w('红烧 清蒸 爆炒 凉拌 糖醋 麻辣 香煎 酸辣 家常 干煸 油焖 蒜蓉'),
    tails: w('土豆/马铃薯 西红柿/番茄 玉米/苞谷 红薯/地瓜 茄子 排骨 鸡翅 牛肉 豆腐 鲈鱼 虾仁 青椒 香菜/芫荽 花生 馒头/馍 饺子/扁食'),
    aspects: w('做法/教程 吃播 探店 挑战'),
    enTags: ['vlog', 'DIY', 'ASMR'], upSuffix: ['美食记', '爱做饭', '的厨房', '吃遍天下', '下厨房'],
  },
  {
    name: '游戏', share: 0.12,
    heads: w('雷霆 星海 幻想 山海 机甲 迷城 萌宠 荒野 龙城 剑影 天空 末日'),
    tails: w('战记 纪元 物语 大陆 异闻 传说 风暴 远征'),
    aspects: w('攻略/秘籍 实况 通关 新手教学 上分技巧 搞笑集锦'),
    enTags: ['switch', 'PS5', 'PC', 'RPG'], upSuffix: ['游戏解说', '玩游戏', '打游戏', '游戏频道'],
  },
  {
    name: '科技', share: 0.1,
    heads: w('山竹 石榴 青柚 蓝鲸 极光 星耀 橙光 墨鱼'),
    tails: w('手机/移动电话 平板 耳机 电脑/计算机 手表 充电宝'),
    aspects: w('评测 开箱 上手体验 对比 拆解'),
    enTags: ['Pro', 'Max', '5G', 'Ultra'], upSuffix: ['科技', '数码', '聊科技', '玩数码'], joiner: '',
  },
  {
    name: '体育', share: 0.08,
    heads: w('篮球//NBA 足球 羽毛球 乒乓球 网球 游泳 跑步 健身/锻炼 跳绳 自行车'),
    tails: w('基本功 技巧 体能训练 热身 发力 姿势'),
    aspects: w('教学 集锦 入门 纠错'),
    enTags: ['NBA', 'CBA', 'MVP'], upSuffix: ['讲体育', '看球', '爱运动', '运动日记'],
  },
  {
    name: '音乐', share: 0.07,
    heads: w('钢琴 吉他 古筝 小提琴 尤克里里 架子鼓 二胡 笛子'),
    tails: w('入门 指法 乐理 练习曲 弹唱'),
    aspects: w('教学 演奏 分享 挑战'),
    enTags: ['MV', 'cover', 'live'], upSuffix: ['弹吉他', '音乐课', '爱唱歌', '音乐日常'],
  },
  {
    name: '搞笑', share: 0.08,
    heads: w('猫/喵星人 狗/汪星人 熊孩子 办公室 宿舍 方言 沙雕 情侣'),
    tails: w('日常 段子 整蛊 配音 名场面'),
    aspects: w('合集 精选 原创 挑战'),
    enTags: ['vlog', 'bgm', 'meme'], upSuffix: ['搞笑日常', '段子手', '的日常', '笑不停'],
  },
  {
    name: '生活', share: 0.09,
    heads: w('收纳 装修 护肤 穿搭 减肥/瘦身 做家务 养花 理财'),
    tails: w('小技巧 好物 避坑 心得'),
    aspects: w('分享 教程 视频日记//vlog 日常'),
    enTags: ['vlog', 'DIY', 'OOTD'], upSuffix: ['生活记', '的日常', '过日子', '生活家'],
  },
  {
    name: '教育', share: 0.08,
    heads: w('数学/算术 英语 语文 物理 化学 历史 编程 电脑/计算机'),
    tails: w('基础 知识点 真题 提分 网课'),
    aspects: w('讲解 复习 精讲 速成'),
    enTags: ['AI', 'Python', 'PPT'], upSuffix: ['教你学', '课堂', '讲知识', '老师'],
  },
  {
    name: '汽车', share: 0.06,
    heads: w('云豹 雷霆 星河 极光 青鸟 天马 金狮 飞鱼'),
    tails: w('S7 X5 E9 M3 T6'),
    aspects: w('评测 试驾 保养 提车 对比'),
    enTags: ['SUV', 'EV', '4S'], upSuffix: ['说车', '看车', '玩车', '车评'], joiner: ' ',
  },
  {
    name: '旅游', share: 0.06,
    heads: w('青石 云溪 白沙 望月 南屏 落霞 千灯 雪松 金沙 翠湖'),
    tails: w('古镇 湾 岛 山'),
    aspects: w('攻略/秘籍 视频日记//vlog 自驾 住宿推荐 旅行/游玩'),
    enTags: ['vlog', 'citywalk', '4K'], upSuffix: ['去旅行', '的旅行', '走天下', '在路上'],
  },
];

/** Short-zone clips cut from premium series (影视剪辑): partly relevant to the series. */
export const FAN_CAT = { name: '影视', share: 0.06, aspects: w('名场面 解说 混剪 片段'), upSuffix: ['看剧', '说电影', '剪辑', '影视'] };

export const UP_PREFIX = ['阿', '小', '老', '大', '胖', '', '爱吃的', '会玩的'];
export const UP_CORE = Array.from('杰王胖鱼叶熊猫明飞乐豆米果桃兔虎鹿羊牛橙柚七九');

/** Character-level typos for topic words that have no pinyin entry (近音/形近字). */
export const TYPO_CHARS: Record<string, string> = {
  做: '作', 烧: '稍', 蒸: '征', 炒: '吵', 鸡: '机', 牛: '扭', 肉: '柔', 豆: '斗', 腐: '府', 翅: '赤',
  椒: '交', 菜: '才', 攻: '功', 略: '掠', 评: '平', 测: '策', 球: '求', 技: '计', 巧: '桥', 钢: '刚',
  琴: '勤', 吉: '及', 英: '鹰', 数: '书', 物: '务', 理: '里', 化: '华', 车: '扯', 试: '事', 驾: '架',
  游: '有', 戏: '系', 镇: '震', 湾: '弯', 岛: '倒', 手: '首', 耳: '尔', 表: '标', 排: '牌', 骨: '谷',
};

export const ZH_NUM = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1..99 in Chinese numerals: 12 → 十二, 20 → 二十, 25 → 二十五. */
export function zhNum(n: number): string {
  if (n <= 10) return ZH_NUM[n];
  if (n < 20) return '十' + ZH_NUM[n - 10];
  const t = Math.floor(n / 10), o = n % 10;
  return ZH_NUM[t] + '十' + (o ? ZH_NUM[o] : '');
}
