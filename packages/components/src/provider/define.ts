import { KehuProviderElement } from './provider.ts';

if (!customElements.get('kehu-provider')) customElements.define('kehu-provider', KehuProviderElement);

declare global {
  interface HTMLElementTagNameMap {
    'kehu-provider': KehuProviderElement;
  }
}
