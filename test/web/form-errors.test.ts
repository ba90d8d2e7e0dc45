import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../web/src/api.ts';
import { errorFor, fieldError, fieldErrors } from '../../web/src/form-errors.ts';

const bad = (message: string) => new ApiError(400, 'validation_failed', message);

describe("placing the API's 400 messages in a form", () => {
  it('splits a message among the fields each part names, the rest for the form', () => {
    const e = bad('body.name must NOT have fewer than 1 characters; time_zone: unknown zone; weird thing');
    assert.deepEqual(fieldErrors(e, ['name', 'time_zone']), {
      byField: {
        name: 'body.name must NOT have fewer than 1 characters',
        time_zone: 'time_zone: unknown zone',
      },
      other: 'weird thing',
    });
  });

  it("finds a list item's part by its own name", () => {
    const e = bad('contact_methods.0.address must match format "email"');
    assert.equal(fieldErrors(e, ['address']).byField.address, e.message);
  });

  it('sends the parts naming no field to the orphans field when asked, never to both places', () => {
    const e = bad('must be a valid incident');
    assert.deepEqual(fieldErrors(e, ['incident_ids'], 'incident_ids'), {
      byField: { incident_ids: 'must be a valid incident' },
      other: undefined,
    });
  });

  it('keeps anything but a 400 for the form, and nothing for no error', () => {
    assert.deepEqual(fieldErrors(new ApiError(409, 'conflict', 'already resolved'), ['message'], 'message'), {
      byField: {},
      other: 'already resolved',
    });
    assert.deepEqual(fieldErrors(null, ['message']), { byField: {}, other: undefined });
  });

  it('places a list item error on that item only', () => {
    const err = fieldError(bad('body.matchers.1.name must match pattern'));
    assert.equal(err?.field, 'matchers');
    assert.equal(errorFor(err, 'matchers', 1), 'body.matchers.1.name must match pattern');
    assert.equal(errorFor(err, 'matchers', 0), undefined);
    assert.equal(
      errorFor(err, 'matchers', 1, (s) => s === 'value'),
      undefined,
    );
    assert.equal(fieldError(new ApiError(500, 'internal', 'boom')), undefined);
  });
});
