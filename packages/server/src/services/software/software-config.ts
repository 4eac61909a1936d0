import Type from 'typebox';
import { configSection, type SectionConfig } from '../../runtime/config-compiler.js';

/** The `software` section. */
export const SOFTWARE_CONFIG = configSection(
  Type.Object(
    {
      /** Largest release bundle an upload may carry, and the most its files may hold unpacked. */
      maxBundleBytes: Type.Integer({ minimum: 1024, default: 512 * 1024 * 1024 }),
    },
    { additionalProperties: false, default: {} },
  ),
);

export type SoftwareConfig = SectionConfig<typeof SOFTWARE_CONFIG>;
