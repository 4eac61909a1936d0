import Type from 'typebox';

/** Dashed UUID as sysinv uses for resources. */
export const UuidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** Keystone-style id: 32 lower-case hex digits. */
export const KeystoneIdPattern = '^[0-9a-f]{32}$';

export const UuidParam = Type.Object({ uuid: Type.String({ pattern: UuidPattern, description: 'Resource UUID' }) });

/** `{rel, href}` links as sysinv and Keystone attach them. */
export const Link = Type.Object({ href: Type.String(), rel: Type.String() });

/** Error body of the controller's own APIs (audit, health and unknown top-level routes). */
export const NativeErrorBody = Type.Object({
  code: Type.String(),
  message: Type.String(),
  requestId: Type.String(),
  details: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  ),
});

/** Error body of sysinv and fm: a JSON string inside `error_message`, as the StarlingX clients parse it. */
export const SysinvErrorBody = Type.Object({ error_message: Type.String() });

/** Keystone's error body. */
export const KeystoneErrorBody = Type.Object({
  error: Type.Object({ code: Type.Integer(), title: Type.String(), message: Type.String() }),
});

/** A query-string flag with Keystone's reading: present means true unless it says 0 or false. */
export const QueryFlag = Type.String({ maxLength: 16, description: 'true unless the value is 0 or false; an empty value is true' });
