/** A setting the controller cannot start with; the message names the setting and what it must be. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
