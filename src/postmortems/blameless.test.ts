import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blameFindings } from './blameless.ts';

const section = (body: string, key = 'root_cause') => ({ key, title: key, body });
const PEOPLE = ['Alice Martin', 'Bob (ops) O’Neil', 'Zoë'];

/** The phrases flagged in `body`, as `subject…phrase` would be reported. */
function flagged(body: string, names = PEOPLE): string[] {
  return blameFindings([section(body)], names).map((f) => f.pattern);
}

describe('blameless check', () => {
  it('flags a named person followed by a blaming phrase, any case', () => {
    assert.deepEqual(flagged('Alice caused the outage.'), ['caused']);
    assert.deepEqual(flagged('ALICE MARTIN FORGOT to renew the certificate.'), ['forgot']);
    assert.deepEqual(flagged('Then alice quickly broke the build.'), ['broke']);
    assert.deepEqual(flagged("It was Alice's fault."), ['fault']);
    assert.deepEqual(flagged('Zoë did not run the migration.'), ['did not']);
  });

  it('flags the generic subjects too', () => {
    assert.deepEqual(flagged('Someone should have checked the config.'), ['should have']);
    assert.deepEqual(flagged('He failed to page the database team.'), ['failed to']);
    assert.deepEqual(flagged('They didn’t read the runbook; she neglected the alert.'), [
      'didn’t',
      'neglected',
    ]);
    assert.deepEqual(flagged('The engineer was careless with the flag.'), ['was careless']);
    assert.deepEqual(flagged('Somebody made a human error.'), ['human error']);
  });

  it('lets the system be the subject', () => {
    assert.deepEqual(flagged('The deploy caused a spike in 5xx errors.'), []);
    assert.deepEqual(flagged('The pipeline failed to run the integration tests.'), []);
    assert.deepEqual(flagged('A missing alert should have fired at 09:00.'), []);
    // Names inside other words, and phrases inside other words, are not matches.
    assert.deepEqual(flagged('The theme broke nothing; Alicer caused nothing.'), []);
    assert.deepEqual(flagged('Alice noticed the deploy caused errors.'), [], 'too far apart to be one claim');
    assert.deepEqual(flagged('Alice joined. The deploy caused errors.'), [], 'another sentence');
    assert.deepEqual(flagged('Alice restored the faulty node.'), [], '"faulty" is not "fault"');
  });

  it('matches names with regular-expression characters literally', () => {
    assert.deepEqual(flagged('Bob (ops) O’Neil forgot the rollback.'), ['forgot']);
    // `(ops)` is not a group and `.` is not a wildcard: "Bob Xops" is nobody on the list.
    assert.deepEqual(flagged('Bobby forgot it.', ['Bob.y']), []);
    assert.deepEqual(flagged('Bob.y forgot it.', ['Bob.y']), ['forgot']);
    assert.deepEqual(flagged('A+B forgot it.', ['A+B']), ['forgot']);
  });

  it('reports the section, an excerpt of the sentence and what to write instead', () => {
    const findings = blameFindings(
      [
        section('Everything was fine.', 'summary'),
        section(
          'The night was long. After the upgrade Alice Martin forgot to restart the workers. Nobody saw it.',
        ),
      ],
      PEOPLE,
    );
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.section_key, 'root_cause');
    assert.equal(f.pattern, 'forgot');
    assert.equal(f.excerpt, 'After the upgrade Alice Martin forgot to restart the workers.');
    assert.match(f.message, /Alice Martin … forgot/);
    assert.match(f.message, /describe what the system allowed, not who/i);
  });

  it('shortens long sentences around the match', () => {
    const long = `${'word '.repeat(30)}Alice caused it ${'and more '.repeat(20)}end.`;
    const [f] = blameFindings([section(long)], PEOPLE);
    assert.ok(f !== undefined);
    assert.match(f.excerpt, /^….*Alice caused it.*…$/);
    assert.ok(f.excerpt.length < long.length);
  });

  it('finds nothing without text or names to blame', () => {
    assert.deepEqual(blameFindings([], PEOPLE), []);
    assert.deepEqual(flagged('', []), []);
    assert.deepEqual(flagged('Alice caused it.', []), [], 'Alice is not among the names given');
  });
});
