/**
 * Theme tokens. Global tokens (`--kehu-color-*`, `--kehu-radius`, `--kehu-font`…) are read with
 * fallbacks from one palette, so a page themes every element by setting them on any ancestor;
 * `theme="dark"` on an element switches its fallbacks to the dark palette, and on
 * `<kehu-provider>` sets the dark tokens for everything inside.
 */
import { css, unsafeCSS } from 'lit';

/** Token name (after `--kehu-`) → [private variable, light value, dark value]. Constants only. */
const palette: Record<string, [string, string, string]> = {
  'color-surface': ['bg', '#ffffff', '#0d1117'],
  'color-surface-sunken': ['bg-sunken', '#f6f8fa', '#151b23'],
  'color-text': ['fg', '#1f2328', '#f0f6fc'],
  'color-text-muted': ['fg-muted', '#59636e', '#9198a1'],
  'color-border': ['border', '#d1d9e0', '#3d444d'],
  'color-accent': ['accent', '#0969da', '#4493f8'],
  'color-accent-text': ['accent-fg', '#ffffff', '#0d1117'],
  'color-danger': ['danger', '#cf222e', '#f85149'],
  'color-warning': ['warning', '#9a6700', '#d29922'],
  'color-success': ['success', '#1a7f37', '#3fb950'],
  'color-focus': ['focus', '#0969da', '#4493f8'],
  shadow: ['shadow', '0 1px 2px rgb(31 35 40 / 12%)', '0 1px 2px rgb(1 4 9 / 60%)'],
};

const declarations = (mode: 1 | 2) =>
  Object.entries(palette)
    .map(([token, values]) => `--_${values[0]}: var(--kehu-${token}, ${values[mode]});`)
    .join('\n');

/** The dark palette as global tokens, for a provider to set on everything inside it. */
export const darkTokens = unsafeCSS(
  Object.entries(palette)
    .map(([token, values]) => `--kehu-${token}: ${values[2]};`)
    .join('\n'),
);

export const tokens = css`
  :host {
    ${unsafeCSS(declarations(1))}
    --_radius: var(--kehu-radius, 6px);
    --_space: var(--kehu-space, 8px);
    font-family: var(--kehu-font, system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif);
    font-size: var(--kehu-font-size, 14px);
    color: var(--_fg);
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${unsafeCSS(declarations(2))}
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
