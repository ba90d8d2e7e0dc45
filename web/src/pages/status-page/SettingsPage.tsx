import { Autocomplete, ColorInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { FormCard } from '../profile/parts.tsx';
import { AdminOnly } from '../settings/AdminOnly.tsx';
import { bindText, Saved } from './bind.tsx';
import { useSettings, useSpMutation } from './data.ts';
import type { StatusSettingsView } from './views.ts';

// Every zone the browser knows, as suggestions (as the profile's); the API decides what it accepts.
const ZONES = Intl.supportedValuesOf('timeZone');
const FIELDS = ['name', 'logo_url', 'brand_color', 'public_url', 'time_zone'] as const;

export function StatusSettingsPage() {
  const settings = useSettings();
  return (
    <AdminOnly>
      <QueryState query={settings} what="the status page settings" />
      {/* Keyed by the saved version: a save elsewhere refills the form. */}
      {settings.data && <SettingsForm key={settings.data.updated_at ?? ''} settings={settings.data} />}
    </AdminOnly>
  );
}

/** An empty box is "not set" (null) for the API, which checks URLs and the colour and answers on the field. */
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** PATCH /settings: how the public page presents itself. */
function SettingsForm({ settings }: { settings: StatusSettingsView }) {
  const [name, setName] = useState(settings.name);
  const [logo, setLogo] = useState(settings.logo_url ?? '');
  const [color, setColor] = useState(settings.brand_color);
  const [url, setUrl] = useState(settings.public_url ?? '');
  const [zone, setZone] = useState(settings.time_zone);
  const save = useSpMutation(() => [
    'PATCH',
    '/settings',
    { name, logo_url: orNull(logo), brand_color: color, public_url: orNull(url), time_zone: zone },
  ]);
  const { byField, other } = fieldErrors(save.error, FIELDS);
  return (
    <Stack maw={720}>
      <FormCard
        label="Status page settings"
        title="Public page"
        problemTitle="Could not save the settings"
        problem={other}
        submitLabel="Save settings"
        pending={save.isPending}
        onSubmit={() => save.mutate()}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput label="Page name" withAsterisk {...bindText(name, setName)} error={byField.name} />
          <ColorInput
            label="Brand colour"
            description="#RRGGBB"
            format="hex"
            withEyeDropper={false}
            value={color}
            onChange={setColor}
            error={byField.brand_color}
          />
        </SimpleGrid>
        <TextInput
          label="Logo URL"
          description="http(s); empty: the name only"
          {...bindText(logo, setLogo)}
          error={byField.logo_url}
        />
        <TextInput
          label="Public URL"
          description="Where the world reads the page (links in mail and feeds); empty: this Tocsin's /status"
          {...bindText(url, setUrl)}
          error={byField.public_url}
        />
        <Autocomplete
          label="Time zone"
          description="IANA, e.g. Europe/Paris: for readers without JavaScript"
          data={ZONES}
          limit={20}
          value={zone}
          onChange={setZone}
          error={byField.time_zone}
        />
        <Text size="xs" c="gray.7">
          Page id for Statuspage tools: {settings.page_id}
        </Text>
        <Saved shown={save.isSuccess} />
      </FormCard>
    </Stack>
  );
}
