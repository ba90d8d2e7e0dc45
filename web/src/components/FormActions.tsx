import { Alert, Button, Group } from '@mantine/core';
import type { FieldError } from '../form-errors.ts';

/**
 * A form's submit and cancel buttons, and above them the error no control of the form can show
 * (a 403, a 409, a 400 about a field the form does not have): what `fields` lists is shown at
 * its control by the form itself.
 */
export function FormActions({
  submit,
  pending,
  error,
  fieldError,
  fields,
  what,
  verb = 'create',
  onCancel,
}: {
  submit: string;
  pending: boolean;
  error: Error | null;
  fieldError: FieldError | undefined;
  fields: readonly string[];
  what: string;
  /** What the submit does, for the error's title: "Could not save the silence". */
  verb?: string;
  onCancel: () => void;
}) {
  const atField = fieldError !== undefined && fields.includes(fieldError.field);
  return (
    <>
      {error !== null && !atField && (
        <Alert color="red" role="alert" title={`Could not ${verb} the ${what}`}>
          {error.message}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={pending}>
          {submit}
        </Button>
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </>
  );
}
