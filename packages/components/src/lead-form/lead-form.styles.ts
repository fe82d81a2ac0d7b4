import { css } from 'lit';

/**
 * The lead form's look: one column of fields, native controls styled from the `--kehu-*` tokens,
 * with short per-component variables for the common adjustments.
 */
export const leadFormStyles = css`
  :host {
    display: block;
    --_max-width: var(--kehu-form-max-width, 36rem);
    --_gap: var(--kehu-form-gap, calc(var(--_space) * 2));
    --_control-height: var(--kehu-form-control-height, 36px);
  }
  .form {
    display: grid;
    gap: var(--_gap);
    max-width: var(--_max-width);
    margin: 0;
  }
  .form[data-standalone] {
    padding: calc(var(--_space) * 2);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
  }
  .description,
  .legend {
    margin: 0;
    color: var(--_fg-muted);
  }
  .legend {
    font-size: 0.85em;
  }
  .field {
    display: grid;
    gap: 4px;
  }
  label,
  .field-title {
    font-weight: 600;
  }
  .required {
    color: var(--_danger);
    margin-inline-start: 2px;
  }
  input:not([type='checkbox']),
  select,
  textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: var(--_control-height);
    padding: 6px 10px;
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  textarea {
    min-height: calc(var(--_control-height) * 3);
    resize: vertical;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  :disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .phone {
    display: flex;
    gap: var(--_space);
  }
  .phone select {
    flex: 0 0 auto;
    width: auto;
    max-width: 45%;
  }
  .phone .calling-code {
    align-self: center;
    color: var(--_fg-muted);
  }
  .check {
    display: flex;
    gap: var(--_space);
    align-items: flex-start;
  }
  .check input {
    margin: 3px 0 0;
    width: 16px;
    height: 16px;
    flex: none;
    accent-color: var(--_accent);
  }
  .check label {
    font-weight: normal;
  }
  .help {
    margin: 0;
    font-size: 0.85em;
    color: var(--_fg-muted);
  }
  .error {
    margin: 0;
    font-size: 0.85em;
    color: var(--_danger);
  }
  .hint {
    margin: 0;
    font-size: 0.85em;
    color: var(--_warning);
  }
  .honeypot {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .status p {
    margin: 0;
  }
  .status p:empty {
    display: none;
  }
  .status[data-tone='success'] p {
    color: var(--_success);
  }
  .status[data-tone='error'] p {
    color: var(--_danger);
  }
  .actions {
    display: flex;
    gap: var(--_space);
  }
  button {
    min-height: var(--_control-height);
    padding: 6px 16px;
    font: inherit;
    color: var(--_fg);
    background: var(--_bg-sunken);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  button.primary {
    color: var(--_accent-fg);
    background: var(--_accent);
    border-color: var(--_accent);
    font-weight: 600;
  }
  button[aria-busy='true'] {
    cursor: progress;
  }
  .state {
    margin: 0;
    padding: var(--_space);
    color: var(--_fg-muted);
  }
  .state.error {
    color: var(--_danger);
  }
`;
