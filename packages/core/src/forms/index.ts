/**
 * Lead forms: the configuration (JSON), field validation shared by browser and endpoint, the
 * submission contract with its spam checks and exactly-once capture, and the embed snippet.
 * Built on zod/mini and free of the rest of core, so a public page stays small.
 */
export {
  CALLING_CODES,
  FORM_LOCALES,
  type FormConfig,
  type FormConfigInput,
  FormConfigSchema,
  type FormField,
  FormFieldSchema,
  type FormFieldType,
  type FormLocale,
  type FormText,
  FormTextSchema,
  isRequired,
  MAPPABLE_FIELDS,
  type MappableField,
  maxLengthOf,
  parseFormConfig,
  phoneCountries,
  useJitlessValidation,
} from './config.ts';
export { type EmbedSnippetOptions, embedSnippet, escapeAttribute } from './snippet.ts';
export {
  type LeadSink,
  type LeadSubmission,
  LeadSubmissionSchema,
  leadIdOf,
  type Receipt,
  type ReceiveOptions,
  receiveSubmission,
  toLeadCapture,
} from './submission.ts';
export {
  type FormIssue,
  type FormIssueCode,
  type FormValues,
  isValidPhone,
  validateField,
  validateValues,
} from './validate.ts';

import type { FormConfig, FormConfigInput } from './config.ts';
import { parseFormConfig } from './config.ts';
import type { EmbedSnippetOptions } from './snippet.ts';
import { embedSnippet } from './snippet.ts';
import type { LeadSink, Receipt, ReceiveOptions } from './submission.ts';
import { receiveSubmission } from './submission.ts';

/** `crm.forms`: lead forms bound to one facade. */
export interface FormService {
  /** Parses a configuration; `VALIDATION` naming each bad path. */
  parse(config: FormConfigInput): FormConfig;
  /** The HTML a website pastes: one module script and the element. */
  embedSnippet(config: FormConfigInput, options: EmbedSnippetOptions): string;
  /**
   * Takes a submission of `config` (the body an endpoint received, or the in-app form's): spam
   * checks, rate limit, validation, then `leads.capture` once per submission id.
   */
  receive(
    config: FormConfig | FormConfigInput,
    submission: unknown,
    options?: ReceiveOptions,
  ): Promise<Receipt>;
}

export function createFormService(sink: LeadSink): FormService {
  return {
    parse: parseFormConfig,
    embedSnippet,
    receive: async (config, submission, options) =>
      receiveSubmission(sink, parseFormConfig(config), submission, options),
  };
}
