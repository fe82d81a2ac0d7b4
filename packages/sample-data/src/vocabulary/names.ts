/**
 * Chinese names and their pinyin. Surnames are weighted by how common they are (王, 李, 张, 刘, 陈
 * alone are about a third of the population), so the data looks like a real customer list; the
 * given-name characters cover every character in faker's zh_CN given-name lists, so `nameLatin`
 * can always be derived without a pinyin dependency.
 */

/** `[surname, pinyin, weight]`; compound surnames are rare but real. */
export const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'Wang', 72],
  ['李', 'Li', 70],
  ['张', 'Zhang', 68],
  ['刘', 'Liu', 52],
  ['陈', 'Chen', 46],
  ['杨', 'Yang', 32],
  ['黄', 'Huang', 24],
  ['赵', 'Zhao', 22],
  ['吴', 'Wu', 20],
  ['周', 'Zhou', 20],
  ['徐', 'Xu', 14],
  ['孙', 'Sun', 13],
  ['马', 'Ma', 12],
  ['朱', 'Zhu', 12],
  ['胡', 'Hu', 11],
  ['郭', 'Guo', 11],
  ['何', 'He', 10],
  ['林', 'Lin', 10],
  ['高', 'Gao', 10],
  ['罗', 'Luo', 10],
  ['郑', 'Zheng', 9],
  ['梁', 'Liang', 9],
  ['谢', 'Xie', 8],
  ['宋', 'Song', 8],
  ['唐', 'Tang', 8],
  ['许', 'Xu', 7],
  ['韩', 'Han', 7],
  ['冯', 'Feng', 7],
  ['邓', 'Deng', 7],
  ['曹', 'Cao', 7],
  ['彭', 'Peng', 6],
  ['曾', 'Zeng', 6],
  ['肖', 'Xiao', 6],
  ['田', 'Tian', 6],
  ['董', 'Dong', 6],
  ['袁', 'Yuan', 5],
  ['潘', 'Pan', 5],
  ['于', 'Yu', 5],
  ['蒋', 'Jiang', 5],
  ['蔡', 'Cai', 5],
  ['余', 'Yu', 5],
  ['杜', 'Du', 5],
  ['叶', 'Ye', 5],
  ['程', 'Cheng', 5],
  ['苏', 'Su', 5],
  ['魏', 'Wei', 4],
  ['吕', 'Lyu', 4],
  ['丁', 'Ding', 4],
  ['任', 'Ren', 4],
  ['沈', 'Shen', 4],
  ['姚', 'Yao', 4],
  ['卢', 'Lu', 4],
  ['姜', 'Jiang', 4],
  ['崔', 'Cui', 4],
  ['钟', 'Zhong', 4],
  ['谭', 'Tan', 3],
  ['陆', 'Lu', 3],
  ['汪', 'Wang', 3],
  ['范', 'Fan', 3],
  ['金', 'Jin', 3],
  ['石', 'Shi', 3],
  ['廖', 'Liao', 3],
  ['贾', 'Jia', 3],
  ['夏', 'Xia', 3],
  ['韦', 'Wei', 3],
  ['方', 'Fang', 3],
  ['白', 'Bai', 3],
  ['邹', 'Zou', 3],
  ['孟', 'Meng', 3],
  ['熊', 'Xiong', 3],
  ['秦', 'Qin', 3],
  ['邱', 'Qiu', 3],
  ['江', 'Jiang', 3],
  ['尹', 'Yin', 2],
  ['薛', 'Xue', 2],
  ['闫', 'Yan', 2],
  ['段', 'Duan', 2],
  ['雷', 'Lei', 2],
  ['侯', 'Hou', 2],
  ['龙', 'Long', 2],
  ['史', 'Shi', 2],
  ['陶', 'Tao', 2],
  ['黎', 'Li', 2],
  ['贺', 'He', 2],
  ['顾', 'Gu', 2],
  ['毛', 'Mao', 2],
  ['郝', 'Hao', 2],
  ['龚', 'Gong', 2],
  ['邵', 'Shao', 2],
  ['万', 'Wan', 2],
  ['钱', 'Qian', 2],
  ['严', 'Yan', 2],
  ['欧阳', 'Ouyang', 0.4],
  ['司马', 'Sima', 0.1],
  ['上官', 'Shangguan', 0.1],
  ['诸葛', 'Zhuge', 0.1],
];

/** Pinyin (without tones) of the characters used in given names and brand names. */
const PINYIN_TABLE = `
an 安 | bai 柏百 | bao 宝 | biao 彪 | bin 彬斌 | bo 博波 | cang 苍 | chang 昌 | chen 宸晨辰 | cheng 呈城成诚程 | chi 驰 | chao 超
chuang 创 | cong 聪 | da 达大 | dan 丹 | de 德 | ding 鼎 | dong 栋东 | fang 方芳 | fei 飞 | fen 芬 | feng 凤锋风丰
fu 馥富 | gang 刚 | gui 桂癸 | guo 国果 | hai 海 | han 涵瀚 | hang 航 | hao 昊浩皓豪 | he 鹤和合 | heng 恒 | hong 弘红鸿宏
hua 华 | hui 慧辉汇 | jia 佳嘉家珈 | jian 健建 | jiao 娇 | jie 杰洁 | jin 晋瑾金锦 | jing 敬靖静 | ju 驹 | juan 娟
jun 俊军君峻 | kai 凯开楷 | kang 康 | ke 科 | lan 兰蓝 | le 乐 | lei 磊 | li 丽立黎 | lian 联 | liang 良 | lin 林霖 | ling 玲
long 隆 | lu 鹭 | mei 梅美 | meng 蒙 | miao 淼 | min 敏民 | ming 明茗 | mo 沫默 | mu 沐 | na 娜 | nuo 诺 | peng 鹏
ping 平萍 | qi 琪祺齐 | qian 倩骞 | qiang 强 | qin 琴 | qing 擎青 | quan 全 | ran 然 | rong 榕荣融 | rui 瑞睿 | run 润 | ruo 若
san 三 | shao 绍 | sheng 晟盛 | shi 诗石 | shuai 帅 | shun 顺 | si 思 | song 松 | tai 泰 | tang 堂 | tao 涛韬
tian 天 | ting 婷 | tong 彤桐通 | wan 万 | wei 伟 | wen 文雯 | xi 汐熙 | xia 霞 | xiang 祥香 | xiao 啸晓潇笑
xin 新昕欣鑫馨信 | xing 兴星 | xiong 雄 | xiu 修秀 | xu 旭 | xuan 炫煊萱轩 | xue 雪 | ya 雅 | yan 妍炎焱艳燕 | yang 洋阳
yao 尧瑶耀 | ye 烨 | yi 一义乙依奕怡懿熠翊艺苡益 | yin 胤 | ying 英颖 | yong 勇永 | yu 宇煜玉瑜羽语钰雨愚 | yuan 渊源苑远 | yue 悦玥越
yun 云 | ze 泽 | zhan 展 | zhe 哲 | zhen 珍振 | zheng 政正 | zhi 志智治致 | zhong 中众 | zi 子梓紫
`;

const PINYIN = new Map<string, string>();
for (const group of PINYIN_TABLE.split(/[|\n]/)) {
  const [syllable, chars] = group.trim().split(' ');
  if (syllable && chars) for (const char of chars) PINYIN.set(char, syllable);
}

/**
 * The pinyin of `text` with syllables joined and capitalised (`秀英` → `Xiuying`, `泰安` → `Tai'an`),
 * or `undefined` when a character is not in the table.
 */
export function pinyinOf(text: string): string | undefined {
  let out = '';
  for (const char of text) {
    const syllable = PINYIN.get(char);
    if (syllable === undefined) return undefined;
    // The apostrophe keeps syllable boundaries readable, as standard pinyin does (Xi'an ≠ xian).
    if (out && /^[aoe]/.test(syllable)) out += "'";
    out += syllable;
  }
  return out ? out[0]!.toUpperCase() + out.slice(1) : undefined;
}

/** Characters that read well in company brand names (华信, 恒通, 鑫源…). */
export const BRAND_CHARS: readonly string[] = [
  ...'华信宏达恒通鑫源东方海天瑞丰金石博远新中正永嘉隆盛德泰安富兴创智联科星辰宇鼎汇润晨明百和昌越云蓝青众合康宝顺益航',
];

/** English given names Chinese professionals often use at work (`Kevin Zhang`). */
export const ENGLISH_NICKNAMES: Record<'female' | 'male', readonly string[]> = {
  female: 'Amy Cindy Grace Helen Iris Joyce Linda Lucy Nancy Vivian Wendy Zoe'.split(' '),
  male: 'Allen Bruce David Eric Frank Jack Jason Kevin Leo Peter Tony Vincent'.split(' '),
};
