// Every string of the report page, Simplified Chinese (default) and English.
import { setLanguage as setSharedLanguage } from './i18n.js';

export const STRINGS = {
  zh: {
    title: '事件上报', 'lang.switch': 'English',
    'signin.title': '网格员登录', 'signin.username': '用户名', 'signin.password': '密码', 'signin.submit': '登录',
    'signin.failed': '用户名或密码不正确。', signout: '退出',
    'report.as': '上报人', 'report.category': '事件类别', 'report.level': '事件等级', 'report.title': '标题（可不填）',
    'report.description': '情况描述', 'report.photos': '现场照片（可选）', 'report.location': '事件位置',
    'report.addPhotos': '拍照或选择照片', 'report.photoHint': 'JPEG、PNG 或 WebP，每张不超过 10 MB，最多 9 张',
    'photo.badType': '“{0}”不是 JPEG、PNG 或 WebP 图片，未添加。', 'photo.tooBig': '“{0}”有 {1} MB，超过 10 MB，未添加。',
    'photo.tooMany': '最多 {0} 张照片。', 'photo.remove': '移除照片', 'photo.uploading': '正在上传照片 {0}/{1}…',
    'photo.failed': '以下照片未能上传：{0}', 'done.photos': '照片',
    'report.gps': '使用当前位置', 'report.pick': '在地图上选点', 'report.noLocation': '尚未选择位置',
    'report.locating': '正在定位…', 'report.gpsFailed': '无法获取位置：{0}。请在地图上选点。',
    'report.gpsUnavailable': '此设备不支持定位，请在地图上选点。',
    'report.at': '位置：{0}, {1}（精度约 {2} 米）', 'report.atPicked': '位置：{0}, {1}（地图选点）',
    'report.grid': '所在网格：{0}', 'report.notYours': '该位置不在您负责的网格内，无法上报。',
    'report.outside': '该位置不在任何已发布的网格内。', 'report.submit': '提交上报', 'report.sending': '正在提交…',
    'report.failed': '提交失败：{0}', 'report.pickHint': '点击地图选择事件位置',
    'done.title': '已上报', 'done.id': '事件编号', 'done.grid': '网格', 'done.step': '当前环节', 'done.deadline': '办理时限',
    'done.routed': '战时重大风险已直报区指挥部', 'done.again': '继续上报',
    'error.network': '无法连接服务器。',
    'patrol.title': '网格巡查', 'patrol.grid': '巡查网格', 'patrol.start': '开始巡查', 'patrol.end': '结束巡查',
    'patrol.idle': '未在巡查。', 'patrol.underWay': '巡查中 · 网格 {0} · {1} 个点 · {2} km · {3}',
    'patrol.fix': '定位精度约 {0} 米', 'patrol.gpsError': '定位失败：{0}',
    'patrol.rejected.accuracy': '精度 {0} 米过低，已忽略该点', 'patrol.rejected.jump': '定位跳变，已忽略该点',
    'patrol.rejected.repeat': '位置未变化', 'patrol.ending': '巡查已结束，正在发送…',
    'patrol.summary': '巡查小结', 'patrol.distance': '里程', 'patrol.duration': '用时', 'patrol.points': '轨迹点',
    'patrol.coverage': '道路覆盖率', 'patrol.events': '上报事件', 'patrol.flagged': '有 {0} 个点在您的网格之外（已标记）',
    'patrol.linked': '本次上报将关联网格 {0} 的巡查',
    'outbox.empty': '✓ 全部已发送', 'outbox.waiting': '待发送 {0} 条记录', 'outbox.offline': '离线：{0} 条记录待发送，联网后自动发送',
    'outbox.refused': '服务器拒收一条记录：{0}', 'report.gridLater': '离线：联网后由服务器确定所在网格',
    'done.queued': '状态', 'done.queuedText': '已保存在手机上，联网后自动发送', 'done.clientId': '本机编号',
    'photo.noEvent': '事件尚未创建',
    'visit.title': '入户走访', 'visit.nearby': '查找附近楼栋', 'visit.building': '楼栋', 'visit.household': '住户（可选）',
    'visit.note': '走访记录', 'visit.photo': '现场照片（可选）', 'visit.submit': '走访签到', 'visit.noHousehold': '不选住户',
    'visit.buildingOption': '{0} · {1} 米', 'visit.found': '附近有 {0} 栋您网格内的楼栋', 'visit.none': '附近 500 米内没有您网格的楼栋',
    'visit.offlineList': '离线：使用上次查到的 {0} 栋楼栋', 'visit.failed': '无法查找：{0}',
    'visit.badPhoto': '照片须为 JPEG 或 PNG，不超过 10 MB', 'visit.queued': '已签到 {0}，将自动发送',
    'collect.title': '信息采集', 'collect.kind': '采集内容', 'collect.household': '户编号', 'collect.name': '姓名',
    'collect.idNumber': '身份证号（可选）', 'collect.phone': '电话（可选）', 'collect.resident': '人员编号',
    'collect.category': '帮扶类别', 'collect.action': '变更', 'collect.building': '楼栋', 'collect.grade': '房屋安全等级',
    'collect.note': '说明（可选）', 'collect.submit': '提交审核', 'collect.mine': '我的采集', 'collect.queued': '已保存，将自动发送待审核',
    'collect.kind.resident_in': '人员迁入', 'collect.kind.resident_out': '人员迁出', 'collect.kind.assistance': '帮扶类别',
    'collect.kind.safety_grade': '房屋安全等级', 'collect.kind.illegal_case': '新增两违',
    'collect.state.pending': '待审核', 'collect.state.approved': '已通过', 'collect.state.rejected': '已退回',
    'collect.reason': '理由：{0}', 'collect.action.open': '新增', 'collect.action.close': '取消',
    'collect.category.dibao': '低保', 'collect.category.tekun': '特困', 'collect.category.dibao_edge': '低保边缘',
    'collect.category.disabled': '残疾', 'collect.category.elderly_alone': '独居老人', 'collect.category.left_behind_child': '留守儿童',
    'level.simple': '简易', 'level.general': '一般', 'level.prominent': '突出', 'level.major': '重大',
    'cat.disputes': '矛盾纠纷', 'cat.public_requests': '群众诉求', 'cat.public_security': '治安隐患',
    'cat.fire_hazard': '消防隐患', 'cat.housing_safety': '房屋安全', 'cat.illegal_construction': '两违',
    'cat.production_safety': '安全生产', 'cat.sanitation': '环境卫生', 'cat.epidemic': '疫情防控',
    'cat.assistance': '困难帮扶',
  },
  en: {
    title: 'Report an event', 'lang.switch': '中文',
    'signin.title': 'Grid worker sign-in', 'signin.username': 'User name', 'signin.password': 'Password',
    'signin.submit': 'Sign in', 'signin.failed': 'Wrong user name or password.', signout: 'Sign out',
    'report.as': 'Reporter', 'report.category': 'Category', 'report.level': 'Level', 'report.title': 'Title (optional)',
    'report.description': 'What happened', 'report.photos': 'Photos (optional)',
    'report.addPhotos': 'Take or choose photos', 'report.photoHint': 'JPEG, PNG or WebP, up to 10 MB each, at most 9',
    'photo.badType': '"{0}" is not a JPEG, PNG or WebP image; left out.',
    'photo.tooBig': '"{0}" has {1} MB, more than 10 MB; left out.', 'photo.tooMany': 'At most {0} photos.',
    'photo.remove': 'Remove photo', 'photo.uploading': 'Uploading photo {0} of {1}…',
    'photo.failed': 'These photos could not be uploaded: {0}', 'done.photos': 'Photos',
    'report.location': 'Location', 'report.gps': 'Use my location', 'report.pick': 'Pick on the map',
    'report.noLocation': 'No location yet', 'report.locating': 'Locating…',
    'report.gpsFailed': 'Could not get the location: {0}. Pick it on the map.',
    'report.gpsUnavailable': 'This device cannot locate itself; pick the location on the map.',
    'report.at': 'Location: {0}, {1} (about {2} m)', 'report.atPicked': 'Location: {0}, {1} (picked on the map)',
    'report.grid': 'Grid: {0}', 'report.notYours': 'This location is outside your grids; you cannot report it.',
    'report.outside': 'This location is in no published grid.', 'report.submit': 'Send report',
    'report.sending': 'Sending…', 'report.failed': 'Sending failed: {0}', 'report.pickHint': 'Tap the map where it is',
    'done.title': 'Reported', 'done.id': 'Event number', 'done.grid': 'Grid', 'done.step': 'Step',
    'done.deadline': 'Deadline', 'done.routed': 'Wartime: major risk routed to the district command',
    'done.again': 'Report another', 'error.network': 'The server cannot be reached.',
    'patrol.title': 'Grid patrol', 'patrol.grid': 'Grid', 'patrol.start': 'Start patrol', 'patrol.end': 'End patrol',
    'patrol.idle': 'No patrol under way.', 'patrol.underWay': 'Patrolling · grid {0} · {1} points · {2} km · {3}',
    'patrol.fix': 'Accuracy about {0} m', 'patrol.gpsError': 'No location: {0}',
    'patrol.rejected.accuracy': 'Accuracy {0} m too low; point left out', 'patrol.rejected.jump': 'Location jumped; point left out',
    'patrol.rejected.repeat': 'Not moved', 'patrol.ending': 'Patrol ended; sending…',
    'patrol.summary': 'Patrol summary', 'patrol.distance': 'Distance', 'patrol.duration': 'Duration',
    'patrol.points': 'Track points', 'patrol.coverage': 'Roads covered', 'patrol.events': 'Reports',
    'patrol.flagged': '{0} points lie outside your grids (flagged)', 'patrol.linked': 'This report is linked to the patrol of grid {0}',
    'outbox.empty': '✓ Everything sent', 'outbox.waiting': '{0} records waiting to be sent',
    'outbox.offline': 'Offline: {0} records waiting; sent when the network is back',
    'outbox.refused': 'The server refused a record: {0}', 'report.gridLater': 'Offline: the server will place it in its grid',
    'done.queued': 'Status', 'done.queuedText': 'Saved on the phone; sent when the network is back', 'done.clientId': 'Phone id',
    'photo.noEvent': 'the event does not exist yet',
    'visit.title': 'Household visit', 'visit.nearby': 'Find buildings nearby', 'visit.building': 'Building',
    'visit.household': 'Household (optional)', 'visit.note': 'Notes', 'visit.photo': 'Photo (optional)',
    'visit.submit': 'Check in', 'visit.noHousehold': 'No household', 'visit.buildingOption': '{0} · {1} m',
    'visit.found': '{0} buildings of your grids nearby', 'visit.none': 'No building of your grids within 500 m',
    'visit.offlineList': 'Offline: the last list of {0} buildings', 'visit.failed': 'Cannot search: {0}',
    'visit.badPhoto': 'A photo must be JPEG or PNG, at most 10 MB', 'visit.queued': 'Checked in at {0}; sent automatically',
    'collect.title': 'Information collection', 'collect.kind': 'What changed', 'collect.household': 'Household id',
    'collect.name': 'Name', 'collect.idNumber': 'ID number (optional)', 'collect.phone': 'Phone (optional)',
    'collect.resident': 'Resident id', 'collect.category': 'Assistance category', 'collect.action': 'Change',
    'collect.building': 'Building', 'collect.grade': 'Housing safety grade', 'collect.note': 'Remarks (optional)',
    'collect.submit': 'Submit for review', 'collect.mine': 'My proposals', 'collect.queued': 'Saved; sent for review automatically',
    'collect.kind.resident_in': 'Resident moved in', 'collect.kind.resident_out': 'Resident moved out',
    'collect.kind.assistance': 'Assistance category', 'collect.kind.safety_grade': 'Housing safety grade',
    'collect.kind.illegal_case': 'New illegal construction', 'collect.state.pending': 'Pending',
    'collect.state.approved': 'Approved', 'collect.state.rejected': 'Rejected', 'collect.reason': 'Reason: {0}',
    'collect.action.open': 'Add', 'collect.action.close': 'Close',
    'collect.category.dibao': 'Dibao', 'collect.category.tekun': 'Tekun', 'collect.category.dibao_edge': 'Near dibao',
    'collect.category.disabled': 'Disabled', 'collect.category.elderly_alone': 'Elderly alone',
    'collect.category.left_behind_child': 'Left-behind child',
    'level.simple': 'Simple', 'level.general': 'General', 'level.prominent': 'Prominent', 'level.major': 'Major',
    'cat.disputes': 'Disputes', 'cat.public_requests': 'Public requests', 'cat.public_security': 'Public security',
    'cat.fire_hazard': 'Fire hazard', 'cat.housing_safety': 'Housing safety',
    'cat.illegal_construction': 'Illegal construction', 'cat.production_safety': 'Production safety',
    'cat.sanitation': 'Sanitation', 'cat.epidemic': 'Epidemic', 'cat.assistance': 'Assistance',
  },
};

export const CATEGORIES = ['disputes', 'public_requests', 'public_security', 'fire_hazard', 'housing_safety',
  'illegal_construction', 'production_safety', 'sanitation', 'epidemic', 'assistance'];
export const LEVELS = ['simple', 'general', 'prominent', 'major'];

let lang = localStorage.getItem('gridscape.lang') === 'en' ? 'en' : 'zh';

export function language() {
  return lang;
}

export function setLanguage(next) {
  lang = next === 'en' ? 'en' : 'zh';
  // one switch for every app: the shared sign-in card reads it from js/i18n.js
  setSharedLanguage(lang);
  localStorage.setItem('gridscape.lang', lang);
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
}

/** The string for key with {0}, {1} ... filled in; the key itself when missing, so gaps show. */
export function t(key, ...args) {
  const text = STRINGS[lang][key] ?? STRINGS.zh[key] ?? key;
  return text.replace(/\{(\d)\}/g, (m, i) => String(args[Number(i)] ?? ''));
}
