import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SLUG_LENGTH, channelSlug, serviceSlug, utcDay, utcDayStart } from './slug.ts';

const T = Date.parse('2026-11-25T09:30:00Z');

describe('channel slugs', () => {
  it('names the first incident of the day inc-YYYYMMDD-<service>, the n-th with -n', () => {
    assert.equal(channelSlug(T, 'checkout', 1), 'inc-20261125-checkout');
    assert.equal(channelSlug(T, 'checkout', 2), 'inc-20261125-checkout-2');
    assert.equal(channelSlug(T, 'checkout', 13), 'inc-20261125-checkout-13');
  });

  it('uses the UTC date, whatever the local time zone says', () => {
    assert.equal(channelSlug(Date.parse('2026-11-25T23:59:59.999Z'), 'a', 1), 'inc-20261125-a');
    assert.equal(channelSlug(Date.parse('2026-11-26T00:00:00.000Z'), 'a', 1), 'inc-20261126-a');
    assert.equal(channelSlug(Date.parse('2026-11-26T00:30:00+01:00'), 'a', 1), 'inc-20261125-a');
    assert.equal(channelSlug(Date.parse('2024-02-29T12:00:00Z'), 'a', 1), 'inc-20240229-a');
    assert.equal(utcDay(Date.parse('2027-01-05T03:00:00Z')), '20270105');
  });

  it('lower-cases the service name and turns every run of other characters into one hyphen', () => {
    const cases: [string, string][] = [
      ['Checkout API', 'checkout-api'],
      ['Checkout API (EU)', 'checkout-api-eu'],
      ['  payments__gateway--v2  ', 'payments-gateway-v2'],
      ['search.internal/prod', 'search-internal-prod'],
      ['ALLCAPS', 'allcaps'],
      ['a', 'a'],
      ['42', '42'],
      ['Café Crème', 'cafe-creme'],
      ['Ångström Ünit', 'angstrom-unit'],
      ['ﬁle store', 'file-store'], // NFKD splits the ligature
      ['db 🔥 primary', 'db-primary'],
      ['---', 'service'],
      ['日本語', 'service'],
      ['', 'service'],
    ];
    for (const [name, slug] of cases) {
      assert.equal(serviceSlug(name), slug, name);
      assert.equal(channelSlug(T, name, 1), `inc-20261125-${slug}`, name);
      assert.match(channelSlug(T, name, 3), /^inc-\d{8}-[a-z0-9]+(-[a-z0-9]+)*$/, name);
    }
  });

  it(`cuts long names to ${MAX_SLUG_LENGTH} characters, keeping the suffix and never ending a part on a hyphen`, () => {
    const long = 'the very long name of a service nobody will ever type into a channel search box';
    for (const nth of [1, 2, 9, 10, 99, 100, 12345]) {
      const slug = channelSlug(T, long, nth);
      assert.ok(slug.length <= MAX_SLUG_LENGTH, `${slug} (${slug.length})`);
      assert.ok(slug.startsWith('inc-20261125-the-very-long-name'), slug);
      if (nth >= 2) assert.ok(slug.endsWith(`-${nth}`), slug);
      assert.doesNotMatch(slug, /--/, 'no double hyphen where the cut met a hyphen');
      assert.doesNotMatch(slug, /-$/);
    }
    // The cut falls exactly on a hyphen: the hyphen goes, not a letter.
    const room = MAX_SLUG_LENGTH - 'inc-20261125-'.length;
    const onHyphen = `${'a'.repeat(room - 1)} bbb`;
    assert.equal(channelSlug(T, onHyphen, 1), `inc-20261125-${'a'.repeat(room - 1)}`);
    assert.equal(channelSlug(T, 'x'.repeat(200), 1).length, MAX_SLUG_LENGTH);
    assert.equal(channelSlug(T, 'x'.repeat(200), 2).length, MAX_SLUG_LENGTH);
    assert.ok(channelSlug(T, 'x'.repeat(200), 2).endsWith('x-2'));
  });

  it('two services whose names differ only in punctuation share a slug base; the count tells incidents apart', () => {
    assert.equal(channelSlug(T, 'Checkout-API', 1), channelSlug(T, 'checkout api', 1));
    assert.notEqual(channelSlug(T, 'checkout', 1), channelSlug(T, 'checkout', 2));
  });

  it('refuses a count that is not a positive integer', () => {
    for (const nth of [0, -1, 1.5, Number.NaN]) assert.throws(() => channelSlug(T, 'a', nth), RangeError);
  });

  it('utcDayStart is midnight UTC of the same day', () => {
    assert.equal(utcDayStart(T), Date.parse('2026-11-25T00:00:00Z'));
    assert.equal(utcDayStart(Date.parse('2026-11-25T00:00:00Z')), Date.parse('2026-11-25T00:00:00Z'));
    assert.equal(utcDayStart(Date.parse('2026-11-25T23:59:59.999Z')), Date.parse('2026-11-25T00:00:00Z'));
  });
});
