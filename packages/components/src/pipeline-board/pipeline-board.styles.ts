import { css } from 'lit';

/** Height of one card plus the gap below it; the virtualizer places cards on this pitch. */
export const CARD_PITCH = 104;

export const boardStyles = css`
  :host {
    display: block;
    --_column-width: var(--kehu-board-column-width, 272px);
    --_height: var(--kehu-board-height, 640px);
    --_card-height: ${CARD_PITCH - 8}px;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: end;
    margin-block-end: var(--_space);
  }
  .toolbar label {
    display: grid;
    gap: 2px;
    font-size: 0.85em;
    color: var(--_fg-muted);
  }
  .toolbar select,
  .toolbar input {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px 8px;
    min-height: 32px;
  }
  .columns {
    display: flex;
    gap: var(--_space);
    overflow-x: auto;
    align-items: stretch;
  }
  .column {
    flex: 0 0 var(--_column-width);
    display: flex;
    flex-direction: column;
    background: var(--_bg-sunken);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    height: var(--_height);
    min-width: 0;
  }
  .column[data-target] {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  .column-header {
    padding: var(--_space);
    border-bottom: 1px solid var(--_border);
  }
  .column-header h3 {
    margin: 0;
    font-size: 1em;
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
  }
  .figures {
    margin: 4px 0 0;
    font-size: 0.85em;
    color: var(--_fg-muted);
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 6px;
  }
  .figures dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .scroller {
    position: relative;
    overflow-y: auto;
    flex: 1;
    padding: 6px;
  }
  .list {
    position: relative;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .slot {
    position: absolute;
    inset-inline: 0;
    top: 0;
  }
  .card {
    box-sizing: border-box;
    height: var(--_card-height);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    padding: 8px 10px;
    display: grid;
    grid-template-rows: auto auto 1fr;
    gap: 2px;
    cursor: grab;
    user-select: none;
    touch-action: manipulation;
    overflow: hidden;
  }
  .card:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .card[aria-pressed='true'] {
    border-color: var(--_accent);
    box-shadow: 0 0 0 2px var(--_accent);
  }
  .card[data-dragging] {
    opacity: 0.4;
  }
  .card[data-rotting] {
    border-inline-start: 4px solid var(--_warning);
  }
  .title {
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .account,
  .meta {
    color: var(--_fg-muted);
    font-size: 0.85em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .row {
    display: flex;
    justify-content: space-between;
    align-items: end;
    gap: 6px;
    font-size: 0.85em;
  }
  .amount {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    color: var(--_fg);
  }
  .badge {
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 6px;
    font-size: 0.8em;
    color: var(--_fg);
  }
  .badge.rotting {
    border-color: var(--_warning);
    color: var(--_warning);
  }
  .card-error {
    color: var(--_danger);
    font-size: 0.85em;
    display: flex;
    gap: 4px;
    align-items: start;
    overflow: hidden;
  }
  .card-error button,
  .message button {
    font: inherit;
    background: none;
    border: none;
    color: inherit;
    text-decoration: underline;
    cursor: pointer;
    padding: 0;
  }
  .indicator {
    position: absolute;
    inset-inline: 0;
    height: 3px;
    border-radius: 2px;
    background: var(--_accent);
    pointer-events: none;
  }
  .zones {
    display: flex;
    gap: var(--_space);
    margin-block-start: var(--_space);
  }
  .zone {
    flex: 1;
    min-height: 56px;
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    display: grid;
    place-items: center;
    color: var(--_fg-muted);
    padding: 6px;
  }
  .zone[data-outcome='won'][data-target] {
    border-color: var(--_success);
    color: var(--_success);
  }
  .zone[data-outcome='lost'][data-target] {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  .zone .card {
    width: var(--_column-width);
  }
  .preview {
    position: fixed;
    pointer-events: none;
    z-index: 10;
    transform: rotate(2deg);
    opacity: 0.92;
  }
  .state {
    padding: calc(var(--_space) * 2);
    text-align: center;
    color: var(--_fg-muted);
  }
  .state.error,
  .message {
    color: var(--_danger);
  }
  .message {
    display: flex;
    gap: var(--_space);
    align-items: center;
    margin-block-end: var(--_space);
  }
  .empty-column {
    padding: var(--_space);
    text-align: center;
    color: var(--_fg-muted);
    font-size: 0.85em;
  }
  .more {
    text-align: center;
    font-size: 0.85em;
    color: var(--_fg-muted);
    padding: 4px;
  }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    padding: calc(var(--_space) * 2);
    min-width: 280px;
  }
  dialog textarea {
    width: 100%;
    box-sizing: border-box;
    font: inherit;
    min-height: 72px;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  dialog .actions {
    display: flex;
    justify-content: end;
    gap: var(--_space);
    margin-top: var(--_space);
  }
  dialog button {
    font: inherit;
    padding: 4px 12px;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
    cursor: pointer;
  }
  dialog button.primary {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }
`;
