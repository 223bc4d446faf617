// Prints a roster request for a week of a large center, for the browser
// tests' paging and readability checks (tests/web/run.sh): AGENTS agents
// (default 350; two thirds phone only, the rest phone and SMS), the shift
// templates of tests/fixtures/roster_small.json, 30-minute intervals, and
// seats required following the sample hotline's phone shape (peaks at 10:00
// and 15:00, a lunch dip, quiet nights) scaled with the staff, SMS flat by
// day. The server solves it in a few seconds.
//   node tests/web/roster_week.mjs START_DATE [AGENTS]
import { readFileSync } from 'node:fs';

const [start, agentsArg] = process.argv.slice(2);
const agents = Number(agentsArg || 350);
const scale = agents / 120; // requirements grow with the staff
const small = JSON.parse(readFileSync(new URL('../fixtures/roster_small.json', import.meta.url)));
const bump = (h, peak, width, height) => height * Math.exp(-0.5 * ((h - peak) / width) ** 2);
const phone = [...Array(48)].map((_, k) => {
  const h = k / 2;
  return h < 7 || h >= 22 ? 0
    : Math.round(scale * (2 + bump(h, 10, 1.3, 20) + bump(h, 15, 1.4, 18) + bump(h, 20, 1.5, 6)));
});
const sms = [...Array(48)].map((_, k) => (k >= 16 && k < 40 ? Math.round(3 * scale) : 0));
const days = 7;
process.stdout.write(JSON.stringify({
  start_date: start, timezone: 'Asia/Shanghai', days, interval_minutes: 30,
  queues: small.queues, templates: small.templates,
  required: { phone: Array(days).fill(phone), sms: Array(days).fill(sms) },
  agents: [...Array(agents)].map((_, i) => ({
    id: 'agent-' + String(i + 1).padStart(3, '0'),
    skills: i % 3 === 2 ? ['phone', 'sms'] : ['phone'],
    max_week_hours: 40, days_off_per_week: 2,
  })),
  options: { target: 'seats', time_limit_s: 15, shortfall_penalty: 20, cost_per_paid_hour: 1 },
  created_by: 'web-tests',
}));
