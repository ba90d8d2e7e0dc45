import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../platform/errors.ts';
import {
  type Matcher,
  assertSilenceScope,
  compileMatchers,
  compileRegex,
  decodeMatchers,
  matches,
  normalizeMatchers,
  parseMatcher,
} from './matchers.ts';

const labels = { alertname: 'HighLatency', severity: 'critical', job: 'api', empty: '' };
const m = (name: string, op: Matcher['op'], value: string): Matcher => ({ name, op, value });

describe('matches', () => {
  it('= and != compare the value exactly', () => {
    assert.equal(matches(labels, [m('severity', '=', 'critical')]), true);
    assert.equal(matches(labels, [m('severity', '=', 'Critical')]), false);
    assert.equal(matches(labels, [m('severity', '=', 'crit')]), false);
    assert.equal(matches(labels, [m('severity', '!=', 'warning')]), true);
    assert.equal(matches(labels, [m('severity', '!=', 'critical')]), false);
  });

  it('=~ and !~ are regexes anchored at both ends', () => {
    assert.equal(matches(labels, [m('severity', '=~', 'crit|warn')]), false, 'crit is not the whole value');
    assert.equal(matches(labels, [m('severity', '=~', 'critical|warning')]), true);
    assert.equal(matches(labels, [m('severity', '=~', 'crit.*')]), true);
    assert.equal(matches(labels, [m('severity', '=~', 'ritica')]), false);
    assert.equal(
      matches(labels, [m('job', '=~', 'a|ap')]),
      false,
      'the alternation is grouped before anchoring',
    );
    assert.equal(matches(labels, [m('severity', '!~', 'warn.*')]), true);
    assert.equal(matches(labels, [m('severity', '!~', 'crit.*')]), false);
    assert.equal(matches(labels, [m('severity', '!~', 'crit')]), true, 'a partial match is no match');
  });

  it('takes a leading (?i) as case-insensitive, like Go', () => {
    assert.equal(matches(labels, [m('alertname', '=~', '(?i)highlatency')]), true);
    assert.equal(matches(labels, [m('alertname', '=~', 'highlatency')]), false);
  });

  it('treats a missing label as the empty string', () => {
    assert.equal(matches(labels, [m('team', '=', '')]), true);
    assert.equal(matches(labels, [m('team', '!=', '')]), false);
    assert.equal(matches(labels, [m('team', '=~', '.*')]), true);
    assert.equal(matches(labels, [m('team', '=~', '.+')]), false);
    assert.equal(matches(labels, [m('team', '!~', 'x')]), true);
    assert.equal(matches(labels, [m('team', '!=', 'payments')]), true);
    assert.equal(matches(labels, [m('empty', '=', '')]), true);
    // Inherited properties of a plain object are not labels.
    assert.equal(matches(labels, [m('constructor', '=', '')]), true);
    assert.equal(matches(labels, [m('toString', '=~', '.+')]), false);
  });

  it('needs every matcher to hold, and an empty list holds for anything', () => {
    const both = [m('severity', '=', 'critical'), m('job', '=~', 'api|web')];
    assert.equal(matches(labels, both), true);
    assert.equal(matches({ ...labels, job: 'db' }, both), false);
    assert.equal(matches(labels, []), true);
    assert.equal(matches({}, []), true);
  });

  it('compileMatchers gives the same answers as matches', () => {
    const set = [m('severity', '!=', 'info'), m('alertname', '!~', 'Watchdog|InfoInhibitor')];
    const test = compileMatchers(set);
    const sets: Record<string, string>[] = [labels, { alertname: 'Watchdog' }, { severity: 'info' }, {}];
    for (const l of sets) {
      assert.equal(test(l), matches(l, set), JSON.stringify(l));
    }
  });

  it('compiles each regex once', () => {
    assert.equal(compileRegex('a|b'), compileRegex('a|b'));
    assert.notEqual(compileRegex('a|b'), compileRegex('a|c'));
  });
});

describe('parseMatcher', () => {
  it('parses every operator in Alertmanager text syntax', () => {
    assert.deepEqual(parseMatcher('severity=~"crit|warn"'), m('severity', '=~', 'crit|warn'));
    assert.deepEqual(parseMatcher('severity!~"info"'), m('severity', '!~', 'info'));
    assert.deepEqual(parseMatcher('job!="api"'), m('job', '!=', 'api'));
    assert.deepEqual(parseMatcher('job="api"'), m('job', '=', 'api'));
  });

  it('accepts bare values, spaces around the operator, quoted names and escapes', () => {
    assert.deepEqual(parseMatcher('severity=critical'), m('severity', '=', 'critical'));
    assert.deepEqual(parseMatcher('  job  =~  "a|b"  '), m('job', '=~', 'a|b'));
    assert.deepEqual(parseMatcher('"my label"="x"'), m('my label', '=', 'x'));
    assert.deepEqual(parseMatcher('path=~"a\\\\.b"'), m('path', '=~', 'a\\.b'));
    assert.deepEqual(parseMatcher('msg="say \\"hi\\""'), m('msg', '=', 'say "hi"'));
    assert.deepEqual(parseMatcher('team=""'), m('team', '=', ''));
    assert.deepEqual(parseMatcher('team='), m('team', '=', ''));
  });

  it('rejects malformed text, naming the field', () => {
    for (const [text, problem] of [
      ['severity', /expected one of =, !=, =~, !~/],
      ['=critical', /expected a label name/],
      ['job~"a"', /expected one of/],
      ['job="api', /missing closing quote/],
      ['job="api" extra', /unexpected text after the value/],
      ['job=a"b', /bare value cannot contain "/],
      ['job="\\q"', /invalid escape/],
      ['""="x"', /empty label name/],
    ] as const) {
      assert.throws(
        () => parseMatcher(text, 'matchers.3'),
        (e: unknown) =>
          e instanceof ValidationError && /^matchers\.3: /.test(e.message) && problem.test(e.message),
        text,
      );
    }
  });
});

describe('normalizeMatchers', () => {
  it('takes objects and strings alike', () => {
    assert.deepEqual(normalizeMatchers([m('job', '=', 'api'), 'severity=~"crit|warn"']), [
      m('job', '=', 'api'),
      m('severity', '=~', 'crit|warn'),
    ]);
  });

  it('rejects an invalid regular expression with its position', () => {
    assert.throws(
      () => normalizeMatchers([m('job', '=', '('), m('job', '=~', 'api'), 'severity=~"(crit"']),
      /^ValidationError: matchers\.2\.value: invalid regular expression "\(crit": missing closing \): `\(crit`$/,
    );
    assert.throws(
      () => normalizeMatchers([m('x', '!~', '[')]),
      /^ValidationError: matchers\.0\.value: invalid/,
    );
    // What Go's RE2 refuses is refused, though JavaScript would take it: a back-reference, a look-behind.
    assert.throws(() => normalizeMatchers([m('x', '=~', '(a)\\1')]), /matchers\.0\.value: invalid/);
    assert.throws(() => normalizeMatchers([m('x', '=~', '(?<=a)b')]), /matchers\.0\.value: invalid/);
    // (?m) is RE2's, and the match is still of the whole value, as Alertmanager anchors it.
    const multiLine = normalizeMatchers([m('x', '=~', '(?m)a')]);
    assert.equal(matches({ x: 'a' }, multiLine), true);
    assert.equal(matches({ x: 'a\nb' }, multiLine), false);
  });

  it('runs in linear time: a regex that backtracks forever in JavaScript answers at once', () => {
    // /^(?:(a|a)*b)$/ in V8 takes about 2^n steps on n a's: this would not finish. Anyone with an
    // integration key can now send matchers, so none may stall the process.
    const evil = normalizeMatchers([m('instance', '=~', '(a|a)*b')]);
    assert.equal(matches({ instance: `${'a'.repeat(5000)}c` }, evil), false);
    assert.equal(matches({ instance: `${'a'.repeat(5000)}b` }, evil), true);
  });
});

describe('assertSilenceScope', () => {
  it('lets a service-scoped silence have no matchers', () => {
    assert.doesNotThrow(() => assertSilenceScope('svc_1', []));
    assert.doesNotThrow(() => assertSilenceScope('svc_1', [m('team', '=', '')]));
  });

  it('refuses a silence with neither service nor matchers', () => {
    assert.throws(
      () => assertSilenceScope(null, []),
      /^ValidationError: matchers: a silence needs a service_id/,
    );
  });

  it('refuses service-less matchers that would match every alert', () => {
    for (const set of [
      [m('team', '=', '')],
      [m('job', '=~', '.*')],
      [m('job', '!=', 'x'), m('a', '!~', 'b')],
    ]) {
      assert.throws(
        () => assertSilenceScope(null, set),
        /must not match an empty label/,
        JSON.stringify(set),
      );
    }
    assert.doesNotThrow(() => assertSilenceScope(null, [m('team', '=', ''), m('job', '=', 'api')]));
  });
});

describe('decodeMatchers', () => {
  it('reads back what is stored and refuses anything else', () => {
    const set = [m('job', '=~', 'a|b')];
    assert.deepEqual(decodeMatchers(JSON.stringify(set)), set);
    assert.throws(() => decodeMatchers('{"job":"a"}'));
    assert.throws(() => decodeMatchers('[{"name":"job","op":"==","value":"a"}]'));
  });
});
