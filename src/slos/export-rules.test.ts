import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse, stringify } from 'yaml';
import { requireBinary } from '../../test/peers/process.ts';
import { prometheusRules, type RuleSlo } from './export-rules.ts';

/**
 * The rule file is checked by the program that will load it: Debian's promtool (package
 * prometheus) validates it (`check rules`) and evaluates it on made-up series (`test rules`).
 */
const PROMTOOL = requireBinary('promtool', 'prometheus');
const dir = mkdtempSync(join(tmpdir(), 'tocsin-slo-rules-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DEFAULT_ALERTS: RuleSlo['alerts'] = [
  { name: 'page-fast', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'critical' },
  { name: 'page-slow', longWindow: '6h', shortWindow: '30m', burnRate: 6, severity: 'critical' },
  { name: 'ticket', longWindow: '3d', shortWindow: '6h', burnRate: 1, severity: 'warning' },
];

/** A 99.9% / 30 d availability SLO on HTTP status codes, counted by its errors. */
const checkout: RuleSlo = {
  id: 'slo_01CHECKOUT',
  name: 'Availability',
  serviceName: 'Checkout',
  objective: 0.999,
  windowDays: 30,
  goodQuery: null,
  errorQuery: 'sum(increase(http_requests_total{code=~"5.."}[1m]))',
  totalQuery: 'sum(increase(http_requests_total[1m]))',
  alerts: DEFAULT_ALERTS,
  url: 'http://tocsin.example/slos/slo_01CHECKOUT',
};

function promtool(args: string[]): string {
  const res = spawnSync(PROMTOOL, args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  const output = `${res.stdout}${res.stderr}`;
  assert.equal(res.status, 0, `promtool ${args.join(' ')} failed:\n${output}`);
  return output;
}

/** The rule file as read back: what the assertions look at. */
interface FileRule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
}
function readRules(text: string, version: '1.1' | '1.2' = '1.2') {
  return parse(text, { version }) as { groups: { name: string; interval: string; rules: FileRule[] }[] };
}

let files = 0;
function write(name: string, text: string): string {
  const file = join(dir, `${++files}-${name}`);
  writeFileSync(file, text);
  return file;
}

describe('SLO export as Prometheus rules', () => {
  it('passes promtool check rules for good-query, error-query and awkward SLOs', () => {
    const slos: RuleSlo[] = [
      {
        ...checkout,
        id: 'slo_01LATENCY',
        name: 'Latency',
        errorQuery: null,
        goodQuery: 'sum(increase(http_request_duration_seconds_bucket{le="0.3"}[1m]))',
        totalQuery: 'sum(increase(http_request_duration_seconds_count[1m]))',
      },
      { ...checkout, windowDays: 28, alerts: DEFAULT_ALERTS.slice(0, 1) },
      {
        ...checkout,
        id: 'slo_01AWKWARD',
        // Quotes, a newline, a Go template and a YAML 1.1 boolean in user text.
        name: 'Search "p99" {{ .Foo }}\nsecond line',
        serviceName: 'on',
        objective: 0.9995,
        windowDays: 7,
        errorQuery: 'sum(increase(http_requests_total{job=~"api|web", path!="/healthz", code=~"5.."}[1m]))',
        totalQuery: 'sum(increase(http_requests_total{job=~"api|web", path!="/healthz"}[1m])) # all',
        url: 'http://tocsin.example/slos/slo_01AWKWARD?from="x"',
      },
    ];
    const out = promtool(['check', 'rules', write('rules.yml', prometheusRules(slos))]);
    // An empty file passes too: count the rules. Each SLO: 2 event counts, its windows' error
    // ratios (6 with the default alerts, 3 with page-fast alone), the budget and its alerts:
    // 12 + 7 + 12.
    assert.match(out, /SUCCESS: 31 rules found/, out);

    const file = readRules(prometheusRules(slos), '1.1');
    assert.deepEqual(
      file.groups.map((g) => [g.name, g.interval]),
      [
        ['tocsin-slo-slo_01LATENCY', '1m'],
        ['tocsin-slo-slo_01CHECKOUT', '1m'],
        ['tocsin-slo-slo_01AWKWARD', '1m'],
      ],
    );
    const awkward = file.groups[2]!.rules;
    // User text reads back as it was, even with a YAML 1.1 reader.
    assert.deepEqual(awkward[0]!.labels, {
      tocsin_slo_id: 'slo_01AWKWARD',
      tocsin_slo: 'Search "p99" {{ .Foo }}\nsecond line',
      service: 'on',
    });
    assert.match(awkward[0]!.expr, /path!="\/healthz"\}\[1m\]\)\) # all\n\)$/);
    const alert = awkward.find((r) => r.alert);
    assert.equal(alert?.for, undefined);
    assert.equal(alert?.labels.slo, 'Search "p99" {{ "{{" }} .Foo }}\nsecond line');
  });

  it('prints clean thresholds, and the same file for the same SLOs', () => {
    const first = prometheusRules([checkout, { ...checkout, id: 'slo_2', objective: 0.9995 }]);
    assert.equal(
      prometheusRules(structuredClone([checkout, { ...checkout, id: 'slo_2', objective: 0.9995 }])),
      first,
    );
    const rules = readRules(first).groups.flatMap((g) => g.rules);
    const pageFast = rules.filter((r) => r.labels.slo_alert === 'page-fast');
    // 14.4 * (1 - 0.999) is 0.014400000000000013 in floating point.
    assert.equal(
      pageFast[0]?.expr,
      'tocsin_slo:error_ratio:rate1h{tocsin_slo_id="slo_01CHECKOUT"} >= 0.0144\n' +
        'and tocsin_slo:error_ratio:rate5m{tocsin_slo_id="slo_01CHECKOUT"} >= 0.0144',
    );
    assert.match(pageFast[1]?.expr ?? '', /rate1h\{tocsin_slo_id="slo_2"\} >= 0\.0072\n/);
    // The event counts, then each window's error ratio, shortest first, then the budget and alerts.
    assert.deepEqual(
      readRules(first).groups[0]?.rules.map((r) => r.record ?? r.alert),
      [
        'tocsin_slo:events_total:increase1m',
        'tocsin_slo:events_good:increase1m',
        ...['5m', '30m', '1h', '6h', '3d', '30d'].map((w) => `tocsin_slo:error_ratio:rate${w}`),
        'tocsin_slo:error_budget_remaining',
        ...Array<string>(3).fill('TocsinSLOBurnRate'),
      ],
    );
    const budget = rules.find((r) => r.record === 'tocsin_slo:error_budget_remaining');
    assert.equal(budget?.expr, '1 - tocsin_slo:error_ratio:rate30d{tocsin_slo_id="slo_01CHECKOUT"} / 0.001');
  });

  describe('promtool test rules', () => {
    const rulesFile = write('checkout.yml', prometheusRules([checkout]));
    const sloLabels = { service: 'Checkout', tocsin_slo: 'Availability', tocsin_slo_id: 'slo_01CHECKOUT' };
    /** The recorded series' labels, as promtool writes a series without its name. */
    const labels = '{service="Checkout", tocsin_slo="Availability", tocsin_slo_id="slo_01CHECKOUT"}';

    const RULES: Record<string, { long: string; short: string; burn: string; over: string; lasts: string }> =
      {
        'page-fast': { long: '1h', short: '5m', burn: '14.4', over: '1.44%', lasts: '2.1 days' },
        'page-slow': { long: '6h', short: '30m', burn: '6', over: '0.6%', lasts: '5 days' },
        ticket: { long: '3d', short: '6h', burn: '1', over: '0.1%', lasts: '30 days' },
      };

    /**
     * An alert as promtool must see it, all labels and rendered annotations: `ratio` is $value,
     * the long window's error ratio as humanizePercentage prints it.
     */
    function firing(name: string, ratio: string) {
      const { long, short, burn, over, lasts } = RULES[name]!;
      return {
        exp_labels: {
          ...sloLabels,
          severity: name === 'ticket' ? 'warning' : 'critical',
          slo: 'Availability',
          slo_alert: name,
        },
        exp_annotations: {
          summary: `Checkout / Availability: error budget burning ${burn}x (${name})`,
          description:
            `Over both the last ${long} and the last ${short}, at least ${over} of Checkout / Availability ` +
            `events failed: ${burn}x the 0.1% error budget of a 99.9% objective. At this rate a whole 30d budget ` +
            `lasts ${lasts}. Error ratio over ${long}: ${ratio}.`,
          runbook_url: checkout.url,
          slo_url: checkout.url,
        },
      };
    }

    /** Runs one promtool unit test of `rules` (Checkout's by default) on per-minute series. */
    function unitTest(
      name: string,
      series: Record<string, string>,
      tests: Record<string, unknown>,
      rules = rulesFile,
    ) {
      const input_series = Object.entries(series).map(([s, values]) => ({ series: s, values }));
      const file = write(
        `${name}.test.yml`,
        stringify({
          rule_files: [rules],
          evaluation_interval: '1m',
          tests: [{ interval: '1m', input_series, ...tests }],
        }),
      );
      promtool(['test', 'rules', file]);
    }

    it('pages fast at a 1.5% error rate sustained for 70 minutes (1.44% is the threshold)', () => {
      unitTest(
        'burning',
        { 'http_requests_total{code="200"}': '0+985x80', 'http_requests_total{code="500"}': '0+15x80' },
        {
          alert_rule_test: [
            {
              eval_time: '70m',
              alertname: 'TocsinSLOBurnRate',
              exp_alerts: [
                firing('page-fast', '1.5%'),
                firing('page-slow', '1.5%'),
                firing('ticket', '1.5%'),
              ],
            },
          ],
          promql_expr_test: [
            // Ratios are floating point (0.015000000000000013): compared rounded.
            {
              expr: 'round(tocsin_slo:error_ratio:rate1h * 10000)',
              eval_time: '70m',
              exp_samples: [{ labels, value: 150 }],
            },
            // 70 minutes at 15 times the budgeted error ratio: the budget is overspent 14 times over.
            {
              expr: 'round(tocsin_slo:error_budget_remaining)',
              eval_time: '70m',
              exp_samples: [{ labels, value: -14 }],
            },
          ],
        },
      );
    });

    it('does not page fast at 1.3%, but pages slow and opens the ticket', () => {
      unitTest(
        'below-fast',
        { 'http_requests_total{code="200"}': '0+987x80', 'http_requests_total{code="500"}': '0+13x80' },
        {
          alert_rule_test: [
            {
              eval_time: '70m',
              alertname: 'TocsinSLOBurnRate',
              exp_alerts: [firing('page-slow', '1.3%'), firing('ticket', '1.3%')],
            },
          ],
        },
      );
    });

    it('stops paging fast once the short window is clean, though the long one is still over', () => {
      // 5% errors for an hour, then none. At 70m the 1h window is still at ~4.2%, far over 1.44%,
      // but the 5m one is at 0: the page stops (the 6h/30m and 3d/6h ones go on).
      unitTest(
        'recovered',
        {
          'http_requests_total{code="200"}': '0+950x60 57000+1000x20',
          'http_requests_total{code="500"}': '0+50x60 3000+0x20',
        },
        {
          alert_rule_test: [
            {
              eval_time: '55m',
              alertname: 'TocsinSLOBurnRate',
              exp_alerts: [firing('page-fast', '5%'), firing('page-slow', '5%'), firing('ticket', '5%')],
            },
            {
              eval_time: '70m',
              alertname: 'TocsinSLOBurnRate',
              exp_alerts: [firing('page-slow', '4.348%'), firing('ticket', '4.348%')],
            },
          ],
          promql_expr_test: [
            {
              expr: 'round(tocsin_slo:error_ratio:rate1h * 1000)',
              eval_time: '70m',
              exp_samples: [{ labels, value: 42 }],
            },
            {
              expr: 'round(tocsin_slo:error_ratio:rate5m * 1000)',
              eval_time: '70m',
              exp_samples: [{ labels, value: 0 }],
            },
          ],
        },
      );
    });

    it('counts no errors while the error series does not exist yet', () => {
      // No 5xx has happened, so no code="500" series: the SLO is at 100%, not without data.
      unitTest(
        'no-errors',
        { 'http_requests_total{code="200"}': '0+1000x80' },
        {
          alert_rule_test: [{ eval_time: '70m', alertname: 'TocsinSLOBurnRate', exp_alerts: [] }],
          promql_expr_test: [
            {
              expr: 'tocsin_slo:error_ratio:rate1h',
              eval_time: '70m',
              exp_samples: [{ labels: `tocsin_slo:error_ratio:rate1h${labels}`, value: 0 }],
            },
            {
              expr: 'tocsin_slo:error_budget_remaining',
              eval_time: '70m',
              exp_samples: [{ labels: `tocsin_slo:error_budget_remaining${labels}`, value: 1 }],
            },
          ],
        },
      );
    });

    it('pages when every request fails, though the good series of a good-query SLO does not exist', () => {
      const byGood: RuleSlo = {
        ...checkout,
        errorQuery: null,
        goodQuery: 'sum(increase(http_requests_total{code=~"2.."}[1m]))',
      };
      unitTest(
        'all-failing',
        { 'http_requests_total{code="503"}': '0+100x20' },
        {
          alert_rule_test: [
            {
              eval_time: '15m',
              alertname: 'TocsinSLOBurnRate',
              exp_alerts: [
                firing('page-fast', '100%'),
                firing('page-slow', '100%'),
                firing('ticket', '100%'),
              ],
            },
          ],
        },
        write('by-good.yml', prometheusRules([byGood])),
      );
    });

    it('writes user text into alert labels and annotations as it is, though they are Go templates', () => {
      const name = 'Search "p99" {{ .Foo }} {{{';
      const url = 'http://tocsin.example/slos/slo_01SEARCH?x={{y}}';
      const search: RuleSlo = {
        ...checkout,
        id: 'slo_01SEARCH',
        name,
        serviceName: 'on',
        alerts: DEFAULT_ALERTS.slice(0, 1),
        url,
      };
      unitTest(
        'search',
        { 'http_requests_total{code="200"}': '0+980x20', 'http_requests_total{code="500"}': '0+20x20' },
        {
          alert_rule_test: [
            {
              eval_time: '15m',
              alertname: 'TocsinSLOBurnRate',
              exp_alerts: [
                {
                  exp_labels: {
                    service: 'on',
                    severity: 'critical',
                    slo: name,
                    slo_alert: 'page-fast',
                    tocsin_slo: name,
                    tocsin_slo_id: 'slo_01SEARCH',
                  },
                  exp_annotations: {
                    summary: `on / ${name}: error budget burning 14.4x (page-fast)`,
                    description:
                      `Over both the last 1h and the last 5m, at least 1.44% of on / ${name} events failed: ` +
                      '14.4x the 0.1% error budget of a 99.9% objective. At this rate a whole 30d budget lasts 2.1 days. ' +
                      'Error ratio over 1h: 2%.',
                    runbook_url: url,
                    slo_url: url,
                  },
                },
              ],
            },
          ],
        },
        write('search.yml', prometheusRules([search])),
      );
    });

    it('raises nothing without traffic: counters that do not move, or no series at all', () => {
      const quiet = {
        alert_rule_test: [{ eval_time: '70m', alertname: 'TocsinSLOBurnRate', exp_alerts: [] }],
        promql_expr_test: [
          { expr: 'tocsin_slo:error_ratio:rate1h', eval_time: '70m', exp_samples: [] },
          { expr: 'tocsin_slo:error_budget_remaining', eval_time: '70m', exp_samples: [] },
          // The rules did run: the per-minute totals are there, and 0.
          {
            expr: 'tocsin_slo:events_total:increase1m',
            eval_time: '70m',
            exp_samples: [
              {
                labels: `tocsin_slo:events_total:increase1m${labels}`,
                value: 0,
              },
            ],
          },
        ],
      };
      unitTest(
        'flat',
        { 'http_requests_total{code="200"}': '5+0x80', 'http_requests_total{code="500"}': '1+0x80' },
        quiet,
      );
      unitTest(
        'absent',
        { 'other_metric{job="x"}': '0+1x80' },
        {
          alert_rule_test: quiet.alert_rule_test,
          promql_expr_test: quiet.promql_expr_test.slice(0, 2),
        },
      );
    });
  });
});
