// Pinyin initials for the village picker ("lyz" finds 洛阳镇). The table holds the characters that
// occur in the district's place names (data/qtiz/divisions.csv) and in the sample generator's names
// (server/.../sample/*.java): generated once with ICU4J 72.1 from the local Maven repository
// (Transliterator "Han-Latin; Latin-ASCII; Lower", first letter of each reading), grouped by initial.
// A name with other characters still matches by its name and code; characters read two ways in
// place names get both initials (ALSO).
const BY_INITIAL = {
  a: '垵安',
  b: '不八办包坂坝埔备报滨白百被边避部',
  c: '传储充出厝场城埕存察层崇春曾材村查苍蔡财车陈',
  d: '东党动地埭堆堵大搭灯点独电登盗盾督第道',
  e: '二',
  f: '凤分反发妇峰府房放方服法浮纷范访防',
  g: '光公古宫工格港管耕规郭',
  h: '会何划化华号合后和回坏患换横洪海环黄',
  j: '九交健军加及圾基境家局居建急景机检江济界监纠纪经蒋见角记金锦',
  k: '可困坑康开柯',
  l: '仑六刘力劳卢垃岭料李林楼洛灵琅理老联莲裂路邻里零骆龙',
  m: '名某梅民没矛美门',
  n: '内农女难',
  p: '品平批排浦片',
  q: '七企全前区墙奇崎求泉清群青',
  r: '人扰热然',
  s: '三上事十商四塞审室山崧市所损时死水沙生石社私苏设诉食',
  t: '亭体台团堂塘头庭态投探涂田统退通',
  w: '万五务卫危吴外委屋污洼湾物王网违',
  x: '下乡修宣小巷心新星杏械消溪秀行西许询贤霞鞋',
  y: '一与业云吟员园域屿应役御映杨源溢玉疑疫苑运阳隐雅音',
  z: '中众住作助咨噪址子宅展州庄张总战招支政族杂治章纵组织置自装资转郑镇长',
};
const ALSO = { 埔: 'p', 长: 'c', 曾: 'z', 行: 'h', 厝: 'c' };

const INITIAL = new Map();
for (const [letter, chars] of Object.entries(BY_INITIAL)) for (const c of chars) INITIAL.set(c, letter);

/** The initials of a name, as a list of alternatives per character (Latin letters and digits kept as they are). */
function initialsOf(name) {
  return [...name].map((c) => {
    const first = INITIAL.get(c);
    if (first) return ALSO[c] && ALSO[c] !== first ? [first, ALSO[c]] : [first];
    return /[a-z0-9]/i.test(c) ? [c.toLowerCase()] : null;
  }).filter(Boolean);
}

/** True when the typed letters are the initials of consecutive characters of the name (from any character). */
export function matchesInitials(name, typed) {
  const query = typed.toLowerCase();
  if (!/^[a-z]+$/.test(query)) return false;
  const letters = initialsOf(name);
  for (let start = 0; start + query.length <= letters.length; start++) {
    if ([...query].every((q, i) => letters[start + i].includes(q))) return true;
  }
  return false;
}

/** The initials of a name as one string ('lyz' for 洛阳镇), for display and sorting. */
export function initials(name) {
  return initialsOf(name).map((alternatives) => alternatives[0]).join('');
}
