import { css } from 'lit';

/**
 * The card's layout. Colours come only from the theme's private variables (`--_fg`, `--_accent`…,
 * set from the `--kehu-*` tokens), so a page themes the card with the same tokens as every other
 * Kehu element; `--kehu-customer-card-*` tune its own layout.
 */
export const cardStyles = css`
  :host {
    display: block;
    --_section-min: var(--kehu-customer-card-section-min, 260px);
    --_gap: var(--kehu-customer-card-gap, 12px);
  }
  .card,
  .state {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    padding: calc(var(--_space) * 2);
    margin: 0;
  }
  .card {
    display: grid;
    gap: var(--_gap);
  }
  .state.error {
    border-color: var(--_danger);
  }
  .state.error p {
    margin: 0 0 var(--_space);
  }
  h2,
  h3,
  h4 {
    margin: 0;
    line-height: 1.3;
  }
  h2 {
    font-size: 1.3em;
  }
  h3 {
    font-size: 1em;
  }
  h4 {
    font-size: 0.9em;
    margin-block-start: var(--_space);
  }
  p {
    margin: 0;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .muted {
    color: var(--_fg-muted);
  }
  /* Display rules below would otherwise show a collapsed disclosure. */
  [hidden] {
    display: none !important;
  }

  /* Header */
  .header {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    justify-content: space-between;
    align-items: start;
  }
  .identity {
    display: grid;
    gap: 4px;
    min-width: 0;
  }
  .identity h2 {
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    color: var(--_fg-muted);
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .tag,
  .badge {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 999px;
    border: 1px solid var(--_border);
    background: var(--_bg-sunken);
    font-size: 0.85em;
    white-space: nowrap;
  }
  .badge.grade {
    border-color: var(--_accent);
    font-weight: 600;
  }
  .badge.warn {
    border-color: var(--_warning);
    color: var(--_warning);
  }
  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .score {
    display: inline-flex;
    gap: 6px;
    align-items: baseline;
  }
  .reasons {
    flex-basis: 100%;
    display: grid;
    gap: 2px;
    font-size: 0.9em;
  }
  .reasons li {
    display: flex;
    flex-wrap: wrap;
    gap: 0 8px;
    justify-content: space-between;
  }
  .reasons .reason {
    flex-basis: 100%;
    font-size: 0.9em;
  }
  .points {
    font-variant-numeric: tabular-nums;
  }

  /* Buttons and forms */
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg-sunken);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px 12px;
    min-height: 32px;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  button.link {
    background: none;
    border: none;
    padding: 0 2px;
    min-height: 0;
    color: var(--_accent);
    text-decoration: underline;
  }
  button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }
  button[aria-expanded='true']:not(.link) {
    border-color: var(--_accent);
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  .form {
    display: grid;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-sunken);
  }
  .form .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: start;
  }
  .field {
    display: grid;
    gap: 2px;
    flex: 1 1 160px;
  }
  .field.check {
    display: flex;
    gap: 6px;
    align-items: center;
    align-self: end;
    min-height: 32px;
    flex: 0 0 auto;
  }
  .field label {
    font-size: 0.85em;
    color: var(--_fg-muted);
  }
  input:not([type='checkbox']),
  select,
  textarea {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px 8px;
    min-height: 32px;
    box-sizing: border-box;
    width: 100%;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error,
  .form-error {
    color: var(--_danger);
    font-size: 0.85em;
  }
  .form-error::before,
  .field-error::before {
    content: '⚠ ';
  }
  .form-actions {
    display: flex;
    gap: var(--_space);
    justify-content: end;
  }

  /* Sections */
  .sections {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--_section-min)), 1fr));
    gap: var(--_gap);
    align-items: start;
  }
  .section {
    display: grid;
    gap: 6px;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  .section-head {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--_space);
    flex-wrap: wrap;
  }
  .total {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .empty {
    color: var(--_fg-muted);
  }
  .list {
    display: grid;
    gap: 6px;
  }
  .list li {
    display: grid;
    gap: 2px;
    padding-block-end: 6px;
    border-bottom: 1px solid var(--_border);
    overflow-wrap: anywhere;
  }
  .list li:last-child {
    border-bottom: none;
    padding-block-end: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 8px;
    align-items: baseline;
  }
  .title {
    font-weight: 600;
  }
  .stats,
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(120px, 1fr));
    gap: 6px var(--_space);
    margin: 0;
  }
  .stats dt,
  .figures dt {
    font-size: 0.85em;
    color: var(--_fg-muted);
  }
  .stats dd,
  .figures dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .figures dd {
    font-size: 1.1em;
    font-weight: 600;
  }
  [data-overdue] {
    color: var(--_danger);
  }
  .overdue {
    font-weight: 600;
    color: var(--_danger);
    white-space: nowrap;
  }
  .health {
    display: flex;
    gap: var(--_space);
    align-items: baseline;
  }
  .health[data-status='healthy'] .badge {
    border-color: var(--_success);
  }
  .health[data-status='watch'] .badge {
    border-color: var(--_warning);
  }
  .health[data-status='at-risk'] .badge {
    border-color: var(--_danger);
  }

  /* Loyalty */
  .members {
    display: grid;
    gap: var(--_space);
  }
  .member {
    display: grid;
    gap: 4px;
  }
  .tier-line {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: baseline;
  }
  .badge.tier {
    border-color: var(--_accent);
    font-weight: 600;
  }
  .progress-label {
    font-size: 0.85em;
    color: var(--_fg-muted);
  }
  progress {
    width: 100%;
    height: 8px;
    accent-color: var(--_accent);
  }
  .expiring[data-soon] {
    color: var(--_warning);
  }
`;
