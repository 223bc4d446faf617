/* The dashboard's words in Chinese and English, in one place. An element
 * with data-i18n="key" gets TEXT[lang][key] as its text, one with
 * data-i18n-placeholder its placeholder (wfm.translate() in app.js). The
 * language comes from ?lang=, else the choice stored in localStorage, else
 * navigator.language (zh* -> Chinese, anything else -> English). */
'use strict';

const TEXT = {
  zh: {
    product: '话务排班', tab_live: '实时', tab_roster: '排班表', tab_scenario: '情景分析',
    wall_mode: '大屏', lang_button: 'EN',
    loading: '加载中…', error: '连接失败', not_authorized: '未授权',
    no_plan: '暂无实时计划（尚未上报实况数据）',
    auth_missing: '需要访问令牌。',
    auth_rejected: '访问令牌无效或权限不足。',
    auth_howto: '请向管理员索取令牌（服务器上运行：wfm token create --center 中心 --role viewer），然后打开 {url}#token=令牌。',
    forbidden_action: '当前令牌无权执行此操作（需要 {role} 角色）。',
    as_of: '数据时间', agents_on_shift: '在班坐席', waiting: '排队',
    realtime_agents: '签入 {in} · 空闲 {avail} · 休息 {brk}', answer_rate_so_far: '今日接通率',
    contacts_today: '今日来话', vs_forecast: '对比预测', surges: '激增告警', seats_short: '缺席位',
    now: '当前', needed: '所需席位', assigned: '已排席位', predicted_rate: '预测接通率',
    seats_plan: '席位：需求与安排（未来8小时）', deferred: '延时处理',
    volume_today: '今日话务量：预测与实际', answer_rate_today: '今日接通率',
    forecast: '预测', band95: '95% 预测区间', actual: '实际', reforecast: '滚动预测',
    answer_rate: '接通率', target95: '目标 95%', no_forecast: '暂无预测',
    surge: '话务激增', since: '自', ratio: '为上限的 {r}', above: '每时段超出 {n}',
    moves: '调度建议', agent: '坐席', from: '从', to: '到', at: '时间', reason: '原因',
    no_moves: '无调度建议', more_moves: '另有 {n} 条', proposals: '加班/提前下班建议',
    break_changes: '调整休息',
    roster: '排班表', publish: '发布', publish_by: '发布人', published: '已发布',
    draft: '草稿', published_by: '发布人', publish_ok: '排班表 {id} 已发布（{by}）。',
    publish_failed: '发布失败：', no_rosters: '暂无排班表',
    timeline: '班次时间线', filter_agents: '筛选坐席', page: '第 {p}/{n} 页，共 {a} 名坐席',
    coverage: '覆盖与需求（每时段）', required: '需求席位', seats: '排班席位',
    paid_hours: '付薪工时', shifts: '班次数', gap: '最优性差距', shortfalls: '缺口',
    unstaffed: '无人班次', solve_seconds: '求解秒数', days_rate: '各日预测接通率',
    shift: '班次', break: '休息', export_csv: '导出 CSV', calendar_of: '{agent} 的日历 (iCalendar)',
    scenarios: '情景', compare: '对比所选', name: '名称', week: '周', state: '状态',
    new_scenario: '新建情景', week_start: '开始日期', days: '天数', volume_factor: '话务量系数',
    create: '创建', created: '情景 {id} 已创建，正在计算。', side_by_side: '并排对比',
    cost: '成本', agents_needed: '所需坐席', agents_rostered: '排班坐席',
    intervals_short: '缺员时段', predicted: '预测', simulated: '仿真', ci95: '95% 置信区间',
    delta: '差值', reference: '基准', pick_two: '请选择至少一个情景。',
    no_scenarios: '暂无情景', scenario_api_missing: '此服务器尚未提供情景接口。',
    queued: '排队中', running: '计算中', succeeded: '完成', failed: '失败', cancelled: '已取消',
    date: '日期', offered: '来话量',
  },
  en: {
    product: 'Hotline WFM', tab_live: 'Live', tab_roster: 'Roster', tab_scenario: 'Scenarios',
    wall_mode: 'Wall', lang_button: '中文',
    loading: 'Loading…', error: 'Connection failed', not_authorized: 'Not authorized',
    no_plan: 'No live plan yet (no actuals posted)',
    auth_missing: 'An access token is needed.',
    auth_rejected: 'The access token was refused or lacks the rights for this.',
    auth_howto: 'Ask an administrator for a token (on the server: wfm token create --center CENTER --role viewer), then open {url}#token=TOKEN.',
    forbidden_action: 'Your token may not do this (it needs the {role} role).',
    as_of: 'As of', agents_on_shift: 'Agents on shift', waiting: 'waiting',
    realtime_agents: 'logged in {in} · available {avail} · on break {brk}', answer_rate_so_far: 'Answer rate today',
    contacts_today: 'Contacts today', vs_forecast: 'vs forecast', surges: 'Surge alerts', seats_short: 'Seats short',
    now: 'Now', needed: 'Seats needed', assigned: 'Seats assigned', predicted_rate: 'Predicted answer rate',
    seats_plan: 'Seats: needed vs assigned (next 8 h)', deferred: 'deferred',
    volume_today: 'Volume today: forecast vs actual', answer_rate_today: 'Answer rate today',
    forecast: 'Forecast', band95: '95 % prediction band', actual: 'Actual', reforecast: 'Reforecast',
    answer_rate: 'Answer rate', target95: 'Target 95 %', no_forecast: 'No forecast available',
    surge: 'Surge', since: 'since', ratio: '{r} of the bound', above: '+{n} above per interval',
    moves: 'Recommended moves', agent: 'Agent', from: 'From', to: 'To', at: 'At', reason: 'Reason',
    no_moves: 'No moves recommended', more_moves: '{n} more', proposals: 'Overtime / early release',
    break_changes: 'Moved breaks',
    roster: 'Roster', publish: 'Publish', publish_by: 'Published by', published: 'published',
    draft: 'draft', published_by: 'by', publish_ok: 'Roster {id} published ({by}).',
    publish_failed: 'Publish failed: ', no_rosters: 'No rosters yet',
    timeline: 'Shift timeline', filter_agents: 'Filter agents', page: 'page {p}/{n}, {a} agents',
    coverage: 'Coverage vs requirement per interval', required: 'Seats required', seats: 'Seats rostered',
    paid_hours: 'Paid hours', shifts: 'Shifts', gap: 'Optimality gap', shortfalls: 'Shortfalls',
    unstaffed: 'Unstaffed shifts', solve_seconds: 'Solve seconds', days_rate: 'Predicted answer rate per day',
    shift: 'Shift', break: 'Break', export_csv: 'Export CSV', calendar_of: 'calendar of {agent} (iCalendar)',
    scenarios: 'Scenarios', compare: 'Compare selected', name: 'Name', week: 'Week', state: 'State',
    new_scenario: 'New scenario', week_start: 'Start date', days: 'Days', volume_factor: 'Volume factor',
    create: 'Create', created: 'Scenario {id} created; computing.', side_by_side: 'Side by side',
    cost: 'Cost', agents_needed: 'Agents needed', agents_rostered: 'Agents rostered',
    intervals_short: 'Intervals short', predicted: 'predicted', simulated: 'simulated', ci95: '95 % CI',
    delta: 'Δ', reference: 'reference', pick_two: 'Pick at least one scenario.',
    no_scenarios: 'No scenarios yet', scenario_api_missing: 'This server has no scenario API yet.',
    queued: 'queued', running: 'running', succeeded: 'done', failed: 'failed', cancelled: 'cancelled',
    date: 'Date', offered: 'Offered',
  },
};

/* The starting language: ?lang=, the stored choice, the browser's. */
function wfmInitialLang() {
  const asked = new URLSearchParams(location.search).get('lang') ||
                localStorage.getItem('wfm_lang') || navigator.language || 'en';
  return asked.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
